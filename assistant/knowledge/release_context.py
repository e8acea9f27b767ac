"""Where a topic sits in a release: the item whose text names it.

Two questions need it. "Which item covers calibration?" asks for an item, not a definition, so the
item answers. "What does CX 6.0 say about calibration?" names a release, but the best entry (a
glossary term, a KPI) holds for every release: the answer says which item of that release covers
it, or that the entry is not tied to the release, instead of silently ignoring the release.
An item "names" a topic when its text uses every word of the topic's title (IDF-weighted), in
either language; nothing is guessed from similarity alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.knowledge.search.retriever import Hit
from assistant.knowledge.search.vocabulary import Vocabulary

# "Which item covers X?", "¿en qué ítem entra X?" (folded text).
WHICH_ITEM = re.compile(r"\b(?:which|what|in which|under which|in what|under what|que|cual|cuales|en que|en cual|"
                        r"bajo que|a que|dentro de que) (?:item|items|section|seccion|apartado|requirement|requisito)\b")
NAMES_ALL = 0.999  # IDF share of a title's words an item must use to count as naming it


def item_naming(kb: KnowledgeBase, vocabulary: Vocabulary, topic: Entry, hits: Sequence[Hit], wanted: str,
                release_order: list[str]) -> Entry | None:
    """The item that names ``topic``: in the ``wanted`` release first, then in the order the search
    ranked them, newest release first; None when no item names it (then no item is guessed)."""
    titles = [topic.version(lang).title for lang in ("en", "es") if topic.has_language(lang)]
    naming = [e for e in kb.items() if any(vocabulary.overlap(t, e.id) >= NAMES_ALL for t in titles)]
    if not naming:
        return None
    rank = {h.id: i for i, h in enumerate(hits)}
    return min(naming, key=lambda e: (e.release != wanted, rank.get(e.id, len(rank)), -release_order.index(e.release)))
