"""Errors of the metrics adapter. Messages are written for operators and users, never tracebacks."""

from __future__ import annotations

from assistant.base.config_files import ConfigFileError


class MetricsConfigError(ConfigFileError):
    """The catalog or sources file (or a metrics setting) is invalid; the message names file,
    line and field."""

    heading = "Metrics configuration is invalid"


class SourceUnavailable(Exception):
    """A metrics source failed, timed out or answered something unusable.

    ``reason`` is for logs (never contains secrets); users only ever see "source unavailable".
    """

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"metrics source '{source}' unavailable: {reason}")


class WindowError(ValueError):
    """A time window could not be understood; the message is safe to show."""


class AuditUnavailable(Exception):
    """The request could not be written to the audit log in time, so its result is withheld."""
