"""Who is asking: explicit identity that fails closed.

Every request into the core names its caller. There is no "no user" that means "everyone": the
terminal operator, a Slack user and a service account (scheduled digests) are different kinds,
and a surface that cannot name its user refuses before it reaches the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class CallerKind(str, Enum):
    LOCAL_OPERATOR = "local_operator"  # the person at the terminal running `copc` (full access)
    SLACK_USER = "slack_user"          # a Slack user id; rights come from the people directory
    SERVICE = "service"                # a job (digest, alert); rights of the person it acts for, else none


class MissingIdentity(ValueError):
    """A surface tried to build a caller without an id (a Slack payload with no user)."""


@dataclass(frozen=True)
class Caller:
    kind: CallerKind
    id: str
    on_behalf_of: str | None = None  # SERVICE only: the Slack user whose rights apply

    @classmethod
    def local_operator(cls) -> "Caller":
        return cls(CallerKind.LOCAL_OPERATOR, "local-operator")

    @classmethod
    def slack_user(cls, user_id: str | None) -> "Caller":
        user_id = (user_id or "").strip()
        if not user_id:
            raise MissingIdentity("a Slack request without a user id")
        return cls(CallerKind.SLACK_USER, user_id)

    @classmethod
    def service(cls, name: str, *, on_behalf_of: str | None = None) -> "Caller":
        return cls(CallerKind.SERVICE, f"service:{name}", on_behalf_of)

    @property
    def is_operator(self) -> bool:
        return self.kind is CallerKind.LOCAL_OPERATOR

    @property
    def person_id(self) -> str | None:
        """The Slack user whose directory entry decides what this caller may see (None: nobody)."""
        if self.kind is CallerKind.SLACK_USER:
            return self.id
        if self.kind is CallerKind.SERVICE:
            return self.on_behalf_of
        return None

    @property
    def label(self) -> str:
        """For audit rows and progress records."""
        return self.id if self.kind is not CallerKind.SERVICE or not self.on_behalf_of else f"{self.id}>{self.on_behalf_of}"


def cli_caller(user_id: str | None) -> Caller:
    """The CLI's ``--user U...``: that Slack user's rights; without it, the local operator."""
    return Caller.slack_user(user_id) if user_id else Caller.local_operator()
