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
from collections.abc import Callable, Sequence

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.knowledge.search.retriever import Hit
from assistant.knowledge.search.vocabulary import Vocabulary

# "Which item covers X?", "¿en qué ítem entra X?" (folded text).
WHICH_ITEM = re.compile(r"\b(?:which|what|in which|under which|in what|under what|que|cual|cuales|en que|en cual|"
                        r"bajo que|a que|dentro de que) (?:item|items|section|seccion|apartado|requirement|requisito)\b")
NAMES_ALL = 0.999  # IDF share of a title's words an item must use to count as naming it


def items_naming(kb: KnowledgeBase, vocabulary: Vocabulary, topic: Entry) -> list[Entry]:
    """Every item whose text uses all the words of ``topic``'s title (depends on the knowledge base
    only: callers keep it per topic)."""
    titles = [topic.version(lang).title for lang in ("en", "es") if topic.has_language(lang)]
    return [e for e in kb.items() if any(vocabulary.overlap(t, e.id) >= NAMES_ALL for t in titles)]


def item_naming(naming: Sequence[Entry], hits: Sequence[Hit], wanted: str, release_order: list[str]) -> Entry | None:
    """Of the items ``naming`` a topic (see items_naming), the one in the ``wanted`` release first,
    then in the order the search ranked them, newest release first; None when no item names it
    (then no item is guessed)."""
    if not naming:
        return None
    rank = {h.id: i for i, h in enumerate(hits)}
    return min(naming, key=lambda e: (e.release != wanted, rank.get(e.id, len(rank)), -release_order.index(e.release)))


CLEAR_MARGIN = 0.03  # dense-score lead the best item of a release needs over its next item


def clear_item(kb: KnowledgeBase, hits: Sequence[Hit], release: str) -> Entry | None:
    """The item of ``release`` that a "which item is about <description>?" search ranks clearly
    first among that release's items: named verbatim, or ahead of the next one by CLEAR_MARGIN.
    None when two items are about as close: then no item is guessed."""
    ranked = [h for h in hits if kb.entries[h.id].kind == "item" and kb.entries[h.id].release == release]
    if not ranked:
        return None
    best = ranked[0]
    if best.exact is not None or len(ranked) == 1 or best.score - ranked[1].score >= CLEAR_MARGIN:
        return kb.entries[best.id]
    return None


def which_item(kb: KnowledgeBase, naming: Sequence[Entry], topic: Entry, hits: Sequence[Hit], wanted: str,
               release_order: list[str], *, wider: Callable[[], Sequence[Hit]]) -> Entry | None:
    """"Which item covers X?": the item of the wanted release naming the best entry's topic, else
    that release's item a wider search (``wider``) ranks clearly first, else an item of another
    release naming the topic; None when nothing qualifies (the best entry then answers)."""
    named = None if topic.kind == "item" else item_naming(naming, hits, wanted, release_order)
    if named is not None and named.release == wanted:
        return named
    return clear_item(kb, wider(), wanted) or named
