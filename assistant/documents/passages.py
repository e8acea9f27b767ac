"""Blocks -> passages that follow the document's sections.

A passage stays inside one section (its heading path is kept) and one page, so its citation
opens the right page; it is cut between blocks near ``max_chars``, and a paragraph longer than
that between sentences: never inside a sentence or a table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents.items import heading_item
from assistant.documents.model import Block

# A sentence ends at . ! ? followed by a space and a capital (or opening mark); "2.3" and
# "e.g. the" stay whole.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“¿¡(]?[A-ZÁÉÍÓÚÑ])")


@dataclass(frozen=True)
class Chunk:
    page: int
    section: tuple[str, ...]
    text: str
    item: str | None  # item heading the chunk sits under


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def chunk_blocks(blocks: list[Block], max_chars: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    stack: list[tuple[int, str]] = []  # (level, heading)
    item: tuple[int, str] | None = None  # (heading level, item number)
    parts: list[str] = []
    page = 0

    def section() -> tuple[str, ...]:
        return tuple(h for _, h in stack)

    def flush() -> None:
        if parts:
            chunks.append(Chunk(page, section(), "\n".join(parts), item[1] if item else None))
            parts.clear()

    for block in blocks:
        if block.kind == "heading":
            flush()
            level = max(block.level, 1)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, block.text))
            number = heading_item(block.text)
            if number:
                item = (level, number)
            elif item is not None and level <= item[0]:
                item = None  # a sibling or parent heading ends the item's section
            continue
        if block.page != page:
            flush()
            page = block.page
        pieces = [block.text] if block.kind == "row" or len(block.text) <= max_chars else _group(sentences(block.text), max_chars)
        for piece in pieces:
            size = sum(len(p) + 1 for p in parts)
            if parts and size + len(piece) > max_chars:
                flush()
            parts.append(piece)
    flush()
    return chunks


def _group(items: list[str], max_chars: int) -> list[str]:
    """Sentences -> runs of whole sentences up to ``max_chars`` (a longer sentence stays whole)."""
    out: list[str] = []
    current = ""
    for sentence in items:
        if current and len(current) + 1 + len(sentence) > max_chars:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        out.append(current)
    return out
