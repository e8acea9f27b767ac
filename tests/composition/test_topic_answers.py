"""Concept, glossary and release questions in new wording (issue 11): terms framed by definition
words, release content and naming questions, rambling messages whose last question names nothing,
and fact-sheet details the answer must carry. Through the real assistant."""

import pytest

from assistant.base.caller import Caller

pytestmark = pytest.mark.slow


def ask(assistant, q):
    return assistant.answer(q, caller=Caller.local_operator())


@pytest.mark.parametrize("q, first, words", [
    ("In COPC terminology, what is a PSIC?", None, ("Customer Service Provider",)),
    ("¿qué quiere decir COPC?", "gloss-copc", ("Customer Operations Performance Center",)),
    ("In which release did the CSP Standard get its new name, the CX Standard?", "concept-standards-family", ("6.0",)),
    ("¿Cuándo cambió de nombre la norma PSIC?", "concept-standards-family", ("6.0",)),
    ("Who certifies call centres against the COPC standard?", "concept-certification-audit", ("only body",)),
    ("What changes does Release 8.0 bring?", "concept-release-8-changes", ("AI",)),
    ("¿Qué cambios introdujo la versión 8.0?", "concept-release-8-changes", ("IA",)),
    ("Which version was the most recent one in 2022?", "concept-release-history", ("Dec 2022",)),
    ("Is COPC Inc. a trade body or an industry association?", "concept-copc-origin", ("private",)),
    ("¿COPC es una asociación de la industria?", "concept-copc-origin", ("empresa privada",)),
    ("Which award criteria inspired the COPC model? Was it Baldrige?", "concept-copc-origin", ("Baldrige",)),
    ("Do item numbers stay the same from one release to the next?", "concept-item-number-warnings", ("2.3",)),
    ("How is the Gold standard different from the base CSP standard?", None, ("4.7",)),
    ("¿qué puntaje da una evaluación de línea base?", "gloss-baseline-assessment", ("cumple",)),
    ("We only want to certify part of our operation, is partial certification possible?",
     "concept-process-certification", ("process certification",)),
    ("¿Se puede hacer una certificación parcial, solo de algunos procesos?", "concept-process-certification",
     ("certificación por procesos",)),
])
def test_topic_questions_in_new_wording(assistant, q, first, words):
    a = ask(assistant, q)
    assert a.intent == "knowledge", a.text
    if first is not None:
        assert a.citations[0].id == first
    for w in words:
        assert w in a.text


@pytest.mark.parametrize("q, first", [
    ("Hi there, I'm new as a team lead and my manager keeps talking about the Performance Summary Table before "
     "our recertification audit next month, and I honestly have no clue what it is or what goes in it. "
     "Can you help me out?", "concept-performance-summary-table"),
    ("Buenas tardes, en la reunión de hoy el gerente habló mucho de la calibración entre evaluadores de calidad "
     "y de que todos califiquen igual las transacciones, pero yo me perdí en esa parte. ¿Me lo explicás?",
     "gloss-calibration"),
])
def test_rambling_message_with_topic_before_the_question(assistant, q, first):
    a = ask(assistant, q)
    assert a.intent == "knowledge" and a.citations[0].id == first


def test_rambling_message_asking_a_price_is_still_refused(assistant):
    a = ask(assistant, "Hello, our site is preparing for the COPC audit next quarter and the team is stressed, "
                       "and finance is asking me to plan the budget carefully for the year. How much will the "
                       "audit fee be?")
    assert a.intent == "no_answer" and not a.citations


@pytest.mark.parametrize("q", [
    "What does Release 8.0 change about labour law in my country?",
    "Which version of ISO 9001 is the current one?",
])
def test_release_wording_around_a_topic_the_kb_lacks_is_refused(assistant, q):
    a = ask(assistant, q)
    assert a.intent == "no_answer" and not a.citations
