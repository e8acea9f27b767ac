"""Errors of the metrics adapter. Messages are written for operators and users, never tracebacks."""

from __future__ import annotations


class MetricsConfigError(Exception):
    """The catalog, directory or sources file is invalid; the message names file, line and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Metrics configuration is invalid:\n  " + "\n  ".join(problems))


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
