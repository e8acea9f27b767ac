"""Answer text from the Jinja2 templates prompts/kpi.en.j2 and prompts/kpi.es.j2.

All user-facing wording (results, refusals, "source unavailable", questions back) lives in the
templates; this module only prepares display values (numbers formatted per unit and language).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2


class KpiTemplateError(Exception):
    pass


@lru_cache(maxsize=4)
def _env(prompts_dir: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir),
        undefined=jinja2.StrictUndefined,  # a template using a missing value fails in tests, not in Slack
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # plain text for terminals and Slack mrkdwn
    )


def render_kpi(prompts_dir: Path, language: str, **context: Any) -> str:
    name = f"kpi.{language}.j2"
    try:
        text = _env(str(prompts_dir)).get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise KpiTemplateError(f"KPI answer template '{name}' not found in {prompts_dir}") from None
    except jinja2.TemplateError as exc:
        raise KpiTemplateError(f"KPI answer template '{name}' failed: {exc}") from None
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out)


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


def fmt_change(change: float | None, unit: str, language: str) -> str:
    if change is None:
        return "—"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if unit == "percent":
        return f"{sign}{abs(change):.1f} {'pts' if language == 'en' else 'pp'}"
    return f"{sign}{abs(round(change))} s"
