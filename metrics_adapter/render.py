"""Answer text from the Jinja2 templates prompts/kpi.en.j2 and prompts/kpi.es.j2.

All user-facing wording (results, refusals, "source unavailable", questions back) lives in the
templates; this module only prepares display values (numbers formatted per unit and language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.base.messages import message
from assistant.base.templates import TemplateError, render


class KpiTemplateError(Exception):
    pass


def render_kpi(prompts_dir: Path, language: str, /, **context: Any) -> str:
    # Same loader, strictness and blank-line clean-up as every other answer template.
    try:
        return render(prompts_dir, "kpi", language, **context)
    except TemplateError as exc:
        raise KpiTemplateError(str(exc)) from None


def fmt_value(value: float | None, unit: str, language: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.1f}%"
    seconds = round(value)
    if seconds >= 60:
        return f"{seconds} s ({seconds // 60}:{seconds % 60:02d})"
    return f"{seconds} s"


def fmt_target(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:g} s"


def shown_change(change: float | None, unit: str) -> float | None:
    """The change as displayed (0.1 points, whole seconds): signs and better/worse follow this."""
    if change is None:
        return None
    return round(change, 1) if unit == "percent" else float(round(change))


def fmt_change(change: float | None, unit: str, language: str) -> str:
    shown = shown_change(change, unit)
    if shown is None:
        return "—"
    sign = "+" if shown > 0 else "−" if shown < 0 else "±"
    if unit == "percent":
        return f"{sign}{abs(shown):.1f} {message('kpi.points', language)}"
    return f"{sign}{abs(shown):.0f} s"
