"""When a daily or weekly job is due, in local time, and which period key it runs for."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Literal

Cadence = Literal["daily", "weekly", "monthly"]
_AT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Due:
    period: str  # "2026-12-02" (daily) or "2026-W49" (weekly, ISO week)
    due_at: dt.datetime  # UTC
    late: bool  # caught up after a gap (more than ``grace`` after its time)


@dataclass(frozen=True)
class Schedule:
    cadence: Cadence
    at: str = "08:00"  # local wall-clock time
    timezone: str = "UTC"
    weekday: int = 0  # weekly: 0 = Monday

    def __post_init__(self) -> None:
        if self.cadence not in ("daily", "weekly", "monthly"):
            raise ValueError(f"cadence must be daily, weekly or monthly, not {self.cadence!r}")
        if not _AT.match(self.at):
            raise ValueError(f"time must be HH:MM (24 h), not {self.at!r}")
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        zoneinfo.ZoneInfo(self.timezone)  # raises on an unknown zone

    def due(self, now: dt.datetime, *, grace: dt.timedelta = dt.timedelta(minutes=15),
            not_before: dt.datetime | None = None) -> Due | None:
        """The most recent period whose time is at or before ``now`` (UTC, aware); None when that
        time is before ``not_before`` (a subscription made after today's time waits for the next)."""
        tz = zoneinfo.ZoneInfo(self.timezone)
        local = now.astimezone(tz)
        hour, minute = (int(x) for x in self.at.split(":"))
        day = local.date()
        if self.cadence == "weekly":
            day -= dt.timedelta(days=(day.weekday() - self.weekday) % 7)
        elif self.cadence == "monthly":  # the first day of the month
            day = day.replace(day=1)
        step = dt.timedelta(days=7 if self.cadence == "weekly" else 1)
        while True:
            # Wall-clock time in the zone (a DST gap/overlap shifts it by the zone's rule, once).
            at = dt.datetime.combine(day, dt.time(hour, minute), tz).astimezone(dt.timezone.utc)
            if at <= now:
                break
            day = (day - dt.timedelta(days=1)).replace(day=1) if self.cadence == "monthly" else day - step
        if not_before is not None and at < not_before:
            return None
        if self.cadence == "weekly":
            iso = day.isocalendar()
            period = f"{iso.year}-W{iso.week:02d}"
        elif self.cadence == "monthly":
            period = f"{day.year}-{day.month:02d}"
        else:
            period = day.isoformat()
        return Due(period, at, now - at > grace)
