"""The run ledger: one row per (job, period), claimed under a unique constraint (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Integer, String, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.base.store import Base, Store

RUNNING, DONE, RETRY, FAILED, SKIPPED = "running", "done", "retry", "failed", "skipped"


class ScheduledRun(Base):
    __tablename__ = "scheduled_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_scheduled_runs_job_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job: Mapped[str] = mapped_column(String(200), index=True)
    period: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)  # running | done | retry | failed | skipped
    owner: Mapped[str] = mapped_column(String(128))
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str] = mapped_column(String(64), default="")  # last checkpoint the job wrote
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    retry_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str] = mapped_column(String(500), default="")


@dataclass(frozen=True)
class Run:
    """A claimed (job, period): only its holder may note, finish or hand it back."""

    id: int
    job: str
    period: str
    attempt: int
    late: bool
    stage: str  # "" on a first attempt; the previous holder's last checkpoint on a takeover
    owner: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes even for timezone=True columns; they were written in UTC.
    return t if t is None or t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


class Ledger:
    def __init__(self, store: Store, *, owner: str | None = None, lease_seconds: float = 600.0):
        self.store = store
        self.owner = (owner or f"{socket.gethostname()}:{os.getpid()}")[:128]
        self.lease = dt.timedelta(seconds=lease_seconds)

    def claim(self, job: str, period: str, *, late: bool = False, now: dt.datetime | None = None) -> Run | None:
        now = now or _now()
        try:
            with self.store.session() as s:
                row = ScheduledRun(job=job[:200], period=period[:64], status=RUNNING, owner=self.owner, attempt=1,
                                   late=late, stage="", claimed_at=now, lease_until=now + self.lease, detail="")
                s.add(row)
                s.flush()
                return Run(row.id, job, period, 1, late, "", self.owner)
        except IntegrityError:
            pass  # the row exists: someone has it, had it, or left it to be retried/taken over
        return self._take_over(job, period, now)

    def _take_over(self, job: str, period: str, now: dt.datetime) -> Run | None:
        with self.store.session() as s:
            row = s.execute(select(ScheduledRun).where(ScheduledRun.job == job[:200],
                                                       ScheduledRun.period == period[:64])).scalar_one_or_none()
            if row is None:
                return None
            lease, retry_at = _aware(row.lease_until), _aware(row.retry_at)
            stale = row.status == RUNNING and lease is not None and lease < now
            retry_due = row.status == RETRY and (retry_at is None or retry_at <= now)
            if not (stale or retry_due):
                return None
            # Conditional update on the values just read: of several takers, exactly one matches.
            # (Values are copied first: the ORM refreshes ``row`` from the UPDATE.)
            row_id, status, attempt, late, stage = row.id, row.status, row.attempt, row.late, row.stage or ""
            result = s.execute(
                update(ScheduledRun)
                .where(ScheduledRun.id == row_id, ScheduledRun.status == status, ScheduledRun.attempt == attempt)
                .values(status=RUNNING, owner=self.owner, attempt=attempt + 1, claimed_at=now,
                        lease_until=now + self.lease, retry_at=None)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                return None
            return Run(row_id, job, period, attempt + 1, late, stage, self.owner)

    def note(self, run: Run, *, stage: str) -> None:
        """Write a checkpoint (read back as ``Run.stage`` by whoever takes over after a crash)."""
        self._update(run, stage=stage[:64])

    def finish(self, run: Run, status: str = DONE, *, detail: str = "") -> None:
        if status not in (DONE, FAILED, SKIPPED):
            raise ValueError(f"finish status must be done, failed or skipped, not {status!r}")
        self._update(run, status=status, finished_at=_now(), detail=detail[:500])

    def retry_later(self, run: Run, at: dt.datetime, *, detail: str = "") -> None:
        self._update(run, status=RETRY, retry_at=at, detail=detail[:500])

    def _update(self, run: Run, **values) -> None:
        with self.store.session() as s:
            s.execute(update(ScheduledRun).where(ScheduledRun.id == run.id, ScheduledRun.owner == run.owner,
                                                 ScheduledRun.attempt == run.attempt).values(**values))

    def get(self, job: str, period: str) -> ScheduledRun | None:
        with self.store.session() as s:
            return s.execute(select(ScheduledRun).where(ScheduledRun.job == job[:200],
                                                        ScheduledRun.period == period[:64])).scalar_one_or_none()

    def runs(self, job_prefix: str = "") -> list[ScheduledRun]:
        with self.store.session() as s:
            q = select(ScheduledRun).order_by(ScheduledRun.id)
            if job_prefix:
                q = q.where(ScheduledRun.job.startswith(job_prefix))
            return list(s.execute(q).scalars())
