"""Compose answer text from Jinja2 templates in ``prompts/`` (one per answer kind and language).

No LLM and no network: the wording lives in templates that content people can edit; this module
only loads them, with StrictUndefined so a template that uses a missing value fails in tests
rather than printing a blank to a user.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2


class TemplateError(Exception):
    """A template is missing or broken; the message names it."""


@lru_cache(maxsize=4)
def _environment(prompts_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # plain text for terminals and Slack, not HTML
    )
    return env


def render(prompts_dir: Path, kind: str, language: str, /, **context: Any) -> str:
    name = f"{kind}.{language}.j2"
    try:
        template = _environment(str(prompts_dir)).get_template(name)
        text = template.render(**context)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"Answer template '{name}' not found in {prompts_dir}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Answer template '{name}' failed: {exc}") from None
    # Templates are written for readability; collapse the blank lines they leave behind.
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out)
