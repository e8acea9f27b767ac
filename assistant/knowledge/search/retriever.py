"""Hybrid retrieval: exact phrases first, then dense similarity nudged by BM25.

Measured on this project's data (README "Quality and speed"): dense retrieval with
multilingual-e5-small carries cross-lingual recall, BM25 finds exact wording, and plain rank
fusion hurt cross-lingual recall. So dense similarity stays the main score; BM25 adds a small,
bounded bonus; entries named verbatim (title, alias, acronym) go first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from assistant.knowledge.search.documents import Document
from assistant.knowledge.search.lexical import LexicalIndex
from assistant.knowledge.search.phrases import PhraseMatcher
from assistant.knowledge.search.vector_index import EmbedderLike, VectorIndex

Mode = Literal["hybrid", "dense", "bm25"]

# Weight of the normalised BM25 score (0..1) added to cosine similarity (e5 cosines for relevant
# passages sit around 0.80-0.92, so 0.05 reorders near-ties without overriding meaning).
BM25_WEIGHT = 0.05
EXACT_BONUS = 1.0
# Per word of the matched phrase: "fatal error" (2 words) beats "QA" (1 word). Larger than the
# largest kind priority the caller passes (0.12), smaller than EXACT_BONUS.
PHRASE_WORD_BONUS = 0.2


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    dense: float | None = None  # best cosine similarity of the entry's documents
    exact: str | None = None  # the phrase that matched verbatim, if any


class Retriever:
    def __init__(
        self,
        documents: list[Document],
        index: VectorIndex,
        embedder: Callable[[], EmbedderLike],
        phrases: PhraseMatcher,
        exact_priority: dict[str, float] | None = None,
    ):
        self.index = index
        self._embedder = embedder
        self.lexical = LexicalIndex(documents)
        self.phrases = phrases
        # Tie-break among entries named by the same phrase ("Process Capability" is an item and a
        # glossary term): the caller ranks kinds, e.g. the item itself before its glossary gloss.
        self._exact_priority = exact_priority or {}
        self._entries = len({d.entry_id for d in documents})

    def embed_query(self, query: str):
        return self._embedder().encode_queries([query])[0]

    def dense(self, query: str, k: int, doc_language: str | None = None) -> dict[str, float]:
        # Two documents per entry (EN, ES): ask for enough to fill k distinct entries.
        n = min(max(k * 3, 20), self._entries * 2)
        best: dict[str, float] = {}
        for entry_id, _lang, sim in self.index.query(self.embed_query(query), n, doc_language):
            if sim > best.get(entry_id, -1.0):
                best[entry_id] = sim
        return best

    def bm25(self, query: str, language: str, k: int) -> dict[str, float]:
        return dict(self.lexical.search(query, language, k))

    def search(
        self,
        query: str,
        *,
        language: str,
        k: int = 10,
        mode: Mode = "hybrid",
        doc_language: str | None = None,
    ) -> list[Hit]:
        """Rank knowledge entries for ``query``.

        language: the question's language. doc_language: only documents in that language
        (cross-lingual measurement); by default both language versions compete.
        """
        if mode == "bm25":
            langs = [doc_language] if doc_language else [language]
            scores: dict[str, float] = {}
            for lang in langs:
                for entry_id, s in self.bm25(query, lang, k).items():
                    scores[entry_id] = max(scores.get(entry_id, 0.0), s)
            return [Hit(i, s) for i, s in sorted(scores.items(), key=lambda x: -x[1])[:k]]

        dense = self.dense(query, k, doc_language)
        if mode == "dense":
            return [Hit(i, s, dense=s) for i, s in sorted(dense.items(), key=lambda x: -x[1])[:k]]

        lexical = self.bm25(query, doc_language or language, max(k, 20))
        top_lex = max(lexical.values(), default=0.0)
        exact = {m.entry_id: m for m in self.phrases.match(query, doc_language)}
        scores = {}
        for entry_id in set(dense) | set(lexical) | set(exact):
            sim = dense.get(entry_id)
            score = sim if sim is not None else 0.0
            if top_lex > 0 and entry_id in lexical:
                score += BM25_WEIGHT * lexical[entry_id] / top_lex
            if entry_id in exact:
                # Longer phrases are more specific: "first contact resolution" > "contact".
                score += EXACT_BONUS + PHRASE_WORD_BONUS * exact[entry_id].words + self._exact_priority.get(entry_id, 0.0)
            scores[entry_id] = score
        ranked = sorted(scores.items(), key=lambda x: -x[1])[:k]
        return [
            Hit(i, s, dense=dense.get(i), exact=exact[i].phrase if i in exact else None) for i, s in ranked
        ]
