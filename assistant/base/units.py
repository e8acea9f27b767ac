"""Numbers per unit and language: the one place KPI values, targets and changes are formatted.

The KPI answer templates (via metrics_adapter), the terminal and the Slack KPI card all call these
functions, so a unit the core sends is never shown raw ("78.4 percent") on one surface only.

Two styles: ``text`` is the wording of the KPI answer templates (and so of the `copc ask --json`
contract: "340 s (5:40)", "−2.6 pts"); ``compact`` fits a Slack card field ("5:40", "−2.6 pp",
"pp" being the language-neutral abbreviation of percentage points).
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from assistant.base.messages import message

Style = Literal["text", "compact"]


class Unit(str, Enum):
    """Units of the metrics catalog (metrics_adapter/catalog.yaml). A str so JSON and YAML keep the plain word."""

    PERCENT = "percent"
    SECONDS = "seconds"

    def __str__(self) -> str:  # f-strings and templates see "percent", not "Unit.PERCENT"
        return self.value


MISSING = "—"


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def format_value(value: float | None, unit: Unit | str, language: str, style: Style = "text") -> str:
    """78.4% · 340 s (5:40) in text, 5:40 in compact; seconds are shown whole."""
    if value is None:
        return MISSING
    if Unit(unit) is Unit.PERCENT:
        return f"{value:.1f}%"
    seconds = round(value)
    if seconds >= 60:
        return _clock(seconds) if style == "compact" else f"{seconds} s ({_clock(seconds)})"
    return f"{seconds} s"


def format_target(value: float | None, unit: Unit | str, language: str = "en", style: Style = "text") -> str:
    """Targets as configured (80%, 360 s); compact shows minutes as m:ss like the value next to it."""
    if value is None:
        return MISSING
    if Unit(unit) is Unit.PERCENT:
        return f"{value:g}%"
    if style == "compact" and value >= 60 and value == round(value):
        return _clock(round(value))
    return f"{value:g} s"


def shown_change(change: float | None, unit: Unit | str) -> float | None:
    """The change as displayed (0.1 points, whole seconds): signs and better/worse follow this."""
    if change is None:
        return None
    return round(change, 1) if Unit(unit) is Unit.PERCENT else float(round(change))


def format_change(change: float | None, unit: Unit | str, language: str, style: Style = "text") -> str:
    """A change of a percentage is in percentage points: −2.6 pts (text, en), −2.6 pp (es, compact); −3 s."""
    shown = shown_change(change, unit)
    if shown is None:
        return MISSING
    sign = "+" if shown > 0 else "−" if shown < 0 else "±"
    if Unit(unit) is Unit.PERCENT:
        points = message("kpi.points", language) if style == "text" else "pp"
        return f"{sign}{abs(shown):.1f} {points}"
    return f"{sign}{abs(shown):.0f} s"
