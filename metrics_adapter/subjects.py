"""Who a KPI question is about, and what it asks for: the parts of understanding that need words.

Three things, each from a source the project already maintains (no hand-made list of questions):

* Typo tolerance: a word one or two letters off a word of the catalog's own metric names and
  aliases, or of the subject words ("equpo", "servce", "servcio"), is read as that word
  (rapidfuzz, optimal-string-alignment distance, same first letter). Directory names are never
  corrected: "Phenix" stays an unknown team so the asker is told, not answered for Phoenix.
* Name plausibility: a word counts as a would-be team or person name only if it is not a word
  of the language the knowledge base speaks ("Monitoring", "numerada", "KCCP" are terms, not
  teams). Decided without the directory, except that the directory's own names are always
  names, so a real team and a made-up one route alike.
* What the question asks for: laws, benchmarks and other companies, configuration and vendors,
  staffing calculations, prices, numbering, "same thing?". A KPI request never asks these; such a
  question is a KPI request only with our own subject and a period.
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.base.text import fold
from assistant.knowledge.search.vocabulary import Vocabulary, stems
from assistant.people.directory import Directory
from metrics_adapter.catalog import Catalog

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
_TOKEN = re.compile(r"[^\W\d_]+")
# Subject words a typo may hit ("equpo", "queu"); corrected like metric words.
_SUBJECT_WORDS = ("equipo", "equipos", "team", "teams", "queue", "operacion", "operation", "squad", "agentes")
# Shorthand people type in chat for a word of a metric name.
_SHORTHAND = {"lvl": "level", "lvls": "levels", "svc": "service", "occ": "occupancy", "adh": "adherence"}

# Never a request for our numbers, whatever else the question says: laws and sanctions,
# configuration and vendors, staffing maths, prices, numbering, "same thing?".
NOT_A_REQUEST = re.compile(
    _B + r"(?:legal|legally|illegal|ilegal|law|laws|ley|leyes|labou?r code|codigo de trabajo|"
    r"fire (?:an? |the |this |that )?agents?|despedir|despido|dismiss|dismissal|sancionar|"
    r"configure|configuring|configuration|configurar|configuro|configuracion|set up|install|vendors?|"
    r"proveedor(?:es)?|software|erlang|staffing|dimensionar|dimensionamiento|"
    r"how many agents (?:[a-z]+ ){0,4}needs?|cuantos agentes (?:[a-z]+ ){0,4}(?:necesit|requier|hace[n]? falta)[a-z]*|"
    r"price|prices|pricing|fees?|precio|precios|tarifas?|numbered|numbering|numerad[oa]s?|numeracion|"
    r"same thing|lo mismo|correct one|la correcta|el correcto)" + _E
)
# Other organisations' numbers (benchmarks, "the top contact centres"): ours only with our own
# subject and a period ("the top agents on my team this week").
OTHERS = re.compile(
    _B + r"(?:benchmarks?|industry|industria|sector|competitors?|competencia|world class|best in class|the top|"
    r"the best|los mejores|las mejores|contact cent(?:er|re)s|call cent(?:er|re)s|companies|empresas|"
    r"centros de (?:contacto|llamadas))" + _E
)
# Capitalised words after "in"/"en" name a place ("in Spain", "en Argentina"), not a team.
_PLACE = re.compile(r"(?<![\w])(?:in|en)\s+((?:[A-ZÁÉÍÓÚÑ][\w'-]*\s*)+)")


class Lexicon:
    def __init__(self, catalog: Catalog, directory: Directory, kb=None, *, stop: frozenset[str] = frozenset(),
                 vocabulary: Vocabulary | None = None):
        # The knowledge base's vocabulary is shared with the knowledge feature when the caller has
        # one (building it costs ~80 ms); built here only for a service used on its own.
        if vocabulary is None and kb is not None and getattr(kb, "entries", None):
            vocabulary = Vocabulary(kb)
        self.vocabulary = vocabulary
        words = {w for p, _ in catalog.phrases() for w in re.findall(r"[a-z]+", p)}
        self._targets = sorted({w for w in words | set(_SUBJECT_WORDS) if len(w) >= 5})
        self._target_set = set(self._targets)
        self.directory_words = {w for p, _ in directory.team_phrases() for w in re.findall(r"[a-z0-9]+", p)}
        self.directory_words |= {w for p, _ in directory.agent_phrases() for w in re.findall(r"[a-z0-9]+", p)}
        self.directory_words |= {fold(t.site) for t in directory.teams.values() if t.site}
        self._stop = stop

    # ---- typos -----------------------------------------------------------------------------
    def correct(self, question: str) -> str:
        """The question with shorthand expanded and metric/subject words' typos put right."""
        return _TOKEN.sub(self._fix, question)

    def _fix(self, m: re.Match) -> str:
        raw = m.group()
        word = fold(raw)
        if word in _SHORTHAND:
            return _SHORTHAND[word]
        if len(word) < 5 or word in self._target_set or word in self._stop or word in self.directory_words:
            return raw
        if self.vocabulary is not None and self.vocabulary.known(word):
            return raw
        best = process.extractOne(word, self._targets, scorer=OSA.distance, score_cutoff=1 if len(word) < 10 else 2)
        if best is None or best[0][0] != word[0]:
            return raw
        return best[0].capitalize() if raw[0].isupper() else best[0]

    # ---- names -----------------------------------------------------------------------------
    def is_language_word(self, word: str) -> bool:
        """A word the knowledge base uses (itself or a stem of 5+ letters): a term, not a name."""
        if word in self.directory_words or self.vocabulary is None:
            return False
        v = self.vocabulary
        return v.known(word) or any(len(k.removeprefix("es:")) >= 5 and k in v.stem_df for k in stems(word))

    def place_words(self, question: str) -> set[str]:
        """Capitalised words after "in"/"en" that are not the directory's names: "in Spain" is a
        place, "¿cómo va el TMO en Phoenix?" asks for a team. (That a real name routes differently
        from a made-up one reveals nothing: the unknown-name reply lists the teams anyway.)"""
        return {fold(w) for m in _PLACE.finditer(question) for w in m.group(1).split()} - self.directory_words

    def plausible_names(self, question: str, candidates: list[str]) -> list[str]:
        places = self.place_words(question)
        return [n for n in candidates if n not in places and not self.is_language_word(n)]
