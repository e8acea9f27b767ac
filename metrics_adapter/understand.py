"""Understanding a KPI question: which metrics, whose numbers, which window. No model, no DB.

Names are matched against the catalog (metric names and aliases) and the directory (team names,
sites, people with individual numbers), accent- and case-insensitively; catalog and subject words
also with a one- or two-letter slip, and a word counts as a would-be name only if it is not a
term of the knowledge base or a place (metrics_adapter/subjects.py). Nothing a user typed ever
reaches a query: only the ids these matches resolve to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from metrics_adapter.catalog import Catalog, fold
from assistant.people.directory import Directory
from metrics_adapter.errors import WindowError
from metrics_adapter.subjects import NOT_A_REQUEST, OTHERS, Lexicon
from metrics_adapter.windows import Window, find_window

_B = r"(?<![a-z0-9])"  # word boundaries that also work next to "/" and "-"
_E = r"(?![a-z0-9])"


def _phrase_re(phrase: str) -> re.Pattern:
    return re.compile(_B + re.escape(phrase) + _E)


# "my team", "our team", "mi equipo", "nuestro equipo", "my teams", "my queue", "mi operación", "my site"
_MY_TEAM = re.compile(_B + r"(?:my|our|mi|mis|nuestro|nuestra|nuestros|nuestras)\s+(?:teams?|equipos?|squad|grupo|"
                      r"queues?|colas?|operations?|operacion|operaciones|sites?|sitio|campaigns?|campana|lob)" + _E)
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
    r"se mide|formula|calculo|"
    # comparing two metrics is a definition question; two teams are named (capitalised) subjects
    r"difference|differences|different|differ|diferencia|diferencias|diferente|distinto|distinta)" + _E
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
    r"item|version|pide|piden|se piden|exige|exigen|se exigen|mandatory|obligatori[oa]s?)" + _E
)
_SELF_OVERVIEW = re.compile(
    _B + r"(?:how am i doing|how did i do|how i am doing|como voy|como me fue|como me va|my numbers|mis numeros|"
    r"mis indicadores|my kpis|my metrics|mis metricas|my stats|mis resultados|my results)" + _E
)
# Positions where a team or person name goes, whatever its case: "for X", "de X", "how is X",
# "¿cómo va X?", "compare X and Y", "X vs Y". Matched on folded text (lower case, no accents).
_SLOTS = [
    re.compile(_B + r"(?:team|teams|equipo|equipos|for|of|de|del|para|about|sobre|at|en)\s+(?P<n>[a-z0-9][\w'-]*)"),
    re.compile(_B + r"(?:how is|how's|hows|how was|how are|how did|how were|how does|how do|"
               r"como va|como van|como esta|como estan|como anda|como andan|como le fue a|como les fue a|"
               r"como le va a|como les va a|como fue|como vamos con)\s+(?P<n>[a-z0-9][\w'-]*)"),
    re.compile(_B + r"(?:compare|compara|comparar|comparame|comparing)\s+(?P<n>[a-z0-9][\w'-]*)"),
    re.compile(_B + r"(?P<n>[a-z0-9][\w'-]*)\s+(?:and|y|e|with|con|vs\.?|versus|against|contra|frente a|compared to|"
               r"compared with|comparado con)(?![a-z0-9])"),
    re.compile(_B + r"(?:and|y|e|with|con|vs\.?|versus|against|contra|frente a|compared to|compared with|"
               r"comparado con)\s+(?P<n>[a-z0-9][\w'-]*)"),
]
# Words that are never a team or person name. Anything else left over in a KPI question, once
# metrics, windows, teams and people are taken out, is a name we do not know.
_STOP = set("""
a an the this that these those it its is are was were be been being am do does did doing done has have had
having will would can could should may might must shall i me my mine we us our ours you your yours he she they them
their his her who whom whose what which when where why how whats what's hows how's and or but if then than so
not no yes to of in on at by for from with without about into over under between among per vs versus against
compare compared comparing comparison vs. please pls thanks thank hi hello hey ok okay show give tell get got
see check look let lets let's want need know like share send display list report reports value values number
numbers figure figures score scores rate rates level levels target targets goal goals trend trends period periods
day days week weeks month months year years quarter today yesterday now currently current latest recent recently
so far still running update updated data stats kpi kpis metric metrics team teams agent agents group squad site
sites overall total average avg all every each both other some any also just only well good bad better worse
doing performing performance perform going go did up down result results overview dashboard scorecard summary
numbers individual individually person people everyone everybody whole entire full same vs against over last
past previous next first since until till through how many much more most less least fewer ago around about
de del la el los las lo un una unos unas y e o u ni que qué cual cuál cuales cuanto cuánto cuanta cuantos como
cómo donde cuando por para con sin sobre entre hasta desde en a al es son fue fueron era eran ser estar esta
este estos estas esto ese esa eso esos esas está están estan estamos estoy va van vamos voy ando anda andan le
les me te se nos mi mis tu tus su sus nuestro nuestra nuestros nuestras yo tú tu usted ustedes él ella ellos
ellas equipo equipos agente agentes grupo sitio sitios dame muestra muestrame muéstrame dime ver quiero
necesito puedes podrias podrías favor porfa gracias hola buenos buenas dias días dia día semana semanas mes
meses año años hoy ayer ahora actual ultimo último ultima última ultimos últimos ultimas últimas pasado pasada
pasados pasadas anterior anteriores siguiente valor valores cifra cifras numero número numeros números nivel
niveles meta metas objetivo objetivos tendencia periodo período todo todos toda todas cada ambos otro otra
otros otras tambien también solo sólo bien mal mejor peor resultado resultados resumen tablero desempeño
desempeno rendimiento comparar compara comparame comparación comparacion contra frente versus hay tiene tienen
tenemos tengo tuvo tuvimos tuvieron hace fue le va total promedio general persona personas individual vs
difference differences diferencia diferencias utilization utilisation utilizacion utilización between entre
""".split())


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
    unknown_name: str | None = None  # a word in name position that matched no team, person or metric
    # Words in name position ("for X", "how is X", "compare X and Y", capitalised), found WITHOUT
    # the directory: routing uses these, so it cannot differ between existing and made-up teams.
    name_candidates: list[str] = field(default_factory=list)


class Understanding:
    """Compiled matchers for one catalog and directory."""

    def __init__(self, catalog: Catalog, directory: Directory, kb=None, vocabulary=None):
        self.catalog = catalog
        self.directory = directory
        self.lexicon = Lexicon(catalog, directory, kb, stop=frozenset(_STOP_FOLDED), vocabulary=vocabulary)
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
        self._metric_words = {w for p, _ in catalog.phrases() for w in re.findall(r"[a-z0-9]+", p)}
        self._agent_ids = {fold(p.agent_id): p.agent_id for p in directory.people.values() if p.agent_id}

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
        question = self.lexicon.correct(question)
        try:
            req.window, span = find_window(question, today, timezone)
        except WindowError as exc:
            req.window_error, span = str(exc), _window_span(question)
        folded = fold(question)
        text = self._blank(folded, span)
        _, without_metrics = self._take(self._metrics, text)
        req.name_candidates = self._name_candidates(question, without_metrics)
        # Routing sees id-shaped words whether or not the id exists (see KpiRequest.name_candidates).
        req.name_candidates += [t for t in _agent_id_tokens(without_metrics, self) if t not in req.name_candidates]
        id_agents, unknown_id, text = self._take_agent_ids(text)
        req.agents, text = self._take(self._agents, text)
        req.agents += [a for a in id_agents if a not in req.agents]
        req.metrics, text = self._take(self._metrics, text)
        req.teams, text = self._take(self._teams, text)
        sites, text = self._take(self._sites, text)
        for ids in sites:
            req.teams += [t for t in ids if t not in req.teams]
        req.my_team = bool(_MY_TEAM.search(text) or _OUR.search(text))
        number = _TEAM_NUMBER.search(text)  # "team 4": teams have names, so a number names one we do not know
        req.self_ref = bool(_SELF.search(text))
        req.all_teams = bool(_ALL_TEAMS.search(text))
        req.compare = bool(_COMPARE.search(text))
        text = _MY_TEAM.sub(lambda m: " " * len(m.group()), text)  # "my queue": the asker's own, not a name
        req.unknown_name = unknown_id or (number and number.group("n")) or self._leftover_name(question, folded, text)
        req._rest = text  # type: ignore[attr-defined]
        req._question = question  # type: ignore[attr-defined]  # as read: typos of catalog words put right
        return req

    def _take_agent_ids(self, text: str) -> tuple[list[str], str | None, str]:
        """Agent ids typed as such ("AHT for pho-02"): a known id names that person; an unknown
        one is a name we do not know, exactly like an unknown team (it used to be skipped as a
        word with digits, and the question was answered for the asker's own team)."""
        agents: list[str] = []
        unknown: str | None = None
        for m in _AGENT_ID.finditer(text):
            if not self._is_agent_id_shape(m.group()):
                continue
            known = self._agent_ids.get(m.group())
            if known:
                agents.append(known)
            elif unknown is None:
                unknown = m.group()
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        return agents, unknown, text

    def _is_agent_id_shape(self, token: str) -> bool:
        """Looks like an agent id ("pho-02", "agt_117"); no directory look-up, so routing is the
        same for real and made-up ids. Letter parts that are ordinary or metric words ("top-2")
        are not ids."""
        letters = re.split(r"[-_]", token)[0]
        return (letters not in _STOP_FOLDED and letters not in self._metric_words and letters not in _MONTHS
                and not any(p.fullmatch(letters) for p in _NOT_NAME_PATTERNS) and letters not in _ID_NOT_NAMES)

    @staticmethod
    def _blank(text: str, span: tuple[int, int] | None) -> str:
        if not span:
            return text
        return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]

    def _is_name_word(self, word: str) -> bool:
        """Could this folded word be a team or person name? (No directory look-up: see KpiRequest.)"""
        return (len(word) >= 2 and not any(c.isdigit() for c in word) and word not in _STOP_FOLDED
                and word not in _MONTHS and word not in _WEEKDAYS and word not in self._metric_words
                and not any(p.fullmatch(word) for p in _NOT_NAME_PATTERNS))

    def _name_candidates(self, question: str, text: str) -> list[str]:
        found: list[tuple[int, str]] = []
        for pattern in _SLOTS:
            for m in pattern.finditer(text):
                if self._is_name_word(m.group("n")):
                    found.append((m.start("n"), m.group("n")))
        if len(text) == len(question):  # folding kept positions: capitals of the original still line up
            for m in _WORD.finditer(question):
                word = text[m.start():m.end()]
                if m.group()[0].isupper() and word == fold(m.group()) and self._is_name_word(word):
                    found.append((m.start(), word))
        return list(dict.fromkeys(w for _, w in sorted(found)))

    def _leftover_name(self, question: str, folded: str, text: str) -> str | None:
        """The first word left once metrics, windows, teams, people and ordinary words are taken out:
        a name we do not know. Answering for the asker's own team instead would be a wrong answer."""
        places = self.lexicon.place_words(question)
        for m in _WORD.finditer(text):
            word = m.group()
            if self._is_name_word(word) and word not in places and not self.lexicon.is_language_word(word):
                if len(folded) == len(question):
                    return question[m.start():m.end()]
                return m.group()
        return None

    def _subject_names(self, question: str, req: KpiRequest) -> list[str]:
        """Name candidates that look like a team or person: capitalised in the question, after a
        team word, or shaped like an agent id. Decided without the directory (see is_kpi_question)."""
        folded = fold(question)
        # Title case only: an all-capitals word ("DSAT", "KCRP") is a term, not a team.
        capitalised = {fold(m.group()) for m in _WORD.finditer(question)
                       if m.group()[0].isupper() and not (m.group().isupper() and len(m.group()) <= 6)}
        slotted = {m.group("n") or m.group("m") for m in _TEAM_SLOT.finditer(folded)}
        ids = set(_agent_id_tokens(folded, self))
        return [n for n in req.name_candidates if n in capitalised or n in slotted or n in ids]

    def is_kpi_question(self, question: str, today: dt.date) -> bool:
        """Cheap routing test. An unknown capitalised name counts like a known one; the one exception
        is a capitalised word after "in"/"en", which is a team when the directory has it and a
        place otherwise ("in Spain") — that tells a prober nothing the unknown-name reply, which
        lists the teams, does not."""
        req = self.parse(question, today, "UTC")
        question = req._question  # type: ignore[attr-defined]
        text = req._rest  # type: ignore[attr-defined]
        has_window = req.window is not None or req.window_error is not None
        # Only words that can be names count: not terms of the knowledge base, not places ("in Spain").
        req.name_candidates = self.lexicon.plausible_names(question, req.name_candidates)
        named = bool(req.name_candidates or req.all_teams)
        scoped = named or req.my_team or req.self_ref
        # A metric claims the question only with a real subject: a capitalised name, a word after
        # "team"/"equipo", an agent id, "my team", "me", all teams or a period. A lowercase word
        # in a "for/of/de/en X" slot is usually a topic ("AHT en outsourcing"), not a team.
        subject = bool(self._subject_names(question, req) or req.all_teams or req.my_team or req.self_ref
                       or _TEAM_NUMBER.search(fold(question)))
        kpi_words = bool(_KPI_WORDS.search(text))
        if NOT_A_REQUEST.search(fold(question)):
            return False  # a law, a vendor, staffing maths, a price: the knowledge path says what it covers
        if (_STRONG_DEFINITION.search(text) or _ADVICE.search(text) or _KNOWLEDGE.search(text)
                or OTHERS.search(text)):
            # "How is AHT calculated?", "how do I improve my FCR?", "FCR required for certification":
            # knowledge answers, unless clearly a request for numbers over a period.
            # A rambling "...my manager, yesterday... what does item 2.4 require?" names no metric.
            return has_window and subject and bool(req.metrics or _SELF_OVERVIEW.search(text))
        if _DEFINITION.search(text) and not (has_window or req.my_team or req.self_ref or (req.metrics and subject)):
            return False  # "what is the TMO?", "What is the Performance Summary Table?"
        if req.metrics and (subject or has_window or (kpi_words and scoped)):
            return True
        if (named or req.my_team) and kpi_words:
            return True
        if req.my_team and has_window:
            return True  # "mi equipo ayer"; a bare name and a date is not enough ("bitcoin today")
        sides = len(self._subject_names(question, req)) + req.my_team + req.self_ref
        if named and _COMPARE.search(text) and (sides >= 2 or has_window):
            return True  # "compare Phoenix and Atlas", not "Service Delivery vs Transaction Monitoring"
        return bool(_SELF_OVERVIEW.search(text))


_WORD = re.compile(r"[^\W\d_][\w'-]*")
_TEAM_SLOT = re.compile(_B + r"(?:team|teams|equipo|equipos|squad|grupo|site|sitio)\s+(?P<n>[a-z0-9][\w'-]*)|"
                        + _B + r"(?P<m>[a-z0-9][\w'-]*)\s+(?:team|squad)" + _E)
_TEAM_NUMBER = re.compile(_B + r"(?:team|equipo|squad|grupo)\s+(?:#|no\.?\s*|n[uú]mero\s+)?(?P<n>\d{1,3})(?:'s)?" + _E)
_AGENT_ID = re.compile(r"(?<![\w-])[a-z]{2,12}[-_]\d{1,6}(?![\w-])")
_ID_NOT_NAMES = {"top", "bottom", "tier", "item", "items", "iso", "covid", "level", "nivel", "version", "release", "week",
                 "semana", "day", "dia", "q", "h"}


def _agent_id_tokens(text: str, understanding: "Understanding") -> list[str]:
    return [m.group() for m in _AGENT_ID.finditer(text) if understanding._is_agent_id_shape(m.group())]
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lunes", "martes",
             "miercoles", "jueves", "viernes", "sabado", "domingo"}
_NOT_NAME_PATTERNS = (_KPI_WORDS, _KNOWLEDGE, _DEFINITION, _ADVICE, _COMPARE, re.compile(r"q[1-4]|h[12]|csp|cx|copc|slack"))
_STOP_FOLDED = {fold(w) for w in _STOP}

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
