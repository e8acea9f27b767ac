"""What a topic question is searched by, and questions about a release itself.

Two readings the responder needs before retrieval:

* A long rambling message is searched by more than one text: its last question is often topic-less
  ("which item is that?", "¿me ayudas?") while the topic sits in the context before it, so the
  sentence that says most in the knowledge base's own words and the whole message are searched too;
  the responder keeps the one the answerability model supports best.
* "When did 6.0 come out?", "which release was the current one in 2022?" are answered by the release
  history; "what's new in 8.0?" by the entry about that release's changes (or the history).
"""

from __future__ import annotations

import re

from assistant.base.text import fold
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.knowledge.search.phrases import PhraseMatcher
from assistant.knowledge.search.vocabulary import Vocabulary

RELEASE_HISTORY = "concept-release-history"
_RELEASE_ASKED = re.compile(
    r"\b(when|what year|which year|date|dated|released|published|came out|come out|launched|"
    r"cuando|que ano|en que ano|fecha|salio|sale|publico|publicada|publicado|lanzada|lanzo|"
    r"latest|newest|most recent|current|ultima|ultimo|mas reciente|mas nueva|mas nuevo|mas actual|actual|vigente)\b")
_LATEST_WORD = r"\b(latest|newest|most recent|current|ultima|ultimo|mas reciente|mas nueva|mas nuevo|mas actual|vigente|actual)\b"
# "CSP vs VMO, what's the difference?": comparing family members is about the family, not about
# the one release a family name happens to name.
_COMPARISON = re.compile(r"\b(vs|versus|difference|differences|diferencia|diferencias|compare|compared|compara|comparado|comparacion)\b")
_FAMILY_WORD = re.compile(r"\b(csp|psic|osp|vmo|gmd|gold|cx|e psic)\b")
_RELEASE_WORD = r"\b(release|version|edition|edicion|standard|norma)\b"
# Either order: "the latest release", "which release was the current one".
_LATEST = re.compile(rf"{_LATEST_WORD}.{{0,25}}{_RELEASE_WORD}|{_RELEASE_WORD}.{{0,25}}{_LATEST_WORD}")
# "What's new in 8.0?", "¿qué novedades trae la versión 8.0?": a named release's content or changes.
_RELEASE_CHANGES = frozenset(
    "new novelties change changes changed changing different difference differences brings bring introduce "
    "introduces introduced added adds novedades novedad nuevo nueva nuevos nuevas cambio cambios cambia cambian "
    "cambiaron diferencia diferencias trae traen incorpora agrega agrego introdujo".split())
# A message of this many words or more is read as rambling: searched by several texts.
RAMBLING_WORDS = 28
_SENTENCE = re.compile(r"[^.?!¿¡\n]+[.?!\n]*")


def search_texts(question: str, phrases: PhraseMatcher) -> list[str]:
    """The texts to search, as typed (typo correction comes after). A short question is searched
    as it is; a rambling one by its last question, its sentence richest in the knowledge base's own
    terms and the whole message."""
    if len(question.split()) < RAMBLING_WORDS:
        return [question]
    sentences = [s.strip() for s in _SENTENCE.findall(question) if len(s.split()) >= 3]
    asked = [s for s in sentences if "?" in s] or sentences
    texts = [asked[-1]] if asked else []
    richest = max(sentences, key=lambda s: _says(s, phrases), default="")
    texts += [t for t in (richest, question) if t and t not in texts]
    return texts


def _says(sentence: str, phrases: PhraseMatcher) -> tuple[float, float]:
    """How much a sentence says in the knowledge base's terms: the specificity (IDF) of the titles
    and aliases it names, then that of the knowledge-base words it uses."""
    vocabulary = phrases.vocabulary
    named = sum(vocabulary.specificity(m.phrase) for m in phrases.match(sentence))
    used = sum(vocabulary.idf(w) for w in vocabulary.content_words(sentence) if vocabulary.known(w))
    return named, used


def release_question(kb: KnowledgeBase, vocabulary: Vocabulary, release: str | None, numbers: list[str],
                     remaining: str) -> Entry | None:
    """The entry answering a question about a release itself, or None.

    ``release``: the release named in the question; ``remaining``: the folded question without it.
    """
    history = kb.entries.get(RELEASE_HISTORY)
    if history is None or numbers:
        return None
    if _COMPARISON.search(remaining) and _FAMILY_WORD.search(remaining):
        return None
    if release is not None and asks_release_changes(vocabulary, remaining):
        own = [e for e in kb.by_kind("concept") if e.release == release]
        return own[0] if own else history
    if not _RELEASE_ASKED.search(remaining):
        return None
    if release is None and not _LATEST.search(remaining):
        return None
    return history


def asks_release_changes(vocabulary: Vocabulary, remaining: str) -> bool:
    """The question asks what a release brings and names nothing else: every content word left is a
    change word or one that names nothing on its own ("release", "norma")."""
    words = vocabulary.content_words(remaining)
    if not any(w in _RELEASE_CHANGES for w in words):
        return False
    return all(w in _RELEASE_CHANGES or vocabulary.generic(w) for w in words)


def release_mentioned(kb: KnowledgeBase, number: str) -> bool:
    """Whether the release history or a release's name mentions ``number`` as a release ("Release
    3.4" is in the history though releases.yaml does not list it)."""
    texts = [r.name_en for r in kb.releases.values()] + [r.name_es for r in kb.releases.values()]
    history = kb.entries.get(RELEASE_HISTORY)
    if history is not None:
        texts += [v.summary or "" for v in (history.en, history.es) if v]
        texts += [p for v in (history.en, history.es) if v for p in v.key_points]
    pattern = re.compile(rf"(?<![\d.]){re.escape(number)}(?![\w]|\.\d)")
    return any(pattern.search(fold(t)) for t in texts)
