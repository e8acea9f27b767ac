"""Every feature's table module, imported so ``Base.metadata`` knows them all before a store is
first used (the composition layer is the one place that knows every feature)."""

from assistant.feedback import records as _feedback_records  # noqa: F401  (slack_answers, answer_feedback)
from assistant.training import progress as _training_progress  # noqa: F401  (training_quizzes, training_answers, training_progress)
from metrics_adapter import audit as _kpi_audit  # noqa: F401  (kpi_audit)
from assistant.digests import subscriptions as _digest_subscriptions  # noqa: F401,E402  (kpi_subscriptions, kpi_watch_states)
from assistant.scheduling import ledger as _scheduling_ledger  # noqa: F401,E402  (scheduled_runs)
