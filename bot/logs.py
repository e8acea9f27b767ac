"""Logging for the bot: one format, and secrets masked wherever they might appear."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")


class RedactSecrets(logging.Filter):
    """Masks Slack tokens (any xox*/xapp- string) and the configured secrets in log records."""

    def __init__(self, secrets: list[str | None]):
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return _TOKEN.sub(lambda m: f"{m.group(1)}-***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._clean(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True


def configure_logging(level: str, secrets: list[str | None]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
