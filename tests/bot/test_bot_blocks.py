"""bot.blocks: every message respects Slack's limits and carries sources, cards and buttons."""

import json

from tests.fakes.slack import text_objects  # tests/ is on sys.path (tests/bot/conftest.py)

from assistant.base.answers import Answer, Citation
from bot.blocks import (
    FEEDBACK_ACTION_DOWN,
    FEEDBACK_ACTION_UP,
    answer_message,
    apology_message,
    home_view,
)


def _citation(n, **kw):
    base = dict(n=n, id=f"csp51-2.{n}", item=f"2.{n}", release="CSP 5.1", title=f"Title {n}", language="en",
                source="fact sheet", confidence="confirmed")
    base.update(kw)
    return Citation(**base)


def _metric(i, **kw):
    base = {
        "metric": "service_level", "name": "Service level", "team": f"Team {i}", "value": 78.4, "unit": "%",
        "window": {"start": "2026-03-01", "end": "2026-03-07", "timezone": "America/Mexico_City", "partial": False},
        "target": 80.0, "status": "missed", "previous": 81.0, "change": -2.6,
    }
    base.update(kw)
    return base


def assert_valid(message):
    assert 1 <= len(message.blocks) <= 50
    for obj in text_objects(message.blocks):
        assert len(obj["text"]) <= 3000
    assert message.text and len(message.text) <= 40000
    assert len(json.dumps(message.blocks, ensure_ascii=False)) < 13000


def test_knowledge_answer_has_text_sources_and_buttons():
    answer = Answer(question="what is 2.3?", language="en", intent="knowledge",
                    text="Item **2.3** requires a documented process [1][2].",
                    citations=[_citation(1), _citation(2, confidence="inferred", item=None, release=None)])
    msg = answer_message(answer, answer_ref="ref-1")
    assert_valid(msg)
    kinds = [b["type"] for b in msg.blocks]
    assert kinds == ["section", "context", "actions"]
    assert msg.blocks[0]["text"]["text"] == "Item *2.3* requires a documented process [1][2]."
    sources = [e["text"] for e in msg.blocks[1]["elements"]]
    assert sources[0] == "*Sources*"
    assert sources[1] == "[1] *2.1* · CSP 5.1 · Title 1 — _confirmed_"
    assert sources[2] == "[2] Title 2 — _inferred_"
    buttons = msg.blocks[2]["elements"]
    assert [b["action_id"] for b in buttons] == [FEEDBACK_ACTION_UP, FEEDBACK_ACTION_DOWN]
    assert {b["value"] for b in buttons} == {"ref-1"}
    assert "Item 2.3 requires" in msg.text


def test_spanish_labels_and_confidence():
    answer = Answer(question="¿2.3?", language="es", intent="knowledge", text="Respuesta [1].",
                    citations=[_citation(1, confidence="partly_confirmed")])
    msg = answer_message(answer, answer_ref="r")
    flat = json.dumps(msg.blocks, ensure_ascii=False)
    assert "*Fuentes*" in flat and "parcialmente confirmado" in flat and "Útil" in flat


def test_uncited_knowledge_answer_warns():
    answer = Answer(question="q", language="en", intent="knowledge", text="Something.")
    msg = answer_message(answer, answer_ref=None)
    assert "No source is cited" in json.dumps(msg.blocks)
    assert all(b["type"] != "actions" for b in msg.blocks)


def test_no_answer_shows_nearest_topics():
    answer = Answer(question="q", language="en", intent="no_answer", text="I could not find that.",
                    extras={"nearest": [{"id": "csp51-2.3", "item": "2.3", "release": "CSP 5.1", "title": "Forecasting"},
                                        "Service level"]})
    flat = json.dumps(answer_message(answer, answer_ref="r").blocks)
    assert "Closest topics" in flat and "2.3 \\u00b7 CSP 5.1 \\u00b7 Forecasting" in flat and "Service level" in flat


def test_6000_character_answer_is_split_and_valid():
    paragraph = "Forecast accuracy compares forecast and actual volume per interval [1]. " * 14
    text = "\n\n".join([paragraph.strip()] * 6)
    assert len(text) > 6000
    answer = Answer(question="q", language="en", intent="knowledge", text=text, citations=[_citation(1)])
    msg = answer_message(answer, answer_ref="r")
    assert_valid(msg)
    sections = [b for b in msg.blocks if b["type"] == "section"]
    assert len(sections) >= 3
    # nothing lost: the sections together hold the whole answer
    assert " ".join(s["text"]["text"] for s in sections).split() == text.split()


def test_huge_answer_is_truncated_with_notice():
    answer = Answer(question="q", language="en", intent="knowledge", text="word " * 20000, citations=[_citation(1)])
    msg = answer_message(answer, answer_ref="r")
    assert_valid(msg)
    assert "shortened to fit" in json.dumps(msg.blocks)
    assert msg.blocks[-1]["type"] == "actions"


def test_kpi_cards():
    answer = Answer(question="sl", language="en", intent="kpi", text="Service level for Team 1.",
                    metrics=[_metric(1, window={"start": "2026-03-01", "end": "2026-03-07",
                                                "timezone": "America/Mexico_City", "partial": True})],
                    citations=[_citation(1, id="kpi-service-level", item=None, release=None, title="Service level")],
                    private=True)
    msg = answer_message(answer, answer_ref="r", private_note=True)
    assert_valid(msg)
    card = msg.blocks[1]
    assert card["text"]["text"].startswith("*Service level · Team 1*")
    assert "period still running" in card["text"]["text"] and "America/Mexico_City" in card["text"]["text"]
    fields = [f["text"] for f in card["fields"]]
    assert fields == ["*Value*\n78.4%", "*Target*\n80.0%", "*Status*\n:x: missed",
                      "*Change vs previous period*\n-2.6 pp (previous 81.0%)"]
    assert "Only you can see" in json.dumps(msg.blocks)


def test_kpi_card_without_target_or_value():
    answer = Answer(question="x", language="en", intent="kpi", text="t",
                    metrics=[_metric(1, value=None, target=None, status="no_target", previous=None, change=None)])
    fields = [f["text"] for f in answer_message(answer, answer_ref=None).blocks[1]["fields"]]
    assert fields == ["*Value*\nn/a", "*Target*\n—", "*Status*\nno target", "*Change vs previous period*\nn/a"]


def test_many_metrics_capped_at_50_blocks_with_note():
    answer = Answer(question="overview", language="en", intent="kpi", text="Overview.",
                    metrics=[_metric(i) for i in range(80)], citations=[_citation(i) for i in range(1, 25)])
    msg = answer_message(answer, answer_ref="r")
    assert_valid(msg)
    assert len(msg.blocks) > 10
    assert "more metrics not shown" in json.dumps(msg.blocks)
    assert msg.blocks[-1]["type"] == "actions"


def test_apology_has_reference_and_language():
    es = apology_message("es", "ab12cd34")
    assert "Referencia: `ab12cd34`" in es.blocks[0]["text"]["text"]
    assert "ab12cd34" in es.text
    assert "Reference" in apology_message(None, "x").text


def test_home_view_both_languages_user_first():
    view = home_view("es")
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert view["type"] == "home" and headers == ["Asistente COPC", "COPC Assistant"]
    assert len(view["blocks"]) <= 100
