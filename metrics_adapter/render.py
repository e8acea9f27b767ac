"""Answer text from the Jinja2 templates prompts/kpi.en.j2 and prompts/kpi.es.j2.

All user-facing wording (results, refusals, "source unavailable", questions back) lives in the
templates; numbers are formatted per unit and language by assistant.base.units, shared with
the CLI and the Slack KPI card.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.base.templates import TemplateError, render

from metrics_adapter.windows import Window


class KpiTemplateError(Exception):
    pass


def render_kpi(prompts_dir: Path, language: str, /, **context: Any) -> str:
    # Same loader, strictness and blank-line clean-up as every other answer template.
    try:
        return render(prompts_dir, "kpi", language, **context)
    except TemplateError as exc:
        raise KpiTemplateError(str(exc)) from None


def window_ctx(w: Window) -> dict[str, Any]:
    return {"key": w.key, "start": w.start.isoformat(), "end": w.end.isoformat(), "timezone": w.timezone,
            "partial": w.partial, "days": w.days, "single_day": w.start == w.end,
            "compared": w.compare_to is not None}
