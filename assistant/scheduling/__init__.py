"""Exactly-once scheduled work in the shared store: a run ledger keyed by (job, period).

Any feature that runs something on a schedule (KPI digests and alerts today; a weekly gaps report
or retention jobs tomorrow) uses the same three calls, whatever runs it (the scheduler inside
``copc serve``, a cron job / Kubernetes CronJob running a CLI command, several replicas at once):

    from assistant.scheduling import Ledger, Schedule

    ledger = Ledger(store, owner="pod-a")                 # owner: who claims (host:pid by default)
    sched = Schedule(cadence="weekly", at="08:00", timezone="America/Mexico_City", weekday=0)
    due = sched.due(now_utc)                              # -> Due(period="2026-W49", due_at, late) | None
    run = ledger.claim("digest:42", due.period, late=due.late)   # -> Run | None
    if run is not None:                                   # None: another process has it (or had it)
        ...                                               # do the work once
        ledger.note(run, stage="posting")                 # optional checkpoints (read back after a crash)
        ledger.finish(run, "done", detail="3 metrics")    # or ledger.retry_later(run, at, detail)

Guarantees:
  * ``claim`` inserts a row under a UNIQUE (job, period) constraint: of any number of callers, on
    any number of hosts, exactly one gets the run. The others get None.
  * A claim is a lease (``lease_seconds``). A process that dies mid-run (restart, OOM, SIGKILL)
    leaves a row in "running" whose lease expires; the next ``claim`` takes it over with a
    conditional UPDATE (again exactly one winner), ``attempt`` + 1, and sees ``run.stage`` — the
    last checkpoint — so the job can check whether its side effect already happened (e.g. look
    for the message it posts by its metadata key) instead of repeating it.
  * ``retry_later`` hands the period back for another attempt after a time (a source down); a
    ``claim`` before then returns None. ``finish`` is final: the period never runs again.
  * ``Schedule.due`` gives only the most recent period whose time has come: a bot that was down
    for three days catches up once (``late=True`` when more than ``grace`` after its time), never
    three times.

Tables: ``scheduled_runs`` (this module's, registered on the shared ``Base``).
"""

from assistant.scheduling.ledger import Ledger, Run, ScheduledRun
from assistant.scheduling.periods import Due, Schedule

__all__ = ["Due", "Ledger", "Run", "Schedule", "ScheduledRun"]
