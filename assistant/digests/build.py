"""One digest's text: each followed metric's value, target, status and change, then what stands out
(the largest move, targets newly missed, missed-target streaks)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.base.answers import KpiAnswer, MetricResult
from assistant.base.messages import message
from assistant.base.units import format_change, format_target, format_value, shown_change

ICONS = {"met": ":large_green_circle:", "missed": ":red_circle:", "no_target": ":white_circle:"}
_STATUS = {"met": "digest.status_met", "missed": "digest.status_missed", "no_target": "digest.status_no_target",
           "no_data": "digest.status_no_data"}
STREAK_MIN = 3  # a streak worth mentioning


@dataclass
class DigestText:
    text: str
    lines: list[str] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)


def _previous_status(m: MetricResult, direction: str) -> str | None:
    if m.previous is None or m.target is None:
        return None
    return "met" if (m.previous >= m.target if direction == "higher" else m.previous <= m.target) else "missed"


def build_digest(answer: KpiAnswer, *, title: str, language: str, team_names: dict[str, str],
                 directions: dict[str, str], streaks: dict[tuple[str, str], int],
                 notes: list[str] = (), weekly: bool = False) -> DigestText:
    """``streaks``: (metric, team) -> consecutive periods missed, this one included."""
    lines = []
    for m in answer.metrics:
        team = team_names.get(m.team, m.team)
        lines.append(message(
            "digest.line", language, icon=ICONS.get(m.status, ":white_circle:"), metric=m.name, team=team,
            value=format_value(m.value, m.unit, language, "compact"),
            target=format_target(m.target, m.unit, language, "compact"),
            status=message(_STATUS[m.status], language) if m.status in _STATUS else m.status,
            change=format_change(m.change, m.unit, language, "compact"),
        ))
    highlights = []
    moves = [m for m in answer.metrics if shown_change(m.change, m.unit)]
    if moves:
        # Relative to the previous value, so 5 points of service level and 20 s of AHT compare fairly.
        big = max(moves, key=lambda m: abs(m.change or 0) / max(abs(m.previous or 0), 1e-9))
        better = (big.change or 0) > 0 if directions.get(big.metric) == "higher" else (big.change or 0) < 0
        highlights.append(message("digest.biggest_move", language, metric=big.name, team=team_names.get(big.team, big.team),
                                  change=format_change(big.change, big.unit, language, "compact"),
                                  direction=message("digest.better" if better else "digest.worse", language)))
    for m in answer.metrics:
        if m.status == "missed" and _previous_status(m, directions.get(m.metric, "higher")) == "met":
            highlights.append(message("digest.newly_missed", language, metric=m.name, team=team_names.get(m.team, m.team)))
    for m in answer.metrics:
        n = streaks.get((m.metric, m.team), 0)
        if n >= STREAK_MIN:
            highlights.append(message("digest.streak_weekly" if weekly else "digest.streak", language, metric=m.name, team=team_names.get(m.team, m.team), n=n))
    parts = [f"*{title}*", *notes, *lines, "", message("digest.stands_out", language)]
    parts += [f"• {h}" for h in highlights] or [message("digest.nothing", language)]
    return DigestText("\n".join(p for p in parts if p is not None), lines, highlights)
