"""Routing is a table: each row says which intent takes a question and why (the claim's reason)."""

from __future__ import annotations

import pytest

from assistant.base.caller import Caller
from assistant.composition.router import INTENTS

OPERATOR = Caller.local_operator()

# (question, extra request fields, intent, a word of the reason)
ROUTES = [
    ("x" * 2100, {}, "too_long", "max_question_chars"),
    ("   ", {}, "empty", "nothing"),
    ("help", {}, "help", "help"),
    ("¿quién eres?", {}, "help", "greeting"),
    ("what does 2.3 require?", {"release": "R99"}, "unknown_release", "R99"),
    ("quiz me on AHT", {}, "training", "quiz"),
    ("repaso del ítem 2.3", {}, "training", "refresher"),
    ("AHT for Phoenix last week", {}, "kpi", "metric"),
    ("¿cómo va mi equipo?", {}, "kpi", "metric"),
    # typos of catalog words, everyday subjects and periods (issue 11)
    ("abandonmnet rate for my queue right now", {}, "kpi", "metric"),
    ("tmo de mi operación ahorita", {}, "kpi", "metric"),
    ("service lvl for team 3 yesterday", {}, "kpi", "metric"),
    ("AHT trend for Phoenix last 8 weeks", {}, "kpi_trend", "trend"),
    ("tendencia del nivel de servicio de Halcón", {}, "kpi_trend", "trend"),
    ("what does item 2.3 require?", {}, "item", "2.3"),
    ("2.3 en CX 6.0", {}, "item", "2.3"),
    ("and in CX 6.0?", {"history": ["what does item 2.3 require?"]}, "item", "2.3"),
    ("what is the difference between approach and deployment", {}, "topic", "search"),
    ("¿cómo se calcula el TMO?", {}, "topic", "search"),
    ("Which of our documents cover 2.3?", {}, "document_coverage", "documents"),
    ("¿qué documentos cubren el 2.3?", {}, "document_coverage", "documents"),
    # Without ingested documents a site question is a knowledge question (tests/documents routes
    # it to site_practice once procedures are there).
    ("how do we handle corrective actions here?", {}, "topic", "search"),
]
NEEDS_DOCUMENTS = {"site_practice"}
# A metric word without a real subject is the knowledge path's (answered or honestly refused),
# never a KPI request for a team called "benchmark", "legal" or "KRI".
NOT_KPI = [
    "what FCR do the leading insurance call centers in Brazil get?",
    "¿es legal descontar bonos por ausentismo en Perú?",
    "how can I configure the ASA alert in our dialer?",
    "KPI vs KRI, same thing?",
    "Service Delivery vs Transaction Monitoring?",
]


@pytest.mark.parametrize("question,request_fields,intent,reason_word", ROUTES)
def test_route_table(assistant, question, request_fields, intent, reason_word):
    name, reason = assistant.explain(question, caller=OPERATOR, **request_fields)
    assert name == intent, (question, name, reason)
    assert reason_word in reason


@pytest.mark.parametrize("question", NOT_KPI)
def test_metric_words_without_a_subject_are_knowledge_questions(assistant, question):
    name, reason = assistant.explain(question, caller=OPERATOR)
    assert name == "topic", (question, name, reason)
    assert assistant.answer(question, caller=OPERATOR).intent in ("knowledge", "no_answer")


def test_every_intent_is_reachable_and_named_once():
    names = [i.name for i in INTENTS]
    assert len(names) == len(set(names))
    assert {row[2] for row in ROUTES} | NEEDS_DOCUMENTS == set(names)


def test_answer_follows_the_route(assistant):
    """The intent the router names is the one that answers (no second routing path)."""
    expected = {"item": "knowledge", "topic": "knowledge", "kpi": "kpi", "kpi_trend": "kpi", "training": "refresher",
                "help": "help", "empty": "no_answer", "too_long": "no_answer", "unknown_release": "no_answer",
                # no documents ingested in this session's assistant: the item is answered, with a note
                "document_coverage": "knowledge"}
    for question, fields, intent, _ in ROUTES:
        answer = assistant.answer(question, caller=OPERATOR, **fields)
        assert answer.intent == expected[intent], (question, answer.intent)
