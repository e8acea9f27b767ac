"""What people and channels follow: rows in kpi_subscriptions plus governed channel digests (config/digests.yaml)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, DateTime, Float, Integer, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, mapped_column

from assistant.base.config_files import ConfigFileError, load_model
from assistant.base.store import Base, Store

SLACK_ID = r"^[UWCGD][A-Z0-9]{2,30}$"


class SubscriptionRow(Base):
    __tablename__ = "kpi_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # digest | alert
    owner: Mapped[str] = mapped_column(String(64), index=True)  # Slack user whose rights apply
    target: Mapped[str] = mapped_column(String(64))  # channel id, or the owner's user id for a DM
    metrics: Mapped[str] = mapped_column(String(400))  # comma-separated catalog ids
    teams: Mapped[str] = mapped_column(String(400))  # comma-separated team ids
    cadence: Mapped[str] = mapped_column(String(10))  # daily | weekly
    at: Mapped[str] = mapped_column(String(5))  # HH:MM local
    weekday: Mapped[int] = mapped_column(Integer, default=0)
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2))
    chart: Mapped[bool] = mapped_column(Boolean, default=False)
    rule: Mapped[str | None] = mapped_column(String(20))  # alerts: missed_days | change | above | below
    rule_value: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    disabled_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class WatchState(Base):
    """Last known state per (subscription, metric, team): alert firing, missed-target streak.
    ``period``/``before`` make an update idempotent: re-applying the same period starts from ``before``."""

    __tablename__ = "kpi_watch_states"
    __table_args__ = (UniqueConstraint("key", "metric", "team", name="uq_kpi_watch_states"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(80))
    metric: Mapped[str] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(Integer, default=0)  # alerts: 1 firing / 0 not; digests: streak
    before: Mapped[int] = mapped_column(Integer, default=0)  # value before ``period`` was applied
    status: Mapped[str] = mapped_column(String(16), default="")  # digests: met | missed at ``period``
    status_before: Mapped[str] = mapped_column(String(16), default="")


@dataclass(frozen=True)
class Follow:
    """One subscription, wherever it was defined."""

    key: str  # "sub:42" (Slack) or "file:C0OPS:ab12cd34" (governed file): the ledger job name
    kind: Literal["digest", "alert"]
    owner: str
    target: str
    metrics: tuple[str, ...]
    teams: tuple[str, ...]
    cadence: Literal["daily", "weekly"]
    at: str
    weekday: int
    timezone: str
    language: str
    chart: bool = False
    rule: str | None = None
    rule_value: float | None = None
    created_at: dt.datetime | None = None
    row_id: int | None = None  # None for governed-file digests

    @property
    def is_channel(self) -> bool:
        return not self.target.startswith(("U", "W"))


def _follow(row: SubscriptionRow) -> Follow:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.timezone.utc)
    return Follow(f"sub:{row.id}", row.kind, row.owner, row.target, tuple(row.metrics.split(",")),  # type: ignore[arg-type]
                  tuple(row.teams.split(",")), row.cadence, row.at, row.weekday, row.timezone,  # type: ignore[arg-type]
                  row.language, row.chart, row.rule, row.rule_value, created, row.id)


class Subscriptions:
    def __init__(self, store: Store):
        self.store = store

    def add(self, **fields) -> Follow:
        fields.setdefault("created_at", dt.datetime.now(dt.timezone.utc))
        fields["metrics"] = ",".join(fields["metrics"])
        fields["teams"] = ",".join(fields["teams"])
        with self.store.session() as s:
            row = SubscriptionRow(**fields)
            s.add(row)
            s.flush()
            return _follow(row)

    def active(self) -> list[Follow]:
        with self.store.session() as s:
            rows = s.execute(select(SubscriptionRow).where(SubscriptionRow.active.is_(True))
                             .order_by(SubscriptionRow.id)).scalars()
            return [_follow(r) for r in rows]

    def of_owner(self, owner: str) -> list[Follow]:
        return [f for f in self.active() if f.owner == owner]

    def disable(self, row_id: int, reason: str) -> bool:
        with self.store.session() as s:
            result = s.execute(update(SubscriptionRow).where(SubscriptionRow.id == row_id,
                                                             SubscriptionRow.active.is_(True))
                               .values(active=False, disabled_reason=reason[:200]))
            return result.rowcount == 1


# ---- governed channel digests ---------------------------------------------------------------------
class _FileDigest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: str = Field(pattern=SLACK_ID)
    owner: str = Field(pattern=SLACK_ID)  # whose rights the digest uses (must see its teams)
    metrics: list[str] = Field(min_length=1)
    teams: list[str] = Field(min_length=1)
    cadence: Literal["daily", "weekly"] = "daily"
    at: str = Field(default="08:00", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
    weekday: int = Field(default=0, ge=0, le=6)
    language: Literal["en", "es"] = "en"
    chart: bool = False


class DigestsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    digests: list[_FileDigest] = Field(default_factory=list)


def load_file_digests(path: Path | None, timezone: str) -> list[Follow]:
    """Channel digests from the governed file (none when the file is absent). Errors name file and line."""
    if path is None or not Path(path).is_file():
        return []
    model, _doc = load_model(Path(path), DigestsFile, ConfigFileError)
    out = []
    for d in model.digests:
        sig = hashlib.sha1(f"{d.channel}|{d.metrics}|{d.teams}|{d.cadence}|{d.at}|{d.weekday}".encode()).hexdigest()[:10]
        out.append(Follow(f"file:{d.channel}:{sig}", "digest", d.owner, d.channel, tuple(d.metrics), tuple(d.teams),
                          d.cadence, d.at, d.weekday, timezone, d.language, d.chart))
    return out
