"""TrainingService: request detection, refresher answers, grading and progress in the store."""

from __future__ import annotations

import pytest

from assistant.base.caller import Caller, cli_caller
from assistant.training.service import TrainingError, TrainingService

from tests.training.verify import check_question

TRAINING = [
    ("refresher on item 3.4", "en"),
    ("quiz me on KPI definitions", "en"),
    ("/copc quiz kpis", "en"),
    ("quiz kpis", "en"),
    ("refresher 2.3", "en"),
    ("Can you give me a quick test on item 2.5?", "en"),
    ("test me on AHT", "en"),
    ("recap of CX 6.0 please", "en"),
    ("my progress", "en"),
    ("repaso del ítem 2.3", "es"),
    ("repaso del item 2.3", "es"),
    ("Repaso del Item 2.3 de la version 6.0", "es"),
    ("hazme un examen de indicadores", "es"),
    ("examen sobre el ítem 3.4", "es"),
    ("evalúame en enfoque y despliegue", "es"),
    ("evaluame sobre el AHT", "es"),
    ("ponme a prueba con la CX 6.0", "es"),
    ("quiero una prueba rápida del 2.3", "es"),
    ("mi progreso", "es"),
]
NOT_TRAINING = [
    ("what does item 3.4 require?", "en"),
    ("What does 3.3 say about refresher training?", "en"),
    ("how should we test agents' knowledge?", "en"),
    ("what is the AHT of my team last week?", "en"),
    ("what is the difference between approach and deployment?", "en"),
    ("¿Qué pide el ítem 2.3?", "es"),
    ("¿la norma pide cursos de repaso?", "es"),
    ("¿cómo se hace la prueba de conocimientos del ítem 3.4?", "es"),
    ("cual es el nivel de servicio de mi equipo", "es"),
    ("¿qué es el despliegue?", "es"),
]


@pytest.mark.parametrize("question,language", TRAINING)
def test_training_requests_are_recognised(service, question, language):
    assert service.is_training_request(question, language)


@pytest.mark.parametrize("question,language", NOT_TRAINING)
def test_ordinary_questions_are_not_training(service, question, language):
    assert not service.is_training_request(question, language)


REQUESTS = [
    ("refresher on item 3.4", "en", "item", "csp51-3.4"),
    ("repaso del ítem 2.3", "es", "item", "csp51-2.3"),
    ("repaso del item 2.3 de la version 6.0", "es", "item", "cx60-2.3"),
    ("refresher on 2.3 in CX 6.0", "en", "item", "cx60-2.3"),
    ("quiz me on KPI definitions", "en", "kpis", None),
    ("quiz kpis", "es", "kpis", None),
    ("quiz AHT", "en", "kpi", "kpi-aht"),
    ("repaso de enfoque y despliegue", "es", "concept", "concept-approach-deployment"),
    ("quiz CX 6.0", "en", "release", None),
    ("quiz me", "en", "general", None),
]


@pytest.mark.parametrize("question,language,kind,focus", REQUESTS)
def test_refresher_answers(service, kb, question, language, kind, focus):
    answer = service.answer(question, language=language, caller=cli_caller("U0AGT00001"))
    assert answer.intent == "refresher" and answer.language == language
    assert 3 <= len(answer.quiz) <= 5
    card = answer.card
    assert card["type"] == kind
    if focus:
        assert card["entries"][0]["id"] == focus
        assert answer.citations[0].id == focus
    if kind in ("item", "release", "general"):
        assert card["release"] and card["release"] in answer.text  # the release is named
    cited = {c.id: c.n for c in answer.citations}
    for q in answer.quiz:
        assert cited[q.citation.id] == q.citation.n  # numbered like the answer's sources
        assert not check_question(kb, q.to_json(), language), q
    json_out = answer.to_json()
    assert json_out["intent"] == "refresher" and json_out["quiz"] == [q.to_json() for q in answer.quiz]
    assert all(set(q) >= {"question", "choices", "answer", "explanation", "citation"} for q in json_out["quiz"])


def test_item_refresher_recap_content(service, kb):
    answer = service.answer("refresher on item 3.4", language="en", caller=cli_caller(None), seed=1)
    entry = kb.item("CSP 5.1", "3.4")
    assert entry.en.title in answer.text and "CSP 5.1" in answer.text
    for point in entry.en.key_points:
        assert point in answer.text
    if entry.confidence == "inferred":
        assert "inferred" in answer.text


def test_same_seed_same_quiz_other_seeds_vary(service):
    a = service.run("quiz me on KPI definitions", language="en", user=None, seed=7).answer.quiz
    b = service.run("quiz me on KPI definitions", language="en", user=None, seed=7).answer.quiz
    assert a == b
    variants = {tuple(q.question for q in service.answer("quiz kpis", language="en", caller=cli_caller(None)).quiz) for _ in range(6)}
    assert len(variants) >= 3  # unseeded requests differ


def test_problems_get_clear_answers(service):
    missing = service.answer("refresher on 2.9 in CSP 5.2", language="en", caller=cli_caller(None))
    assert missing.intent == "no_answer" and "2.9" in missing.text and "CSP 5.1" in missing.text
    unknown = service.answer("quiz on escalations", language="en", caller=cli_caller(None))
    assert unknown.intent == "no_answer" and "escalations" in unknown.text
    spanish = service.answer("repaso de la versión 8.0", language="es", caller=cli_caller(None))
    assert spanish.intent == "no_answer" and "8.0" in spanish.text
    with pytest.raises(TrainingError, match="Known releases"):
        service.run("quiz 2.3", language="en", user=None, release="CSP 9.9")


def _play(service, answer, user, right: set[int]):
    grades = []
    for i, q in enumerate(answer.quiz):
        choice = q.answer if i in right else (q.answer + 1) % len(q.choices)
        grades.append(service.grade(answer.quiz_id, i, choice, user))
    return grades


def _progress_flow(service):
    answer = service.answer("quiz me on KPI definitions", language="en", caller=cli_caller("U1"), seed=3)
    grades = _play(service, answer, "U1", right={0, 2})
    assert [g.correct for g in grades][:3] == [True, False, True]
    assert grades[-1].finished and grades[-1].score == 2 and not grades[0].finished
    # A second click on an answered question changes nothing: the first answer stands.
    again = service.grade(answer.quiz_id, 1, answer.quiz[1].answer, "U1")
    assert again.already_answered and not again.correct and again.score == 2
    p = service.progress_for("U1")
    assert p["quizzes_finished"] == 1 and p["questions_answered"] == len(answer.quiz)
    assert p["correct_answers"] == 2
    assert p["average_score_pct"] == round(100 * 2 / len(answer.quiz))
    assert {c["id"] for c in p["covered"]} >= {q.subject for q in answer.quiz}
    assert p["recent"][0]["score"] == 2
    other = service.progress_for("U2")
    assert other["quizzes_started"] == 0
    text = service.answer("my progress", language="en", caller=cli_caller("U1"))
    assert text.intent == "refresher" and text.private and "1 finished" in text.text
    es = service.answer("mi progreso", language="es", caller=cli_caller("U1"))
    assert "terminados" in es.text
    with pytest.raises(ValueError):
        service.grade(answer.quiz_id, 99, 0, "U1")


def test_progress_is_stored_sqlite(service):
    _progress_flow(service)


def test_progress_is_stored_postgresql(quiz_settings, kb, pg_store):
    _progress_flow(TrainingService(quiz_settings, kb, pg_store))


def test_progress_survives_another_replica(quiz_settings, kb, store):
    """Grading works from any process sharing the store: the quiz is read back, not kept in memory."""
    first = TrainingService(quiz_settings, kb, store)
    answer = first.answer("repaso del ítem 3.4", language="es", caller=cli_caller("U9"), seed=5)
    second = TrainingService(quiz_settings, kb, store)
    grade = second.grade(answer.quiz_id, 0, answer.quiz[0].answer, "U9")
    assert grade.correct and grade.explanation == answer.quiz[0].explanation


def test_only_trainers_may_share(service):
    pytest.importorskip("assistant.people.directory")
    trainer, agent = "U0TRN00001", "U0AGT00001"  # roles from config/directory.yaml
    assert service.is_trainer(trainer) and not service.is_trainer(agent) and not service.is_trainer(None)
    answer = service.answer("quiz 2.3", language="en", caller=cli_caller(trainer))
    assert answer.can_post is True
    assert service.answer("quiz 2.3", language="en", caller=cli_caller(agent)).can_post is False
    shared = service.share(answer.quiz_id, trainer, "C123")
    assert shared.shared and shared.channel_id == "C123" and shared.questions == [q.to_json() for q in answer.quiz]
    with pytest.raises(PermissionError):
        service.share(answer.quiz_id, agent, "C123")
    # Everyone in the channel answers the shared quiz on their own.
    g1 = service.grade(shared.id, 0, shared.questions[0]["answer"], "U0AGT00002")
    g2 = service.grade(shared.id, 0, (shared.questions[0]["answer"] + 1) % len(shared.questions[0]["choices"]), "U0AGT00003")
    assert g1.correct and not g2.correct


def test_progress_counts_only_what_was_answered(service):
    """Handing out a quiz (copc ask, copc quiz --json) neither starts it nor covers its subjects."""
    first = service.answer("quiz me on KPI definitions", language="en", caller=cli_caller("U7"), seed=11)
    service.answer("refresher on item 2.3", language="en", caller=cli_caller("U7"), seed=12)
    p = service.progress_for("U7")
    assert p["quizzes_started"] == 0 and p["covered"] == [] and p["recent"] == [] and p["last_activity"] is None
    # One answer starts the quiz and covers exactly that question's subject.
    service.grade(first.quiz_id, 1, first.quiz[1].answer, "U7")
    p = service.progress_for("U7")
    assert p["quizzes_started"] == 1 and p["quizzes_finished"] == 0 and p["questions_answered"] == 1
    assert [c["id"] for c in p["covered"]] == [first.quiz[1].subject]
    assert p["recent"][0]["quiz_id"] == first.quiz_id and p["recent"][0]["score"] is None
    # Someone else answering the same (shared) quiz covers nothing for U7.
    service.grade(first.quiz_id, 0, first.quiz[0].answer, "U8")
    assert [c["id"] for c in service.progress_for("U7")["covered"]] == [first.quiz[1].subject]


@pytest.mark.parametrize("request_, language", [("refresher Process Capability", "en"), ("repaso Capacidad de los Procesos", "es")])
def test_a_title_naming_several_entries_picks_the_item(service, request_, language):
    """"Process Capability" is CSP 4.x item 2.2 and a glossary term: the item wins, so a release is named."""
    answer = service.answer(request_, language=language, caller=cli_caller(None), seed=1)
    card = answer.card
    assert card["type"] == "item" and card["entries"][0]["id"] == "csp4x-2.2"
    assert card["release"] == "CSP 4.x" and "CSP 4.x" in answer.text


def test_same_named_entries_prefer_item_then_kpi(service):
    # In the default release the release's own item wins; a KPI beats its glossary twin.
    assert service.answer("refresher on forecasting", language="en", caller=cli_caller(None), seed=1).card["entries"][0]["id"].startswith("csp51-")
    assert service.answer("refresher AHT", language="en", caller=cli_caller(None), seed=1).card["entries"][0]["id"] == "kpi-aht"
    # A release named in the request is respected: no jump to another release's item.
    named = service.answer("refresher Process Capability in CSP 5.1", language="en", caller=cli_caller(None), seed=1)
    assert named.card["entries"][0]["id"] != "csp4x-2.2"


@pytest.mark.parametrize("request_, language", [("repaso", "es"), ("quiz", "en")])
def test_the_generic_card_holds_what_its_title_says(service, kb, quiz_settings, request_, language):
    """"<release> items and KPI definitions": only that release's items and KPIs, on the card and in the quiz."""
    release = quiz_settings.default_release
    for seed in range(8):
        answer = service.answer(request_, language=language, caller=cli_caller(None), seed=seed)
        card = answer.card
        assert card["type"] == "general" and card["release"] == release
        ids = [e["id"] for e in card["entries"]] + [q.subject for q in answer.quiz]
        for entry_id in ids:
            e = kb.entries[entry_id]
            assert e.kind == "kpi" or (e.kind == "item" and e.release == release), (seed, entry_id)
        kinds = [e["kind"] for e in card["entries"]]
        assert kinds == sorted(kinds, key=lambda k: k != "item"), "items first, then KPIs"


def _number_key(number):
    major, minor = number.split(".")
    return (int(major), int(minor))


@pytest.mark.parametrize("request_", ["refresher CX 6.0", "quiz CSP 5.1", "repaso de la CX 6.0"])
def test_overview_cards_list_items_in_number_order(service, request_):
    for seed in range(6):
        card = service.answer(request_, language="en", caller=cli_caller(None), seed=seed).card
        numbers = [e["item"] for e in card["entries"] if e["item"]]
        assert numbers == sorted(numbers, key=_number_key), (seed, numbers)


def test_card_order_is_numeric(kb):
    """2.10 comes after 2.9, not between 2.1 and 2.2."""
    from assistant.training.card import build_card
    from assistant.training.topics import Topic

    items = [kb.item("CSP 5.1", n) for n in ("2.10", "2.9", "1.1", "2.2")]
    assert all(items)
    card = build_card(kb, Topic("release", "CSP 5.1", focus=items, pool=items, label="CSP 5.1"), [], "en", {})
    assert [e["item"] for e in card["entries"]] == ["1.1", "2.2", "2.9", "2.10"]
