"""Answer messages: the answer text, sources, KPI cards, quiz blocks and feedback buttons."""

from __future__ import annotations

import importlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from assistant.base import units
from assistant.base.answers import Answer, Citation, KnowledgeAnswer, KpiAnswer, MetricResult, NoAnswer, RefresherAnswer

from bot import formatting
from assistant.base.messages import message

log = logging.getLogger(__name__)

MAX_BLOCKS = 50
# Slack rejects a message whose blocks add up to roughly 13k characters (msg_blocks_too_long):
# the serialised blocks stay under this budget, the answer text under a share of it so that
# sources, cards and buttons still fit.
MAX_BLOCKS_JSON = 12_000
MAX_ANSWER_CHARS = 9_000
# The message `text` is only the notification / accessibility fallback when blocks are present.
FALLBACK_CHARS = 3_000
CONTEXT_ELEMENTS = 10  # Slack's limit per context block
FIELD_CHARS = 2_000

FEEDBACK_BLOCK_ID = "copc_feedback"
FEEDBACK_ACTION_UP = "copc_feedback_up"
FEEDBACK_ACTION_DOWN = "copc_feedback_down"
ESCALATE_ACTION = "copc_escalate"
SHOW_TREND_ACTION = "copc_show_trend"


@dataclass
class SlackMessage:
    """What chat.postMessage / chat.postEphemeral / response_url receive."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _context(texts: Iterable[str]) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=x) for x in texts])


def citation_line(c: Citation, language: str) -> str:
    """``[1] *2.3* · CSP 5.1 · Title — confirmed`` (item/release omitted when the entry has none)."""
    parts = [f"*{formatting.escape(c.item)}*" if c.item else None, c.release, formatting.escape(c.title)]
    label = " · ".join(p for p in parts if p)
    confidence = message(f"confidence.{c.confidence}", language) if c.confidence in ("quoted", "confirmed", "partly_confirmed", "inferred") else c.confidence
    if c.url and c.document:  # a passage of the organisation's own documents: link to its page
        label = f"{label} · <{c.url}|{formatting.escape(c.source)}>"
    return formatting.truncate(f"[{c.n}] {label} — _{confidence}_", FIELD_CHARS)


def sources_block(citations: list[Citation], language: str) -> list[ContextBlock]:
    """The sources list as context blocks (10 elements each; the first is the heading)."""
    lines = [citation_line(c, language) for c in citations]
    blocks: list[ContextBlock] = []
    heading = f"*{message('bot.sources', language)}*"
    chunk: list[str] = [heading]
    for line in lines:
        if len(chunk) == CONTEXT_ELEMENTS:
            blocks.append(_context(chunk))
            chunk = []
        chunk.append(line)
    blocks.append(_context(chunk))
    return blocks


def kpi_card(metric: MetricResult, language: str) -> SectionBlock:
    """One metric as a section: name and team, window, then value / target / status / change.

    Numbers go through assistant.base.units (compact style), the formatter the KPI answer text
    and the terminal use, so the card shows 78.4%, −2.6 pp and 5:40, never the raw unit name.
    """
    unit, w = metric.unit, metric.window
    title = " · ".join(x for x in (metric.name or metric.metric, metric.team) if x)
    when = f"{w.start} – {w.end} ({w.timezone})"
    if w.partial:
        when += f", {message('bot.partial', language)}"
    change = units.format_change(metric.change, unit, language, "compact")
    if metric.previous is not None:
        change += f" ({message('bot.previous', language)} {units.format_value(metric.previous, unit, language, 'compact')})"
    fields = [
        f"*{message('bot.value', language)}*\n{units.format_value(metric.value, unit, language, 'compact')}",
        f"*{message('bot.target', language)}*\n{units.format_target(metric.target, unit, language, 'compact')}",
        f"*{message('bot.status', language)}*\n{message(f'bot.{metric.status}', language) if metric.status in ('met', 'missed', 'no_target') else metric.status}",
        f"*{message('bot.change', language)}*\n{change}",
    ]
    text = f"*{formatting.escape(title)}*\n_{formatting.escape(when)}_"
    return SectionBlock(
        text=MarkdownTextObject(text=formatting.truncate(text, formatting.SECTION_TEXT_LIMIT)),
        fields=[MarkdownTextObject(text=formatting.truncate(f, FIELD_CHARS)) for f in fields],
        accessory=None if metric.agent else ButtonElement(
            text=PlainTextObject(text=f":chart_with_upwards_trend: {message('chart.show_trend', language)}", emoji=True),
            action_id=SHOW_TREND_ACTION,
            # Ids only: the click is answered with the clicker's own rights, checked again then.
            value=json.dumps({"m": metric.metric, "t": metric.team, "l": language}, separators=(",", ":")),
        ),  # individual numbers have no trend yet: no button rather than a team chart under an agent's card
    )


def feedback_block(answer_ref: str, language: str, *, escalate: bool = False) -> ActionsBlock:
    """👍/👎 buttons (and "Still need help?" when the channel names who helps); the value is the
    reference of the stored answer the click is about."""
    extra = [ButtonElement(
        text=PlainTextObject(text=f":raising_hand: {message('feedback.still_need_help', language)}", emoji=True),
        action_id=ESCALATE_ACTION, value=answer_ref,
    )] if escalate else []
    return ActionsBlock(
        block_id=FEEDBACK_BLOCK_ID,
        elements=[
            ButtonElement(
                text=PlainTextObject(text=f":+1: {message('bot.thumbs_up', language)}", emoji=True),
                action_id=FEEDBACK_ACTION_UP,
                value=answer_ref,
            ),
            ButtonElement(
                text=PlainTextObject(text=f":-1: {message('bot.thumbs_down', language)}", emoji=True),
                action_id=FEEDBACK_ACTION_DOWN,
                value=answer_ref,
            ),
            *extra,
        ],
    )


def _nearest_lines(answer: Answer) -> list[str]:
    """The "did you mean" topics of a refusal (labels such as "Forecasting (item 2.3, CSP 5.1)")."""
    if not isinstance(answer, NoAnswer):
        return []
    return [formatting.escape(label) for label in answer.nearest if label]


def _size(blocks: list[dict[str, Any]]) -> int:
    return len(json.dumps(blocks, ensure_ascii=False))


def _quiz_renderer() -> Callable[[RefresherAnswer], list[Any]] | None:
    """Quiz blocks are written by the training part (bot/blocks/quiz.py); optional here."""
    try:
        module = importlib.import_module("bot.blocks.quiz")
    except ImportError:
        return None
    return getattr(module, "quiz_blocks", None)


def answer_message(answer: Answer, *, answer_ref: str | None, private_note: bool = False,
                   escalate: bool = False) -> SlackMessage:
    """The full Slack message for ``answer``.

    answer_ref: reference of the stored answer for the feedback buttons (None = no buttons).
    private_note: add a line saying only the asker sees this (ephemeral KPI answers).
    escalate: add "Still need help?" (knowledge answers and no-answers only).
    """
    lang = answer.language
    text = formatting.markdown_to_mrkdwn(answer.text or "")
    truncated = len(text) > MAX_ANSWER_CHARS
    if truncated:
        text = formatting.truncate(text, MAX_ANSWER_CHARS)
    answer_blocks: list[Block] = [_section(chunk) for chunk in formatting.split_text(text)]
    if truncated:
        answer_blocks.append(_context([message("bot.truncated", lang)]))

    tail: list[Block] = []  # always kept: sources, notes, buttons
    if answer.citations:
        tail.extend(sources_block(answer.citations, lang))
    elif isinstance(answer, KnowledgeAnswer):
        tail.append(_context([message("bot.no_sources", lang)]))
    nearest = _nearest_lines(answer)
    if nearest:
        heading = f"*{message('bot.nearest', lang)}*"
        tail.append(_context([heading, *nearest[: CONTEXT_ELEMENTS - 1]]))
    if private_note:
        tail.append(_context([message("bot.private_note", lang)]))
    if answer_ref:
        tail.append(feedback_block(answer_ref, lang,
                                   escalate=escalate and isinstance(answer, (KnowledgeAnswer, NoAnswer))))

    middle: list[Any] = [kpi_card(m, lang) for m in answer.metrics] if isinstance(answer, KpiAnswer) else []
    quiz_blocks: list[Any] = []
    if isinstance(answer, RefresherAnswer) and answer.quiz:
        renderer = _quiz_renderer()
        # A quiz cut in half is unusable: its blocks are kept whole, only KPI cards are trimmed.
        quiz_blocks = renderer(answer) if renderer else []
    quiz = [b.to_dict() if hasattr(b, "to_dict") else dict(b) for b in quiz_blocks]

    # Keep within 50 blocks and the size budget: answer text and tail first, then the cards that fit.
    answer_dicts = [b.to_dict() for b in answer_blocks]
    tail_dicts = quiz + [b.to_dict() for b in tail]
    room = MAX_BLOCKS - len(tail_dicts)
    answer_dicts = answer_dicts[: max(1, room - 1)]
    room -= len(answer_dicts)
    budget = MAX_BLOCKS_JSON - _size(answer_dicts) - _size(tail_dicts)
    middle_dicts: list[dict[str, Any]] = []
    note_reserve = 300  # the "N more metrics" note
    for i, block in enumerate(middle):
        d = block.to_dict() if hasattr(block, "to_dict") else dict(block)
        last = i == len(middle) - 1
        fits_count = len(middle_dicts) + 1 <= (room if last else room - 1)
        fits_size = _size([d]) + 2 <= budget - (0 if last else note_reserve)
        if not (fits_count and fits_size):
            middle_dicts.append(_context([message("bot.more_metrics", lang, n=len(middle) - i)]).to_dict())
            break
        middle_dicts.append(d)
        budget -= _size([d]) + 2
    blocks = [*answer_dicts, *middle_dicts, *tail_dicts]
    if len(blocks) > MAX_BLOCKS:  # only a quiz larger than Slack allows gets here
        blocks = blocks[: MAX_BLOCKS - 1] + tail_dicts[-1:]
    fallback = formatting.truncate(formatting.mrkdwn_to_plain(text), FALLBACK_CHARS) or "…"
    return SlackMessage(text=fallback, blocks=blocks)


def apology_message(language: str | None, ref: str) -> SlackMessage:
    """The short apology shown for any internal error; details are in the log under ``ref``."""
    text = message("bot.apology", language, ref=ref)
    return SlackMessage(text=formatting.mrkdwn_to_plain(text), blocks=[_section(text).to_dict()])
