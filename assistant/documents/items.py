"""COPC item numbers in documents: item headings of a standard, explicit references elsewhere,
and the release a standard's title page names.

Only numbers the knowledge base knows for that release count: a heading "4.12 Appendix" in a
copy of a release with no item 4.12 links to nothing (this project never invents items).
"""

from __future__ import annotations

import re

from assistant.knowledge.releases import ReleaseResolver

_NUMBER = r"(\d{1,2}\.\d{1,2}|[A-H]\.\d{1,2})"
# "2.3 Corrective action", "Ítem 2.3 Acción correctiva", "Item B.2 - Data security".
_ITEM_HEADING = re.compile(rf"^(?:(?:[IÍií]tem|Requirement|Requisito)\s+)?{_NUMBER}(?![\d.]\d)\b")
# "COPC 2.3", "ítem 2.3", "item B.2", "requirement 2.3", "requisito 2.3", "items 2.3 and 2.4".
_REFERENCE = re.compile(
    rf"\b(?:COPC|[IÍií]tems?|requirements?|requisitos?)\s+{_NUMBER}((?:\s*(?:,|and|y|&|/)\s*{_NUMBER})*)",
    re.IGNORECASE,
)
_MORE = re.compile(_NUMBER)


def heading_item(heading: str) -> str | None:
    match = _ITEM_HEADING.match(heading.strip())
    return match.group(1).upper() if match else None


def referenced_items(text: str) -> list[str]:
    """Item numbers a text names explicitly, in order of first mention."""
    found: list[str] = []
    for match in _REFERENCE.finditer(text):
        numbers = [match.group(1)] + _MORE.findall(match.group(2) or "")
        for number in numbers:
            number = number.upper()
            if number not in found:
                found.append(number)
    return found


def detect_release(resolver: ReleaseResolver, title_text: str) -> str | None:
    """The release a standard's title page names ("COPC CX Standard, Release 7.0 ..."), or None."""
    mention, _rest = resolver.find(title_text)
    return mention.release if mention else None
