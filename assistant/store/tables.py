"""Imports every table module so ``Base.metadata`` knows them all (used by Store)."""
# Each concern adds its module here: audit (KPI requests), feedback (answers), progress (quizzes).
from bot import feedback as _bot_feedback  # noqa: F401  (slack_answers, answer_feedback)
from metrics_adapter import audit as _kpi_audit  # noqa: F401  (kpi_audit)
from assistant.quiz import progress as _quiz_progress  # noqa: F401  (training_quizzes, training_answers, training_progress)
