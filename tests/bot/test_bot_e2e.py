"""End to end over HTTP: the real app (Bolt + waitress + the real answering core) on 127.0.0.1,
a fake Slack Web API, and requests signed exactly as Slack signs them."""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest
from assistant.base.caller import Caller, cli_caller
from tests.fakes.slack import (
    BOT_ID,
    BOT_USER_ID,
    action_form,
    command_form,
    event_json,
    mention,
    message,
    post_event,
    post_signed,
    text_objects,
)
from sqlalchemy import select

from assistant.feedback.records import AnswerFeedback, SlackAnswer

pytestmark = pytest.mark.slow


def _eid() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


_last_ts_us = [0]


def _ts() -> str:
    # Unique and increasing, like Slack's: a random fraction made a follow-up sent within the same
    # second as its thread root look older than the root half the time (so its history was dropped).
    us = max(time.time_ns() // 1000, _last_ts_us[0] + 1)
    _last_ts_us[0] = us
    return f"{us // 1_000_000}.{us % 1_000_000:06d}"


def flat(blocks) -> str:
    return "\n".join(o["text"] for o in text_objects(blocks))


def test_mention_answered_in_its_thread_with_citations(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    ts = _ts()
    r = post_event(bot.events_url, mention("what does item 2.3 require?", ts=ts), event_id=_eid())
    assert r.status_code == 200
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.body["channel"] == "CGENERAL" and post.body["thread_ts"] == ts
    blocks = post.body["blocks"]
    text = flat(blocks)
    assert "Corrective Action" in text and "[1]" in text
    assert "*Sources*" in text and "[1] *2.3* · CSP 5.1" in text
    assert blocks[-1]["type"] == "actions"
    assert post.headers["Authorization"] == "Bearer xoxb-1111-2222-fake"
    bot.settle()
    with bot.ctx.store.session() as s:
        row = s.scalars(select(SlackAnswer).where(SlackAnswer.channel_id == "CGENERAL")).one()
        assert row.surface == "mention" and "csp51-2.3" in row.cited_ids and row.latency_ms > 0


def test_spanish_dm_answered_in_spanish(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    r = post_event(bot.events_url, message("¿Qué exige el ítem 2.3?", ts=_ts()), event_id=_eid())
    assert r.status_code == 200
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.body["channel"] == "DASKER" and "thread_ts" not in post.body
    text = flat(post.body["blocks"])
    assert "Ítem 2.3" in text or "ítem 2.3" in text.lower()
    assert "*Fuentes*" in text and ":+1: Útil" in text and "Sources" not in text


def test_three_retries_of_one_event_give_one_answer(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    event, event_id = mention("what is service level?", ts=_ts()), _eid()
    statuses = [post_event(bot.events_url, event, event_id=event_id, retry_num=n).status_code for n in (None, 1, 2, 3)]
    assert statuses == [200, 200, 200, 200]
    fake_slack.wait_for("chat.postMessage")
    bot.settle()
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 1


def test_mention_also_delivered_as_message_is_answered_once(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    ts = _ts()
    as_mention = mention("what is FCR?", ts=ts)
    as_message = message(as_mention["text"], channel="CGENERAL", channel_type="channel", ts=ts)
    assert post_event(bot.events_url, as_message, event_id=_eid()).status_code == 200
    assert post_event(bot.events_url, as_mention, event_id=_eid()).status_code == 200
    post = fake_slack.wait_for("chat.postMessage")[0]
    bot.settle()
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 1 and post.body["thread_ts"] == ts


def test_two_instances_sharing_redis_answer_once(fake_slack, start_bot, redis_prefix):
    shared = {"redis_url": "redis://127.0.0.1:6379/0", "slack": {"dedupe_prefix": redis_prefix}}
    first, second = start_bot(fake_slack, **shared), start_bot(fake_slack, **shared)
    event, event_id = mention("what does item 1.1 require?", ts=_ts()), _eid()
    # Slack retries to whichever replica the load balancer picks.
    assert post_event(first.events_url, event, event_id=event_id).status_code == 200
    assert post_event(second.events_url, event, event_id=event_id, retry_num=1).status_code == 200
    assert post_event(second.events_url, event, event_id=event_id, retry_num=2).status_code == 200
    fake_slack.wait_for("chat.postMessage")
    first.settle(), second.settle()
    time.sleep(0.3)
    assert len(fake_slack.posts()) == 1


@pytest.mark.parametrize(
    ("case", "kw"),
    [
        ("wrong secret", {"secret": "not-the-signing-secret"}),
        ("stale", {"age": 6 * 60}),  # Slack's window is 5 minutes either way
        ("future", {"age": -6 * 60}),
    ],
)
def test_bad_stale_and_future_signatures_get_401_and_post_nothing(fake_slack, start_bot, case, kw):
    bot = start_bot(fake_slack)
    kw = dict(kw)
    if "age" in kw:
        kw["timestamp"] = int(time.time()) - kw.pop("age")
    event_id = _eid()
    event = mention("what does item 2.3 require?", ts=_ts())
    r = post_event(bot.events_url, event, event_id=event_id, **kw)
    assert r.status_code == 401, case
    unsigned = httpx.post(bot.events_url, content=event_json(event, event_id=event_id),
                          headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    time.sleep(0.5)
    bot.settle()
    assert fake_slack.posts() == []
    # The forged deliveries did not claim the event id: the real one is still answered.
    assert post_event(bot.events_url, event, event_id=event_id).status_code == 200
    fake_slack.wait_for("chat.postMessage")


def test_slash_command_acked_within_3s_answer_by_response_url(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    started = time.perf_counter()
    r = post_signed(bot.events_url, command_form("2.3", response_url=fake_slack.response_url("c1")),
                    content_type="application/x-www-form-urlencoded")
    ack_seconds = time.perf_counter() - started
    assert r.status_code == 200 and ack_seconds < 3.0
    assert "Looking that up" in r.text or "Buscando" in r.text
    answer = fake_slack.wait_for("response_url")[0]
    assert answer.path == "/response/c1"
    assert answer.body["response_type"] == "in_channel" and answer.body["replace_original"] is False
    assert "Corrective Action" in flat(answer.body["blocks"])
    assert fake_slack.calls_to("chat.postMessage") == []


def test_6000_character_answer_arrives_split_and_valid(fake_slack, start_bot, assistant):
    # A manager asking for every team's month in a DM: a real ~6,000-character KPI answer with
    # 60 metrics (more cards than Slack's 50-block limit).
    bot = start_bot(fake_slack)
    question = "¿cómo van todos los equipos este mes?"
    r = post_event(bot.events_url, message(question, user="U0MGR00002", ts=_ts()), event_id=_eid())
    assert r.status_code == 200
    post = fake_slack.wait_for("chat.postMessage", timeout=60)[0]
    expected = assistant.answer(question, caller=cli_caller("U0MGR00002"))
    assert len(expected.text) >= 5000 and len(expected.metrics) > 50  # the premise of this test
    blocks = post.body["blocks"]
    assert len(blocks) <= 50
    assert all(len(o["text"]) <= 3000 for o in text_objects(blocks))
    assert len(json.dumps(blocks, ensure_ascii=False)) < 13000
    assert 0 < len(post.body["text"]) <= 40000
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section" and "fields" not in b]
    assert len(sections) >= 2
    # Nothing of the answer text was lost in the split (word for word, markup aside).
    words = " ".join(sections).replace("*", "").split()
    assert words == expected.text.replace("*", "").split()
    assert "métricas más no se muestran" in flat(blocks)
    assert blocks[-1]["type"] == "actions"


def test_feedback_click_is_stored(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    post_event(bot.events_url, mention("what is AHT?", ts=_ts()), event_id=_eid())
    post = fake_slack.wait_for("chat.postMessage")[0]
    bot.settle()
    buttons = post.body["blocks"][-1]["elements"]
    down = next(b for b in buttons if b["action_id"] == "copc_feedback_down")
    r = post_signed(bot.events_url, action_form("copc_feedback_down", down["value"], user="UVOTER",
                                               response_url=fake_slack.response_url("a1")),
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200
    thanks = fake_slack.wait_for("response_url")[0]
    assert thanks.body["response_type"] == "ephemeral" and ":-1:" in thanks.body["text"]
    with bot.ctx.store.session() as s:
        row = s.scalars(select(AnswerFeedback).where(AnswerFeedback.answer_id == down["value"])).one()
    assert row.value == "down" and row.user_id == "UVOTER" and row.question == "what is AHT?"
    assert row.language == "en" and row.cited_ids and row.latency_ms > 0 and row.channel_id == "CGENERAL"


def test_thread_follow_up_uses_earlier_turns(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    root = _ts()
    fake_slack.set_thread("CGENERAL", root, [
        {"type": "message", "user": "UASKER", "ts": root, "text": f"<@{BOT_USER_ID}> what does item 2.3 require?"},
        {"type": "message", "bot_id": BOT_ID, "user": BOT_USER_ID, "ts": root + "1", "text": "Item 2.3 ..."},
    ])
    follow_up = message("and in CX 6.0?", channel="CGENERAL", channel_type="channel", ts=_ts(), thread_ts=root)
    assert post_event(bot.events_url, follow_up, event_id=_eid()).status_code == 200
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.body["thread_ts"] == root
    assert "CX 6.0" in flat(post.body["blocks"]) and "2.3" in flat(post.body["blocks"])
    assert fake_slack.calls_to("conversations.replies")[0].body["ts"] == root


def test_unrelated_thread_reply_and_plain_channel_chatter_are_ignored(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    root = _ts()
    fake_slack.set_thread("CGENERAL", root, [{"type": "message", "user": "UOTHER", "ts": root, "text": "lunch?"}])
    post_event(bot.events_url, message("yes at 1", channel="CGENERAL", channel_type="channel", ts=_ts(),
                                       thread_ts=root), event_id=_eid())
    post_event(bot.events_url, message("what is AHT?", channel="CGENERAL", channel_type="channel", ts=_ts()),
               event_id=_eid())
    post_event(bot.events_url, message("a bot speaking", channel="DASKER", ts=_ts(), bot_id="BOTHER",
                                       subtype="bot_message"), event_id=_eid())
    time.sleep(0.5)
    bot.settle()
    assert fake_slack.posts() == []


def test_channel_answering_every_question(fake_slack, start_bot):
    bot = start_bot(fake_slack, channels_yaml="channels:\n  CQUESTIONS: {mode: all_questions}\n")
    ts = _ts()
    post_event(bot.events_url, message("what is AHT?", channel="CQUESTIONS", channel_type="channel", ts=ts),
               event_id=_eid())
    post_event(bot.events_url, message("good morning team", channel="CQUESTIONS", channel_type="channel",
                                       ts=_ts()), event_id=_eid())
    post = fake_slack.wait_for("chat.postMessage")[0]
    bot.settle()
    assert post.body["thread_ts"] == ts and len(fake_slack.posts()) == 1


def test_kpi_answer_in_channel_is_ephemeral_and_can_be_disabled(fake_slack, start_bot):
    bot = start_bot(fake_slack, channels_yaml="channels:\n  CNOKPI: {allow_kpi: false}\n")
    ts = _ts()
    post_event(bot.events_url, mention("how is my team doing?", user="U0SUP00001", ts=ts), event_id=_eid())
    private = fake_slack.wait_for("chat.postEphemeral")[0]
    assert private.body["user"] == "U0SUP00001" and private.body["thread_ts"] == ts
    text = flat(private.body["blocks"])
    assert "Only you can see this answer" in text and "*Value*" in text
    assert fake_slack.calls_to("chat.postMessage") == []
    post_event(bot.events_url, mention("how is my team doing?", user="U0SUP00001", channel="CNOKPI", ts=_ts()),
               event_id=_eid())
    refusal = fake_slack.wait_for("chat.postMessage")[0]
    assert "not enabled here" in flat(refusal.body["blocks"]) and "*Value*" not in flat(refusal.body["blocks"])


def test_rate_limited_post_is_retried_after_retry_after(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    fake_slack.fail_next("chat.postMessage", 429, retry_after=1)
    post_event(bot.events_url, mention("what is occupancy?", ts=_ts()), event_id=_eid())
    post = fake_slack.wait_for("chat.postMessage")[0]
    failed = fake_slack.calls_to("chat.postMessage:failed")
    assert len(failed) == 1 and post.at - failed[0].at >= 0.9


def test_internal_error_gives_apology_with_reference(fake_slack, start_bot, caplog):
    bot = start_bot(fake_slack)
    fake_slack.fail_next("chat.postMessage", 500, retry_after=None)
    with caplog.at_level("ERROR"):
        post_event(bot.events_url, mention("¿qué es el nivel de servicio?", ts=_ts()), event_id=_eid())
        apology = fake_slack.wait_for("chat.postEphemeral")[0]
        bot.settle()
    text = apology.body["text"]
    assert text.startswith("Lo siento") and "Referencia" in text and "Traceback" not in text
    ref = text.rsplit("Referencia: ", 1)[1].strip(" `.")
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


def test_app_home_published_and_health_check(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    event = {"type": "app_home_opened", "user": "U0MGR00002", "channel": "DASKER", "tab": "home",
             "event_ts": _ts()}
    assert post_event(bot.events_url, event, event_id=_eid()).status_code == 200
    view = fake_slack.wait_for("views.publish")[0].body
    assert view["user_id"] == "U0MGR00002"
    headers = [b["text"]["text"] for b in view["view"]["blocks"] if b["type"] == "header"]
    assert headers == ["Asistente COPC", "COPC Assistant"]  # directory says Spanish first
    health = httpx.get(f"{bot.url}/healthz")
    assert health.status_code == 200 and health.json()["ok"] is True
    assert httpx.get(bot.events_url).status_code == 405
