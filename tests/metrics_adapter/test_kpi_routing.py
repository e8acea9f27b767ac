"""KPI routing on new wording (issue 11): a metric claims a question only with a real subject.

Typos of the catalog's own words and everyday period and subject forms still reach the KPI
service; knowledge questions that merely mention a metric (laws, benchmarks, configuration,
staffing maths, "X vs Y, same thing?") do not, and no ordinary word becomes a team name.
These use the shipped knowledge base: its vocabulary decides which words are terms.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.base.caller import cli_caller
from assistant.knowledge.kb.loader import load_knowledge
from metrics_adapter.subjects import Lexicon
from metrics_adapter.windows import find_window

ROOT = Path(__file__).resolve().parents[2]
SUPERVISOR, MANAGER, AGENT = "U0SUP00001", "U0MGR00001", "U0AGT00001"


@pytest.fixture(scope="module")
def real_kb():
    return load_knowledge(ROOT / "knowledge")


@pytest.fixture
def svc(settings, real_kb, store):
    from metrics_adapter.service import KpiService

    s = KpiService(settings, real_kb, store)
    yield s
    s.close()


@pytest.mark.parametrize("question", [
    "whats the servise level for my team last week",        # typo of a metric word
    "tasa de abandno de mi equipo hoy",                      # typo, Spanish
    "adherance for my squad this morning",                  # typo + "this morning"
    "nivel de servicio de mi eqipo esta semana",            # typo of the subject word
    "AHT for my queue right now",                          # "my queue", "right now"
    "ocupación de mi operación ahorita",                   # "mi operación", "ahorita"
    "csat de mi cola esta mañana",                         # "mi cola", "esta mañana"
    "service lvl for team 12",                             # shorthand + a team number
    "how many customers did the team abandon yesterday?",  # the verb finds the abandonment metric
    "occupancy for my site rn",                            # "rn"
])
def test_new_wordings_of_kpi_requests_route_to_kpi(svc, question):
    assert svc.is_kpi_question(question, "en"), question


@pytest.mark.parametrize("question", [
    "Can a company legally cut pay over a bad AHT in Peru?",
    "¿Es ilegal sancionar a un agente por su adherencia en Colombia?",
    "What occupancy do the best banking call centers in Mexico reach?",
    "CSAT benchmark for retail operations in Europe last year",
    "How do I set up the abandonment threshold in our Genesys platform?",
    "¿Cómo configuro el nivel de servicio en la plataforma Five9?",
    "Erlang maths: how many agents for 500 calls with a 300 s AHT?",
    "PCRC vs KCRP, which one is right?",
    "Performance Management vs Quality Management?",
    "¿Cómo está organizada la categoría 4 en CX 6.0?",
    "What is the price of a service level audit?",
    # never a request for numbers, even with our own team and a period
    "could I dismiss someone on my team over poor adherence this month?",
    "how many agents will my queue need next Monday to reach 80/20?",
    "¿cuántos agentes me hacen falta en mi equipo para el nivel de servicio de hoy?",
])
def test_knowledge_questions_with_a_metric_word_stay_knowledge(svc, question):
    assert not svc.is_kpi_question(question, "en"), question


@pytest.mark.parametrize("question", [
    "show me the top agents by FCR on my team this week",  # "the top" with our own subject and a period
    "how many agents were logged in on my team today",
])
def test_our_own_subject_and_a_period_keep_a_request(svc, question):
    assert svc.is_kpi_question(question, "en"), question


def test_subject_words_and_places_are_not_team_names(svc):
    """Answered for the asker's own teams: "my queue" is theirs, "costo"/"contacto" are terms."""
    for question in ("service lvl for my queue today", "occupancy of my operation this week"):
        a = svc.answer(question, language="en", caller=cli_caller(SUPERVISOR))
        assert a.metrics and {m.team for m in a.metrics} <= {"phoenix", "orion"}, (question, a.text)


@pytest.mark.parametrize("question, kpi", [
    ("¿qué tal el TMO en Orion?", True),            # a team of the directory after "en" is a team
    ("How's the service level in Phoenix?", True),
    ("how's the service level in Portugal?", False),  # a capitalised word that is no team: a place
    ("¿cómo va el abandono en Bolivia?", False),
])
def test_directory_teams_after_in_are_teams_other_capitalised_words_are_places(svc, question, kpi):
    assert svc.is_kpi_question(question, "es" if "¿" in question else "en") is kpi, question


@pytest.mark.parametrize("question, name", [("AHT for Phenix last week", "Phenix"),
                                            ("service level for team 9 yesterday", "9")])
def test_typos_of_team_names_and_team_numbers_are_unknown_teams(svc, question, name):
    manager = svc.answer(question, language="en", caller=cli_caller(MANAGER))
    assert manager.metrics == [] and f'"{name}"' in manager.text and "Phoenix" in manager.text, manager.text
    agent = svc.answer(question, language="en", caller=cli_caller(AGENT))
    assert agent.metrics == [] and name not in agent.text  # never the asker's own numbers instead


@pytest.fixture
def lexicon(svc):
    return svc.understanding.lexicon


@pytest.mark.parametrize("typed, read", [
    ("servce level", "service level"), ("Nivel de servcio", "Nivel de servicio"), ("mi equpo", "mi equipo"),
    ("occupncy", "occupancy"), ("service lvl", "service level"),
    ("Phenix", "Phenix"),  # directory names are never corrected: the asker is told instead
    ("calibration", "calibration"),  # a word the knowledge base uses stays as typed
])
def test_typos_of_catalog_and_subject_words_are_read_as_those_words(lexicon: Lexicon, typed, read):
    assert lexicon.correct(typed) == read


@pytest.mark.parametrize("phrase", ["right now", "rn", "this morning", "ahorita", "ahora mismo", "esta mañana"])
def test_everyday_words_for_today_are_today(phrase):
    today = dt.date(2026, 3, 18)
    window, _ = find_window(f"AHT for my team {phrase}", today, "UTC")
    assert window is not None and window.key == "today" and window.start == today
