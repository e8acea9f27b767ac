"""Minimal release and item-number parsing, used only when ``assistant.releases`` is absent.

The answering core owns release parsing (``assistant.releases``); this fallback keeps the quiz
package importable on its own with the same interface (``ReleaseResolver.find``/``resolve``,
``item_numbers``) for release ids, aliases and "release/versión N" phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.kb.schema import Release

from .facts import fold

_WORDS = r"(?:release|r|version|v|edition|edicion|norma|standard|csp|psic|cx|copc|in|en|en la|de la|del|for|para)"
_NUMBER = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})(?![\w.%])")
_LETTERED = re.compile(r"(?<![\w.])([A-H])\.(\d{1,2})(?![\w.])")


@dataclass(frozen=True)
class ReleaseMention:
    release: str
    phrase: str


class ReleaseResolver:
    def __init__(self, releases: dict[str, Release]):
        self.releases = releases
        patterns = []
        for rel in releases.values():
            for name in {fold(rel.id), *(fold(a) for a in rel.aliases)}:
                patterns.append((re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w]|\.\d)"), rel.id, 2, len(name)))
            for version in rel.versions:
                v = re.escape(fold(version))
                patterns.append((re.compile(rf"(?<![\w.]){_WORDS}\s?{v}(?![\w]|\.\d)"), rel.id, 1, len(version)))
        self._patterns = sorted(patterns, key=lambda p: (-p[2], -p[3]))

    def find(self, text: str) -> tuple[ReleaseMention | None, str]:
        remaining = fold(text)
        found = None
        for pattern, release_id, _, _ in self._patterns:
            match = pattern.search(remaining)
            if match:
                found = found or ReleaseMention(release_id, match.group(0))
                remaining = remaining[: match.start()] + " " + remaining[match.end():]
        return found, re.sub(r"\s+", " ", remaining).strip()

    def resolve(self, phrase: str) -> str | None:
        folded = fold(phrase or "")
        if not folded:
            return None
        for rel in self.releases.values():
            if folded in {fold(rel.id), *(fold(a) for a in rel.aliases), *(fold(v) for v in rel.versions)}:
                return rel.id
        mention, _ = self.find(phrase)
        return mention.release if mention else None


def item_numbers(text: str, original: str | None = None) -> list[str]:
    found = [f"{m.group(1)}.{m.group(2)}" for m in _LETTERED.finditer(original or "")]
    found += [f"{int(m.group(1))}.{m.group(2)}" for m in _NUMBER.finditer(text) if not m.group(1).startswith("0")]
    return list(dict.fromkeys(found))
