"""The owners' loop end to end over HTTP against the fake Slack: the 👎 reason modal, "still need
help?" posted once, /copc report for owners only, and the scheduled posts."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid

import pytest
from sqlalchemy import select

from assistant.composition.services import Services
from assistant.feedback.records import Escalation, FeedbackReason
from tests.fakes.slack import (
    action_form, command_form, mention, message, post_event, post_signed, view_submission_form,
)

pytestmark = pytest.mark.slow
FORM = "application/x-www-form-urlencoded"


def _eid() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def _ts() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 1_000_000:06d}"


def _buttons(post) -> dict[str, str]:
    return {b["action_id"]: b["value"] for b in post.body["blocks"][-1]["elements"]}


def test_thumbs_down_opens_reason_modal_and_submission_is_stored(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    post_event(bot.events_url, message("¿Qué es el AHT?", ts=_ts()), event_id=_eid())
    buttons = _buttons(fake_slack.wait_for("chat.postMessage")[0])
    assert "copc_escalate" not in buttons  # no helper configured, no button
    bot.settle()
    r = post_signed(bot.events_url, action_form("copc_feedback_up", buttons["copc_feedback_up"],
                                               response_url=fake_slack.response_url("up"), channel="DASKER"),
                    content_type=FORM)
    assert r.status_code == 200
    fake_slack.wait_for("response_url")
    assert fake_slack.calls_to("views.open") == []  # 👍 stays one click
    r = post_signed(bot.events_url, action_form("copc_feedback_down", buttons["copc_feedback_down"],
                                               response_url=fake_slack.response_url("down"), channel="DASKER"),
                    content_type=FORM)
    assert r.status_code == 200
    opened = fake_slack.wait_for("views.open")[0].body
    assert opened["trigger_id"] == "1.2.3"
    view = opened["view"]
    options = view["blocks"][0]["element"]["options"]
    assert [o["value"] for o in options] == ["wrong", "outdated", "not_asked", "missing_info", "other"]
    assert options[1]["text"]["text"] == "Desactualizada"  # the answer was in Spanish
    values = {"reason": {"reason_choice": {"type": "radio_buttons", "selected_option": options[1]}},
              "comment": {"comment_text": {"type": "plain_text_input", "value": "Cambió la meta; escríbeme a ana@acme.com"}}}
    r = post_signed(bot.events_url, view_submission_form(view, values, user="UVOTER"), content_type=FORM)
    assert r.status_code == 200
    assert r.json()["response_action"] == "update" and "responsables" in json.dumps(r.json(), ensure_ascii=False)
    with bot.ctx.store.session() as s:
        row = s.scalars(select(FeedbackReason).where(FeedbackReason.answer_id == buttons["copc_feedback_down"])).one()
    assert row.reason == "outdated" and row.comment == "Cambió la meta; escríbeme a [email]" and row.user_id == "UVOTER"
    # A forged submission (bad signature) is refused and stores nothing.
    r = post_signed(bot.events_url, view_submission_form(view, values), content_type=FORM, secret="wrong")
    assert r.status_code == 401


def test_still_need_help_posts_once_to_the_user_group_in_the_thread(fake_slack, start_bot):
    bot = start_bot(fake_slack, channels_yaml="defaults: {mode: mention_only}\nchannels:\n  CGENERAL: {escalate_to: SHELPERS}\n")
    root = _ts()
    post_event(bot.events_url, mention("where do I park my car at the office?", ts=root), event_id=_eid())
    answer = fake_slack.wait_for("chat.postMessage")[0]
    answer_id = _buttons(answer)["copc_escalate"]
    assert "Still need help?" in json.dumps(answer.body["blocks"])
    bot.settle()
    fake_slack.clear()
    form = action_form("copc_escalate", answer_id, response_url=fake_slack.response_url("esc"), message_ts="1.5")
    # A double click and a retry of the same click, all at once.
    threads = [threading.Thread(target=post_signed, args=(bot.events_url, form), kwargs={"content_type": FORM})
               for _ in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    replies = fake_slack.wait_for("response_url", count=3)
    bot.settle()
    posts = fake_slack.calls_to("chat.postMessage")
    assert len(posts) == 1
    text = posts[0].body["text"]
    assert text.startswith("<!subteam^SHELPERS>") and "<@UASKER>" in text and "where do I park" in text
    assert "https://copc.slack.com/archives/CGENERAL/p" in text
    assert posts[0].body["channel"] == "CGENERAL"
    said = sorted(r.body["text"] for r in replies)
    assert sum("I have asked <!subteam^SHELPERS>" in t for t in said) == 1
    assert sum("Already asked" in t for t in said) == 2
    assert all(r.body["response_type"] == "ephemeral" for r in replies)
    with bot.ctx.store.session() as s:
        row = s.get(Escalation, answer_id)
    assert row.target == "SHELPERS" and row.posted_ts and row.user_id == "UASKER"


def test_dm_escalates_to_the_default_channel_and_a_failed_post_can_be_retried(fake_slack, start_bot):
    bot = start_bot(fake_slack, channels_yaml="defaults: {mode: mention_only, escalate_to: CHELPDESK}\n")
    post_event(bot.events_url, message("¿cuándo es el día de pago?", ts=_ts()), event_id=_eid())
    answer_id = _buttons(fake_slack.wait_for("chat.postMessage")[0])["copc_escalate"]
    bot.settle()
    fake_slack.clear()
    form = action_form("copc_escalate", answer_id, response_url=fake_slack.response_url("e"), channel="DASKER")
    fake_slack.fail_next("chat.postMessage", status=500, retry_after=None)
    post_signed(bot.events_url, form, content_type=FORM)
    apology = fake_slack.wait_for("response_url")[0]
    assert "Referencia" in apology.body["text"]
    bot.settle()
    fake_slack.clear()
    post_signed(bot.events_url, form, content_type=FORM)
    said = fake_slack.wait_for("response_url")[0].body["text"]
    assert "Pedí ayuda a <#CHELPDESK>" in said
    post = fake_slack.calls_to("chat.postMessage")
    assert len(post) == 1 and post[0].body["channel"] == "CHELPDESK" and "día de pago" in post[0].body["text"]


def test_report_command_only_for_owners(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    post_event(bot.events_url, mention("where do I park my car at the office?", ts=_ts()), event_id=_eid())
    fake_slack.wait_for("chat.postMessage")
    bot.settle()
    r = post_signed(bot.events_url, command_form("report", response_url=fake_slack.response_url("no"),
                                                user="U0AGT00001"), content_type=FORM)
    assert r.status_code == 200 and "knowledge owners only" in r.text
    time.sleep(0.5)
    bot.settle()
    assert fake_slack.calls_to("response_url") == []
    r = post_signed(bot.events_url, command_form("report", response_url=fake_slack.response_url("yes"),
                                                user="U0TRN00001"), content_type=FORM)
    assert r.status_code == 200
    sent = fake_slack.wait_for("response_url")[0].body
    assert sent["response_type"] == "ephemeral"
    text = json.dumps(sent["blocks"], ensure_ascii=False)
    assert "Knowledge gaps report" in text and "where do I park" in text


def test_weekly_post_and_monthly_reminders(fake_slack, start_bot, monkeypatch):
    from bot.owners import JOBS, dm_owners_due, post_weekly_gaps, slack_client

    bot = start_bot(fake_slack)
    post_event(bot.events_url, mention("¿dónde me estaciono en la oficina de Monterrey?", ts=_ts()), event_id=_eid())
    fake_slack.wait_for("chat.postMessage")
    bot.settle()
    fake_slack.clear()
    settings = bot.ctx.settings.model_copy(update={"owners": bot.ctx.settings.owners.model_copy(
        update={"owners_channel": "COWNERS", "review_interval_days": 1})})
    services = Services(settings, store=bot.ctx.store, assistant=bot.ctx.assistant)
    assert post_weekly_gaps(services, "2026-W49")
    post = fake_slack.calls_to("chat.postMessage")[0].body
    assert post["channel"] == "COWNERS" and "estaciono" in json.dumps(post["blocks"], ensure_ascii=False)
    upload = fake_slack.wait_for("upload")[0].body
    assert upload["png"] and upload["bytes"] > 1000
    fake_slack.wait_for("files.completeUploadExternal")
    fake_slack.clear()
    sent = dm_owners_due(services, "2026-12", client=slack_client(services))
    # Default owner "manager": the flagged manager only (Laura Méndez), in Spanish.
    assert list(sent) == ["U0MGR00002"] and sent["U0MGR00002"] == len(bot.ctx.assistant.kb.entries)
    dm = fake_slack.calls_to("chat.postMessage")
    assert len(dm) == 1 and dm[0].body["channel"] == "U0MGR00002" and "deben revisarse" in dm[0].body["text"]
    assert {j.name: j.cadence for j in JOBS} == {"owners_weekly_gaps": "weekly", "owners_monthly_review": "monthly",
                                                 "feedback_retention_purge": "daily"}


def test_report_in_slack_escapes_what_people_typed(assistant, core_settings, tmp_path):
    from assistant.base.store import Store
    from assistant.feedback.records import record_answer
    from bot.owners import report_blocks

    store = Store(f"sqlite:///{tmp_path / 'copc.db'}")
    services = Services(core_settings, store=store, assistant=assistant)
    record_answer(store, id="x1", surface="mention", question="<!channel> where do I park?", language="en",
                  intent="no_answer", cited_ids=[], latency_ms=1.0, user_id="U1", channel_id="C1", message_ts=None)
    text, blocks, _ = report_blocks(services, language="en")
    shown = json.dumps(blocks)
    assert "&lt;!channel&gt; where do I park?" in shown and "<!channel>" not in shown
