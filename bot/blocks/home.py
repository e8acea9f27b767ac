"""The App Home tab: what to ask, in English and Spanish."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from assistant.base.messages import LANGUAGES, message

def _section_for(language: str) -> list[Any]:
    def text(key: str) -> str:
        return message(f"bot.home.{key}", language)

    return [
        HeaderBlock(text=text("header")),
        SectionBlock(text=MarkdownTextObject(text=text("intro"))),
        SectionBlock(text=MarkdownTextObject(text=text("how"))),
        SectionBlock(text=MarkdownTextObject(text=text("examples"))),
        ContextBlock(elements=[MarkdownTextObject(text=text("trust"))]),
    ]


def home_view(language: str | None) -> dict[str, Any]:
    """The home view; both languages (the user's first) when ``language`` is known, else EN then ES."""
    first = language if language in LANGUAGES else "en"
    second = "es" if first == "en" else "en"
    blocks = [*_section_for(first), DividerBlock(), *_section_for(second)]
    return View(type="home", blocks=blocks).to_dict()
