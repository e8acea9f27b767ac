"""Audit log of KPI requests (who, what, window, allowed or denied, when) in the shared store."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.base.store import Base, Store

log = logging.getLogger(__name__)


class KpiAuditEntry(Base):
    __tablename__ = "kpi_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    user_id: Mapped[str] = mapped_column(String(64), index=True)  # Slack id or "local-operator"
    role: Mapped[str | None] = mapped_column(String(20))  # None = not in the directory
    surface: Mapped[str] = mapped_column(String(20))  # ask | cli
    kind: Mapped[str] = mapped_column(String(20))  # metric | overview | compare | teams
    metrics: Mapped[str] = mapped_column(String(400))  # comma-separated catalog ids
    teams: Mapped[str] = mapped_column(String(400))  # resolved team ids (or "?" when none matched)
    agent_id: Mapped[str | None] = mapped_column(String(64))
    window_start: Mapped[dt.date | None] = mapped_column(Date)
    window_end: Mapped[dt.date | None] = mapped_column(Date)
    timezone: Mapped[str | None] = mapped_column(String(64))
    allowed: Mapped[bool] = mapped_column(Boolean, index=True)
    # ok | denied | unknown_user | unavailable | no_data | unclear
    outcome: Mapped[str] = mapped_column(String(20))
    question: Mapped[str | None] = mapped_column(String(500))


def write_audit(store: Store, **fields) -> int | None:
    """Record one request within the store's deadline; the new row's id, or None when it could not
    be written (logged without secrets). Callers decide what a missing row means: KpiService
    withholds numbers that were not audited."""
    fields.setdefault("at", dt.datetime.now(dt.timezone.utc))
    if fields.get("question"):
        fields["question"] = fields["question"][:500]

    def add(session) -> int:
        row = KpiAuditEntry(**fields)
        session.add(row)
        session.flush()
        return row.id

    try:
        return store.run(add)
    except Exception as exc:  # noqa: BLE001 - store down, unresponsive or rejecting: the caller decides
        log.error("could not write KPI audit row (%s): %s", type(exc).__name__, str(exc).splitlines()[0][:200])
        return None
