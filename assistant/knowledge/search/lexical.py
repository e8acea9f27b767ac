"""BM25 over the same documents, for exact things dense retrieval misses.

Tokens are folded (lower case, no accents) and Snowball-stemmed per language, so "calculo",
"cálculo" and "calcula" meet, and item numbers such as "2.10" stay single tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import logging

import bm25s
import numpy as np
import Stemmer

from assistant.base.text import words
from assistant.knowledge.search.documents import Document

# bm25s logs every index build at DEBUG on its own handler; that is noise for our users.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_STOP = {
    "en": set("a an the of to in on for and or is are be what how does do which who me my our your it this that with about".split()),
    "es": set("el la los las un una unos unas de del al a en y o es son que qué como cómo cual se lo por para con mi mis su sus".split()),
}
_STEMMER_NAMES = {"en": "english", "es": "spanish"}


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[language])


def _content_words(text: str, language: str) -> list[str]:
    return [t for t in words(text) if t not in _STOP[language]]


def tokenize(text: str, language: str) -> list[str]:
    return _stemmer(language).stemWords(_content_words(text, language))


@dataclass
class _LanguageIndex:
    model: bm25s.BM25 | None
    entry_ids: list[str]


class LexicalIndex:
    """One BM25 index per document language; scores are raw BM25 (0 = no shared term)."""

    def __init__(self, documents: list[Document]):
        self._by_language: dict[str, _LanguageIndex] = {}
        for language in ("en", "es"):
            docs = [d for d in documents if d.language == language]
            corpus = [tokenize(d.text, language) for d in docs]
            if not docs:
                self._by_language[language] = _LanguageIndex(None, [])
                continue
            model = bm25s.BM25()
            model.index(_to_tokenized(corpus), show_progress=False)
            self._by_language[language] = _LanguageIndex(model, [d.entry_id for d in docs])

    def coverage(self, query: str) -> float:
        """Share of the question's content words that occur anywhere in the knowledge base.

        Off-topic questions ("how tall is Everest") can still land close to some passage in
        embedding space, but most of their words are foreign to the knowledge base. Each word is
        looked up with both languages' stemmers, so mixed EN/ES questions are not penalised.
        """
        best = 0.0
        for language, index in self._by_language.items():
            if index.model is None:
                continue
            tokens = tokenize(query, language)
            if not tokens:
                continue
            vocab = index.model.vocab_dict
            other = self._by_language["es" if language == "en" else "en"]
            other_vocab = other.model.vocab_dict if other.model is not None else {}
            other_lang = "es" if language == "en" else "en"
            known = 0
            for raw, tok in zip(_content_words(query, language), tokens):
                if tok in vocab or (other_vocab and tokenize(raw, other_lang)[:1] and tokenize(raw, other_lang)[0] in other_vocab):
                    known += 1
            best = max(best, known / len(tokens))
        return best

    def search(self, query: str, language: str, k: int = 10) -> list[tuple[str, float]]:
        index = self._by_language.get(language)
        if index is None or index.model is None:
            return []
        tokens = tokenize(query, language)
        vocab = index.model.vocab_dict
        # Unknown query terms are dropped: bm25s would raise on them.
        ids = [int(vocab[t]) for t in tokens if t in vocab]
        if not ids:
            return []
        scores = index.model.get_scores(ids)
        k = min(k, len(scores))
        top = np.argsort(-scores)[:k]
        return [(index.entry_ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _to_tokenized(corpus: list[list[str]]) -> bm25s.tokenization.Tokenized:
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(tok, len(vocab)) for tok in doc] for doc in corpus]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab)
