"""The exact path: titles, aliases and acronyms named verbatim in a question.

Dense retrieval blurs exact names ("KCRP", "TMO", "Process Capability"); a whole-phrase match on
folded text is unambiguous, so such entries are ranked first. Matching uses word n-grams of the
question looked up in a dictionary, which costs the same however large the knowledge base grows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.search.vocabulary import Vocabulary
from assistant.base.text import fold

_MAX_WORDS = 8
# Phrases that are too common in questions to identify an entry on their own.
_TOO_GENERIC = {
    "item", "items", "item 2", "copc", "standard", "norma", "release", "version", "kpi", "kpis", "metric",
    "metrics", "metrica", "metricas", "process", "proceso", "procesos", "processes", "team", "equipo",
    "customer", "cliente", "clientes", "service", "servicio", "quality", "calidad", "time", "tiempo",
}


@dataclass(frozen=True)
class PhraseMatch:
    entry_id: str
    phrase: str
    language: str
    words: int  # length of the matched phrase in words: longer = more specific


# Question words dropped before checking whether a question is *only* a generic term
# ("what is COPC?", "¿qué es un KPI?").
_QUESTION_WORDS = frozenset(
    "what whats s is are a an the does mean means meaning define definition explain tell me about "
    "que q es son un una el la los las significa significado define definicion explica explicame dime sobre de".split()
)

# Words that frame a definition question around a term without naming anything themselves.
_FRAMING_WORDS = frozenset(
    "in for lingo jargon slang terms term terminology world context stand stands acronym abbreviation "
    "letters en para la jerga siglas sigla termino terminos abreviatura mundo contexto letras "
    "quiere decir significan representa representan".split()
)
# Frame words that are also terms of their own: dropped only when another word is left
# ("what's a CSP in COPC lingo?" -> "csp", but "¿qué quiere decir COPC?" -> "copc").
_FRAMING_TERMS = frozenset({"copc", "standard", "norma"})


class PhraseMatcher:
    def __init__(self, kb: KnowledgeBase, vocabulary: Vocabulary | None = None):
        # Besides the hand list, a phrase whose words occur in a large share of the entries (IDF
        # over the knowledge base) names nothing on its own: "the standard", "category", "PSIC".
        vocabulary = vocabulary or Vocabulary(kb)
        self.vocabulary = vocabulary
        self._table: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # Generic phrases ("copc", "kpi") identify an entry only when they are the whole question.
        self._generic: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entry in kb.entries.values():
            for language in ("en", "es"):
                version = entry.en if language == "en" else entry.es
                if version is None:
                    continue
                for phrase in [version.title, *version.aliases]:
                    folded = fold(phrase)
                    if len(folded) < 2 or len(folded.split()) > _MAX_WORDS:
                        continue
                    generic = folded in _TOO_GENERIC or vocabulary.generic(folded)
                    table = self._generic if generic else self._table
                    pair = (entry.id, language)
                    if pair not in table[folded]:
                        table[folded].append(pair)

    def match(self, text: str, language: str | None = None) -> list[PhraseMatch]:
        """Entries whose title or alias appears as a whole phrase, most specific first.

        language: only phrases of that language version (used to measure cross-lingual recall).
        """
        tokens = fold(text).split()
        best: dict[str, PhraseMatch] = {}
        for n in range(min(_MAX_WORDS, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                phrase = " ".join(tokens[i : i + n])
                for entry_id, lang in self._table.get(phrase, ()):
                    if language and lang != language:
                        continue
                    current = best.get(entry_id)
                    if current is None or n > current.words:
                        best[entry_id] = PhraseMatch(entry_id, phrase, lang, n)
        content = [t for t in tokens if t not in _QUESTION_WORDS]
        # "what's a CSP in COPC lingo?", "¿qué significan las siglas PSIC en la norma?": words that
        # only frame a definition question are dropped too, unless nothing would be left ("what is COPC?").
        framed = [t for t in content if t not in _FRAMING_WORDS]
        framed = [t for t in framed if t not in _FRAMING_TERMS] or framed
        for words in (content, framed):
            phrase = " ".join(words)
            for entry_id, lang in self._generic.get(phrase, ()):
                if (language is None or lang == language) and entry_id not in best:
                    best[entry_id] = PhraseMatch(entry_id, phrase, lang, len(words))
            if any(m.phrase == phrase for m in best.values()):
                break
        return sorted(best.values(), key=lambda m: (-m.words, -len(m.phrase)))
