"""Plain-text presentation of answers for terminals (pure functions, tested on their own)."""

from __future__ import annotations

from assistant.base.answers import Answer, Citation, RefresherAnswer
from assistant.base.messages import message

def source_line(c: Citation, language: str) -> str:
    """"[1] Item 2.3 · CSP 5.1 · Corrective Action ... · inferred · fact sheet §1.5 A; sources S16"."""
    parts = [f"[{c.n}]"]
    if c.item:
        parts.append(f"{message('item_label', language)} {c.item}")
    if c.release:
        parts.append(c.release)
    head = " · ".join(parts[1:])
    label = f"{parts[0]} {head + ' · ' if head else ''}{c.title}"
    known = c.confidence in ("quoted", "confirmed", "partly_confirmed", "inferred")
    confidence = message(f"confidence.{c.confidence}", language) if known else c.confidence
    line = f"{label} ({confidence}) — {c.source}"
    return f"{line} <{c.url}>" if c.url else line


def format_quiz(answer: Answer) -> list[str]:
    """Quiz questions as a numbered list with lettered choices (answers are not shown)."""
    lines: list[str] = []
    for i, q in enumerate(answer.quiz if isinstance(answer, RefresherAnswer) else [], start=1):
        lines.append("")
        lines.append(f"{i}. {q.question}")
        lines.extend(f"   {chr(ord('a') + j)}) {choice}" for j, choice in enumerate(q.choices))
    if lines:
        lines += ["", message("cli.quiz_hint", answer.language)]
    return lines


def format_answer(answer: Answer) -> str:
    lines = [answer.text, *format_quiz(answer)]
    if answer.citations:
        lines.append("")
        lines.append(message("cli.sources", answer.language))
        lines.extend(source_line(c, answer.language) for c in answer.citations)
    return "\n".join(lines)
