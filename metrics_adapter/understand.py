"""Understanding a KPI question: which metrics, whose numbers, which window. No model, no DB.

Names are matched against the catalog (metric names and aliases) and the directory (team names,
sites, people with individual numbers), accent- and case-insensitively. Nothing a user typed
ever reaches a query: only the ids these matches resolve to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .catalog import Catalog, fold
from .directory import Directory
from .errors import WindowError
from .windows import Window, find_window

_B = r"(?<![a-z0-9])"  # word boundaries that also work next to "/" and "-"
_E = r"(?![a-z0-9])"


def _phrase_re(phrase: str) -> re.Pattern:
    return re.compile(_B + re.escape(phrase) + _E)


# "my team", "our team", "mi equipo", "nuestro equipo", "my teams"
_MY_TEAM = re.compile(_B + r"(?:my|our|mi|mis|nuestro|nuestra|nuestros)\s+(?:teams?|equipos?|squad|grupo)" + _E)
# "my AHT", "mi TMO", "how am I doing", "cómo voy", "my numbers"
_SELF = re.compile(
    _B + r"(?:my|mine|mi|mis|how am i|how did i|am i|como voy|como me fue|como ando|yo)" + _E
)
# "our AHT", "nuestro nivel de servicio": the asker's team.
_OUR = re.compile(_B + r"(?:our|ours|nuestro|nuestra|nuestros|nuestras)" + _E)
_ALL_TEAMS = re.compile(_B + r"(?:all teams|every team|each team|todos los equipos|cada equipo)" + _E)
_KPI_WORDS = re.compile(
    _B + r"(?:how is|how's|hows|how are|how did|how was|doing|performing|performance|numbers|kpis?|metrics|"
    r"scorecard|overview|dashboard|results|stats|"
    r"como va|como van|como esta|como estan|como le fue|como les fue|como fue|desempeno|numeros|indicadores|"
    r"metricas|resultados|resumen|tablero)" + _E
)
_COMPARE = re.compile(_B + r"(?:compare|comparison|versus|vs|against|compara|comparar|comparacion|contra|frente a)" + _E)
# Questions about what a metric *is* or how to improve it belong to the knowledge base.
_DEFINITION = re.compile(
    _B + r"(?:what is|what's|whats|what are|what does|what do|define|definition|meaning|means?|explain|"
    r"calculated?|calculation|computed?|measured?|formula|stands? for|"
    r"que es|que son|que significa|significa|definicion|define|explica|explicame|se calcula|calcula|"
    r"se mide|formula|calculo)" + _E
)
_STRONG_DEFINITION = re.compile(
    _B + r"(?:define|definition|meaning|means?|explain|calculated?|calculation|computed?|measured?|formula|"
    r"stands? for|significa|definicion|explica|explicame|se calcula|calcula|se mide|calculo)" + _E
)
_ADVICE = re.compile(
    _B + r"(?:improve|improving|reduce|reducing|increase|lower|raise|tips?|best practices?|should|"
    r"mejorar|reducir|aumentar|bajar|subir|consejos?|buenas practicas|deberia|debemos)" + _E
)
_KNOWLEDGE = re.compile(
    _B + r"(?:require|required|requires|requirement|requirements|certification|certified|certify|audit|"
    r"standard|item|release|copc|norma|requisito|requisitos|requiere|certificacion|certificar|auditoria|"
    r"item|version)" + _E
)
_SELF_OVERVIEW = re.compile(
    _B + r"(?:how am i doing|how did i do|how i am doing|como voy|como me fue|como me va|my numbers|mis numeros|"
    r"mis indicadores|my kpis|my metrics|mis metricas|my stats|mis resultados|my results)" + _E
)
# "team Zeus", "equipo Zeus", "for Zeus", "de Zeus": a capitalised name we may not know.
_NAMED = re.compile(r"\b(?:team|equipo|for|de|del|para|of)\s+([A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñ'-]+)")
_NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lunes", "martes",
    "miercoles", "jueves", "viernes", "sabado", "domingo", "copc", "the", "this", "last", "la", "el", "los",
    "las", "mi", "my", "our", "hoy", "ayer", "today", "yesterday", "esta", "este", "all", "todos", "team",
    "equipo", "week", "month", "semana", "mes", "csp", "cx", "i", "me",
}


@dataclass
class KpiRequest:
    metrics: list[str] = field(default_factory=list)  # catalog ids, in question order
    teams: list[str] = field(default_factory=list)  # directory team ids named in the question
    agents: list[str] = field(default_factory=list)  # agent ids named in the question
    my_team: bool = False
    self_ref: bool = False
    all_teams: bool = False
    compare: bool = False
    window: Window | None = None
    window_error: str | None = None
    unknown_name: str | None = None  # a capitalised name that matched no team, person or metric


class Understanding:
    """Compiled matchers for one catalog and directory."""

    def __init__(self, catalog: Catalog, directory: Directory):
        self.catalog = catalog
        self.directory = directory
        self._metrics = [(_phrase_re(p), mid) for p, mid in catalog.phrases() if p]
        self._teams = [(_phrase_re(p), tid) for p, tid in directory.team_phrases() if p]
        sites: dict[str, list[str]] = {}
        for t in directory.teams.values():
            if t.site:
                sites.setdefault(fold(t.site), []).append(t.id)
        self._sites = [(_phrase_re(s), ids) for s, ids in sorted(sites.items(), key=lambda x: -len(x[0]))]
        self._agents = [(_phrase_re(p), aid) for p, aid in directory.agent_phrases() if p]
        self._known_words = {w for p, _ in catalog.phrases() for w in re.findall(r"[a-z0-9]+", p)}
        self._known_words |= {w for p, _ in directory.team_phrases() for w in re.findall(r"[a-z0-9]+", p)}
        self._known_words |= {w for p, _ in directory.agent_phrases() for w in re.findall(r"[a-z0-9]+", p)}
        self._known_words |= {fold(t.site) for t in directory.teams.values() if t.site}

    @staticmethod
    def _take(patterns, text: str) -> tuple[list, str]:
        """Longest phrases first; blank each match so "forecast accuracy" does not also count as "accuracy"."""
        found: list[tuple[int, object]] = []
        for pattern, value in patterns:
            for m in pattern.finditer(text):
                found.append((m.start(), value))
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        ordered: list = []
        for _, value in sorted(found, key=lambda x: x[0]):
            if value not in ordered:
                ordered.append(value)
        return ordered, text

    def parse(self, question: str, today: dt.date, timezone: str) -> KpiRequest:
        req = KpiRequest()
        try:
            req.window, span = find_window(question, today, timezone)
        except WindowError as exc:
            req.window_error, span = str(exc), _window_span(question)
        text = self._blank(fold(question), span)
        req.agents, text = self._take(self._agents, text)
        req.metrics, text = self._take(self._metrics, text)
        req.teams, text = self._take(self._teams, text)
        sites, text = self._take(self._sites, text)
        for ids in sites:
            req.teams += [t for t in ids if t not in req.teams]
        req.my_team = bool(_MY_TEAM.search(text) or _OUR.search(text))
        req.self_ref = bool(_SELF.search(text))
        req.all_teams = bool(_ALL_TEAMS.search(text))
        req.compare = bool(_COMPARE.search(text))
        req.unknown_name = self._unknown_name(question)
        req._rest = text  # type: ignore[attr-defined]
        return req

    @staticmethod
    def _blank(text: str, span: tuple[int, int] | None) -> str:
        if not span:
            return text
        return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]

    def _unknown_name(self, question: str) -> str | None:
        for m in _NAMED.finditer(question):
            word = fold(m.group(1))
            if word not in self._known_words and word not in _NOT_NAMES and word not in _MONTHS \
                    and not re.fullmatch(r"q[1-4]|h[12]|\d+", word) \
                    and not (_KPI_WORDS.fullmatch(word) or _KNOWLEDGE.fullmatch(word) or _DEFINITION.fullmatch(word)):
                return m.group(1)
        return None

    def is_kpi_question(self, question: str, today: dt.date) -> bool:
        """Cheap routing test. Whether a named team exists must not change the outcome (that would
        tell a prober which teams exist), so an unknown capitalised name counts like a known one."""
        req = self.parse(question, today, "UTC")
        text = req._rest  # type: ignore[attr-defined]
        has_window = req.window is not None or req.window_error is not None
        named = bool(req.agents or req.teams or req.unknown_name or req.all_teams)
        scoped = named or req.my_team or req.self_ref
        kpi_words = bool(_KPI_WORDS.search(text))
        if _STRONG_DEFINITION.search(text) or _ADVICE.search(text) or _KNOWLEDGE.search(text):
            # "How is AHT calculated?", "how do I improve my FCR?", "FCR required for certification":
            # knowledge answers, unless clearly a request for numbers over a period.
            return has_window and scoped
        if _DEFINITION.search(text) and not (scoped or has_window):
            return False  # "what is the TMO?"
        if req.metrics and (scoped or has_window or kpi_words):
            return True
        if (named or req.my_team) and (kpi_words or has_window):
            return True
        if named and _COMPARE.search(text):
            return True  # "compare Phoenix and Atlas"
        return bool(_SELF_OVERVIEW.search(text))


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "setiembre", "octubre", "noviembre", "diciembre"}


def _is_month(word: str) -> bool:
    return word in _MONTHS


def _window_span(question: str) -> tuple[int, int] | None:
    """Where an (invalid) window phrase sits, so its words are not read as names."""
    try:
        return find_window(question, dt.date(2100, 12, 31), "UTC")[1]
    except WindowError:
        return None
