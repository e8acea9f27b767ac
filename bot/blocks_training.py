"""Block Kit for refreshers and quizzes (pure functions built with slack_sdk's block models).

A quiz question is a section (question and lettered choices: choices can be long formulas, and
button labels are limited to 75 characters) followed by one button per letter. Button action ids
carry the quiz id, question index and choice, so any replica can grade a click from the store.
After a click the buttons of that question are replaced by the verdict and explanation.
"""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from assistant.base.answers import QuizQuestion, RecapCard, RefresherAnswer
from assistant.base.messages import message

from bot import formatting

ANSWER_ACTION_PREFIX = "copc_quiz_answer"
ANSWER_ACTION_RE = re.compile(rf"^{ANSWER_ACTION_PREFIX}:[0-9a-f]{{8,32}}:\d{{1,2}}:\d$")
POST_ACTION = "copc_quiz_post"
LETTERS = "ABCDEFGH"
SCORE_BLOCK_ID = "copc_quiz_score"
MAX_RECAP_CHARS = 2_800
HEADER_CHARS = 150

# ---- action ids --------------------------------------------------------------------------------
def answer_action_id(quiz_id: str, index: int, choice: int) -> str:
    return f"{ANSWER_ACTION_PREFIX}:{quiz_id}:{index}:{choice}"


def parse_answer_action(action_id: str) -> tuple[str, int, int] | None:
    """(quiz id, question index, choice index) from a button's action id; None if malformed."""
    if not ANSWER_ACTION_RE.match(action_id or ""):
        return None
    _, quiz_id, index, choice = action_id.split(":")
    return quiz_id, int(index), int(choice)


def question_block_id(quiz_id: str, index: int) -> str:
    return f"copc_quiz_{quiz_id}_{index}"


# ---- quiz blocks -------------------------------------------------------------------------------
def _question_text(q: QuizQuestion, index: int, total: int, language: str) -> str:
    lines = [f"*{message('bot.quiz.question', language, i=index + 1, n=total)}.* {formatting.escape(q.question)}"]
    for j, choice in enumerate(q.choices):
        lines.append(f"*{LETTERS[j]})* {formatting.escape(choice)}")
    return formatting.truncate("\n".join(lines), formatting.SECTION_TEXT_LIMIT)


def verdict_text(q: QuizQuestion, choice: int, language: str, *, already: bool = False) -> str:
    right = q.answer
    if choice == right:
        head = message("bot.quiz.right", language, letter=LETTERS[right], choice=formatting.escape(q.choices[right]))
    else:
        head = message("bot.quiz.wrong", language, chosen=LETTERS[choice], letter=LETTERS[right],
                  choice=formatting.escape(q.choices[right]))
    n = q.citation.n
    explanation = formatting.escape(q.explanation) + (f" [{n}]" if n else "")
    text = f"{head}\n{explanation}" + (f"\n_{message('bot.quiz.already', language)}_" if already else "")
    return formatting.truncate(text, formatting.SECTION_TEXT_LIMIT)


def question_blocks(
    quiz_id: str, index: int, q: QuizQuestion, total: int, language: str, *, chosen: int | None = None,
) -> list[Block]:
    """The question, then its letter buttons, or (once answered) the verdict with the explanation."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=_question_text(q, index, total, language)))]
    block_id = question_block_id(quiz_id, index)
    if chosen is None:
        blocks.append(ActionsBlock(block_id=block_id, elements=[
            ButtonElement(text=PlainTextObject(text=LETTERS[j]), action_id=answer_action_id(quiz_id, index, j),
                          value=f"{index}:{j}")
            for j in range(len(q.choices))
        ]))
    else:
        blocks.append(SectionBlock(block_id=block_id, text=MarkdownTextObject(text=verdict_text(q, chosen, language))))
    return blocks


def score_block(score: int, total: int, language: str) -> SectionBlock:
    pct = round(100 * score / total) if total else 0
    return SectionBlock(block_id=SCORE_BLOCK_ID, text=MarkdownTextObject(text=message("bot.quiz.score", language, score=score, total=total, pct=pct)))


def post_button(quiz_id: str, language: str) -> ActionsBlock:
    return ActionsBlock(block_id="copc_quiz_post", elements=[
        ButtonElement(text=PlainTextObject(text=message("bot.quiz.post", language), emoji=True), action_id=POST_ACTION, value=quiz_id)
    ])


def quiz_state_blocks(
    quiz_id: str, questions: list[QuizQuestion], language: str, answered: dict[int, tuple[int, bool]] | None = None,
    *, can_post: bool = False,
) -> list[Block]:
    """The whole quiz: header, each question (buttons or verdict), the score once all are answered."""
    answered = answered or {}
    blocks: list[Block] = [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=f"*{message('bot.quiz.quiz', language, n=len(questions))}*"))]
    for i, q in enumerate(questions):
        chosen = answered[i][0] if i in answered else None
        blocks.extend(question_blocks(quiz_id, i, q, len(questions), language, chosen=chosen))
    if questions and len(answered) == len(questions):
        blocks.append(score_block(sum(1 for _, ok in answered.values() if ok), len(questions), language))
    if can_post:
        blocks.append(post_button(quiz_id, language))
    return blocks


def quiz_blocks(answer: RefresherAnswer) -> list[Block]:
    """Hook for the bot's answer message (bot.blocks.answer): the quiz under the recap text."""
    if not answer.quiz or not answer.quiz_id:
        return []  # a quiz that was not stored cannot be graded: no buttons
    return quiz_state_blocks(answer.quiz_id, answer.quiz, answer.language, can_post=answer.can_post)


# ---- recap card --------------------------------------------------------------------------------
def recap_blocks(card: RecapCard, language: str) -> list[Block]:
    """The recap card as blocks: heading, summary or overview lines, key points, related, release."""
    entries = card.get("entries") or []
    single = card.get("type") in ("item", "kpi", "glossary", "concept") and len(entries) == 1
    blocks: list[Block] = []
    if single:
        e = entries[0]
        head = f"{message('bot.quiz.recap', language)}: " + (f"{e['item']} — " if e.get("item") else "") + e["title"]
        blocks.append(HeaderBlock(text=PlainTextObject(text=formatting.truncate(head, HEADER_CHARS))))
        parts = []
        if e.get("summary"):
            parts.append(f"{formatting.escape(e['summary'])} [{e['n']}]")
        if e.get("formula"):
            parts.append(f"*{message('bot.quiz.formula', language)}:* {formatting.escape(e['formula'])} [{e['n']}]")
        if e.get("key_points"):
            parts.append(f"*{message('bot.quiz.key_points', language)}*\n" + "\n".join(f"• {formatting.escape(p)}" for p in e["key_points"]))
        if e.get("benchmark"):
            parts.append(f"_{formatting.escape(e['benchmark'])}_")
        if parts:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=formatting.truncate("\n".join(parts), MAX_RECAP_CHARS))))
        notes = []
        if card.get("release"):
            notes.append(f"*{message('bot.quiz.release', language)}:* {card['release']}" + (f" · {e['category']}" if e.get("category") else ""))
        if e.get("content_inferred"):
            notes.append(message("bot.quiz.inferred", language))
        related = card.get("related") or []
        if related:
            names = [(f"{r['item']} {r['title']} ({r['release']})" if r.get("item") else r["title"]) for r in related]
            notes.append(f"*{message('bot.quiz.related', language)}:* " + formatting.escape("; ".join(names)))
        if notes:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=formatting.truncate(n, 2000)) for n in notes[:10]]))
        return blocks
    head = f"{message('bot.quiz.recap', language)}: {card.get('label') or card.get('release') or ''}".strip(": ")
    blocks.append(HeaderBlock(text=PlainTextObject(text=formatting.truncate(head, HEADER_CHARS))))
    lines = []
    for e in entries:
        name = (f"{e['item']} " if e.get("item") else "") + e["title"]
        summary = f": {e['summary']}" if e.get("summary") and not e.get("content_inferred") else ""
        lines.append(f"• *{formatting.escape(name)}*{formatting.escape(summary)} [{e['n']}]")
    if lines:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=formatting.truncate("\n".join(lines), MAX_RECAP_CHARS))))
    if card.get("release_name"):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"*{message('bot.quiz.release', language)}:* {formatting.escape(card['release_name'])}")]))
    return blocks


def patch_answered(blocks: list[dict[str, Any]], quiz_id: str, index: int, q: QuizQuestion, choice: int,
                   language: str, *, score: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Update a posted message's blocks in place: this question's buttons become the verdict."""
    block_id = question_block_id(quiz_id, index)
    verdict = SectionBlock(block_id=block_id, text=MarkdownTextObject(text=verdict_text(q, choice, language))).to_dict()
    out = [verdict if b.get("block_id") == block_id else b for b in blocks if b.get("block_id") != SCORE_BLOCK_ID]
    if score is not None:
        position = next((i + 1 for i, b in enumerate(out) if b.get("block_id") == block_id), len(out))
        # The score goes after the last question, before sources and buttons.
        last_q = max((i for i, b in enumerate(out) if str(b.get("block_id", "")).startswith(f"copc_quiz_{quiz_id}_")), default=position - 1)
        out.insert(last_q + 1, score_block(score[0], score[1], language).to_dict())
    return out
