"""The knowledge base's own vocabulary: how specific a word is (IDF) and typo correction.

Two questions retrieval keeps asking: does this word identify anything (IDF over entries, so
"standard" or "norma", present in a large share of entries, names nothing on its own), and is
this unknown word a one- or two-letter slip of a word the knowledge base uses ("corective",
"calibracion", "KRCP")? Correction only ever maps to the knowledge base's own words, with
rapidfuzz's optimal-string-alignment distance (a transposition counts as one edit).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.base.text import fold
from assistant.knowledge.kb.loader import KnowledgeBase

_WORD = re.compile(r"[a-z][a-z0-9]*")
_ANY_WORD = re.compile(r"[^\W\d_]+")
# Words of questions that are not topics (never corrected, never counted as "unknown").
FUNCTION_WORDS = frozenset("""
a an the of to in on for and or is are be was were what whats how does do did which who whom me my our your it
this that these those with about can could should would will i we you they there their them please tell explain
give show list say says said mean means meaning define definition its from by at as if so than then any some all
one two vs versus into also just only not no yes get need want know like thing things much many more most
el la los las un una unos unas de del al a en y o u es son que q como cual cuales se lo por para con mi mis su sus
tu tus nos les le me te esta este estos estas eso esa ese esto hay ser fue era dime explica explicame dame
sobre entre cuanto cuanta cuantos cuantas donde cuando quien quienes tiene tienen hace hacer puedo puedes
significa quiere decir porfa favor hola gracias ok bueno pues bien tambien solo muy mas menos
""".split())


def _entry_text(entry, language: str) -> str:
    v = entry.en if language == "en" else entry.es
    if v is None:
        return ""
    return " ".join([v.title, *v.aliases, v.summary or "", *v.key_points, v.formula or "", v.benchmark or ""])


_STEMMERS = (Stemmer.Stemmer("english"), Stemmer.Stemmer("spanish"))


def stems(word: str) -> tuple[str, str]:
    """The English and the Spanish Snowball stem ("changed" and "changes" meet)."""
    return (_STEMMERS[0].stemWord(word), "es:" + _STEMMERS[1].stemWord(word))


class Vocabulary:
    """Entry-level document frequencies of folded words, both languages together.

    ``df`` counts surface words (typo correction targets, generic phrases); specificity and
    overlap use stems in both languages, so an inflected question word still counts as known.
    """

    def __init__(self, kb: KnowledgeBase):
        self.entries = len(kb.entries)
        df: Counter[str] = Counter()
        stem_df: Counter[str] = Counter()
        self.entry_words: dict[str, frozenset[str]] = {}
        for entry in kb.entries.values():
            text = fold(" ".join(_entry_text(entry, lang) for lang in ("en", "es")))
            words = frozenset(_WORD.findall(text))
            keys = frozenset(k for w in words for k in stems(w))
            self.entry_words[entry.id] = keys
            df.update(words)
            stem_df.update(keys)
        self.df = df
        self.stem_df = stem_df
        # Correction targets: words of at least 4 letters (shorter ones are too easy to hit by
        # accident), and the acronyms the entries are known by (KCRP, PCRC, TMO...).
        self._targets = sorted(w for w in df if len(w) >= 4)
        self._acronyms = sorted({fold(a) for e in kb.entries.values() for lang in ("en", "es")
                                 for v in [e.en if lang == "en" else e.es] if v is not None
                                 for a in v.aliases if a.isupper() and 3 <= len(a) <= 6})

    # ---- specificity ---------------------------------------------------------------------------
    def idf(self, word: str) -> float:
        """Smoothed IDF over stems; a word the knowledge base never uses gets the highest value."""
        count = max(self.stem_df.get(k, 0) for k in stems(word))
        return math.log((self.entries + 1) / (count + 1)) + 1.0

    def _known_stem(self, word: str) -> bool:
        return any(k in self.stem_df for k in stems(word))

    def share(self, phrase: str) -> float:
        """Share of entries containing every word of ``phrase`` (a cheap upper bound for phrases)."""
        words = _WORD.findall(fold(phrase))
        if not words:
            return 1.0
        return min(self.df.get(w, 0) for w in words) / max(self.entries, 1)

    def generic(self, phrase: str, share: float = 0.16) -> bool:
        """A phrase that names nothing on its own: every content word of it occurs in at least
        ``share`` of the entries ("standard", "la norma", "category", "performance")."""
        folded = fold(phrase)
        if any(c.isdigit() for c in folded):
            return False
        if "-" in folded:
            return False  # "e-psic": a compound is its own term
        words = self.content_words(folded)
        return all(self.df.get(w, 0) / max(self.entries, 1) >= share for w in words)

    def specificity(self, phrase: str) -> float:
        """Sum of the IDF of a phrase's content words: how much naming it says."""
        return sum(self.idf(w) for w in self.content_words(phrase))

    def content_words(self, text: str) -> list[str]:
        return [w for w in _WORD.findall(fold(text)) if w not in FUNCTION_WORDS and len(w) > 1]

    def known(self, word: str) -> bool:
        return word in self.df

    def unknown_share(self, text: str) -> float:
        """IDF-weighted share of the question's content words that no entry uses."""
        words = self.content_words(text)
        if not words:
            return 0.0
        total = sum(self.idf(w) for w in words)
        return sum(self.idf(w) for w in words if not self._known_stem(w)) / total

    def typed_unknown_share(self, text: str) -> float:
        """Like :meth:`unknown_share` but stricter about what is known: the word itself, or a stem
        of 5+ letters (3-letter Spanish stems such as "val" or "com" match almost anything)."""
        words = self.content_words(text)
        if not words:
            return 0.0

        def known(w: str) -> bool:
            return w in self.df or any(len(k.removeprefix("es:")) >= 5 and k in self.stem_df for k in stems(w))

        total = sum(self.idf(w) for w in words)
        return sum(self.idf(w) for w in words if not known(w)) / total

    def overlap(self, text: str, entry_id: str) -> float:
        """IDF-weighted share of the question's content words that this entry uses."""
        words = self.content_words(text)
        if not words:
            return 0.0
        have = self.entry_words.get(entry_id, frozenset())
        total = sum(self.idf(w) for w in words)
        return sum(self.idf(w) for w in words if any(k in have for k in stems(w))) / total

    # ---- typo correction ----------------------------------------------------------------------
    def correct_word(self, word: str) -> str | None:
        """The knowledge-base word one edit away (two for long words), or None."""
        if word in self.df or word in FUNCTION_WORDS or any(c.isdigit() for c in word) or self._known_stem(word):
            return None
        # Acronyms: four to six letters, same length (three-letter ones collide with ordinary words).
        if 4 <= len(word) <= 6 and self._acronyms:
            hit = process.extractOne(word, self._acronyms, scorer=OSA.distance, score_cutoff=1)
            if hit is not None and len(hit[0]) == len(word):
                return hit[0]
        if len(word) < 5:
            return None
        # A prefix of knowledge-base words is an abbreviation ("recert", "calib"), not a slip:
        # read it as the most common such word instead of the nearest word of the same length.
        start = bisect.bisect_left(self._targets, word)
        longer = [w for w in self._targets[start:start + 40] if w.startswith(word)]
        if longer and len(word) >= 6:  # "stand" is a word of its own, "recert" is not
            return max(longer, key=lambda w: self.df[w])
        limit = 1 if len(word) < 8 else 2
        hit = process.extractOne(word, self._targets, scorer=OSA.distance, score_cutoff=limit)
        return hit[0] if hit is not None else None

    def correct(self, text: str) -> str:
        """``text`` with words the knowledge base does not use replaced by their near miss; every
        other character is kept, so a question without slips comes back unchanged."""

        def fix(match: re.Match[str]) -> str:
            word = match.group()
            fixed = self.correct_word(fold(word))
            return fixed if fixed is not None and fixed != fold(word) else word

        return _ANY_WORD.sub(fix, text)
