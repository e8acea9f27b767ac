"""The answering core: one entry point for every surface (CLI, Slack). Knows nothing of Slack."""

from __future__ import annotations

from .answer import Answer
from .config import Settings, get_settings


class Assistant:
    """Routes a question to knowledge, KPI, refresher or help answers.

    Heavy resources (embedding model, vector index) load lazily once per process and are reused
    for every question; KPI questions never load the embedding model.
    """

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()

    def warm_up(self) -> None:
        """Load the model and open the index now (servers call this at start)."""
        raise NotImplementedError

    def answer(
        self,
        question: str,
        *,
        release: str | None = None,
        language: str | None = None,
        user: str | None = None,
        history: list[str] | None = None,
        allow_kpi: bool = True,
    ) -> Answer:
        """Answer one question.

        release: release id or phrase to answer item lookups for (default: settings.default_release)
        language: force "en"/"es" (default: detected from the question)
        user: Slack user id; None = local operator with full KPI access
        history: earlier user turns of the same thread, oldest first, for follow-ups
        allow_kpi: False where KPI questions are not allowed (per-channel config)
        """
        raise NotImplementedError
