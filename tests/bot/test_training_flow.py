"""Refreshers and quizzes in Slack, end to end: the real app over HTTP on 127.0.0.1, the real
answering core and store, a fake Slack Web API, and button clicks signed the way Slack signs them."""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid

import pytest
from tests.fakes.slack import action_form, command_form, message, post_event, post_signed

from assistant.training.progress import TrainingAnswer, TrainingProgress
from bot.blocks_training import POST_ACTION, parse_answer_action
from sqlalchemy import select

pytestmark = pytest.mark.slow

FORM = "application/x-www-form-urlencoded"
TRAINER, AGENT, OTHER = "U0TRN00001", "U0AGT00001", "U0AGT00002"  # roles in config/directory.yaml


def _ts() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 1_000_000:06d}"


def _flat(node) -> str:
    out = []
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            out.append(node["text"])
        for v in node.values():
            out.append(_flat(v))
    elif isinstance(node, list):
        out.extend(_flat(v) for v in node)
    return "\n".join(x for x in out if x)


def _answer_buttons(blocks) -> dict[tuple[int, int], dict]:
    """(question, choice) -> button, for every quiz answer button in a message."""
    found = {}
    for b in blocks:
        for el in b.get("elements", []) if b.get("type") == "actions" else []:
            parsed = parse_answer_action(el.get("action_id", ""))
            if parsed:
                found[(parsed[1], parsed[2])] = el
    return found


def _click(bot, fake, button, *, user, channel, name, message_blocks=None):
    form = action_form(button["action_id"], button["value"], response_url=fake.response_url(name), user=user, channel=channel)
    if message_blocks is not None:
        # Slack sends the message back with clicks on normal (non-ephemeral) messages.
        payload = json.loads(urllib.parse.parse_qs(form)["payload"][0])
        payload["message"] = {"type": "message", "text": "quiz", "blocks": message_blocks, "ts": payload["container"]["message_ts"]}
        form = urllib.parse.urlencode({"payload": json.dumps(payload)})
    r = post_signed(bot.events_url, form, content_type=FORM)
    assert r.status_code == 200
    return fake.wait_for("response_url", where=lambda c: c.path == f"/response/{name}")[0]


def _quiz_of(store_engine_store, quiz_id):
    from assistant.training.progress import ProgressStore

    return ProgressStore(store_engine_store).quiz(quiz_id)


def test_dm_quiz_buttons_feedback_score_and_progress(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    r = post_event(bot.events_url, message("quiz me on KPI definitions", user=AGENT, ts=_ts()), event_id="Ev" + uuid.uuid4().hex[:10])
    assert r.status_code == 200
    post = fake_slack.wait_for("chat.postMessage")[0]
    blocks = post.body["blocks"]
    buttons = _answer_buttons(blocks)
    questions = sorted({q for q, _ in buttons})
    assert 3 <= len(questions) <= 5
    assert "Refresher: KPI definitions" in _flat(blocks) and "Post to this channel" not in _flat(blocks)
    quiz_id = parse_answer_action(next(iter(buttons.values()))["action_id"])[0]
    quiz = _quiz_of(bot.ctx.store, quiz_id)

    # Question 1 right, the others wrong; each click updates the same message in place.
    current = blocks
    for i in questions:
        right = quiz.questions[i]["answer"]
        choice = right if i == 0 else (right + 1) % len(quiz.questions[i]["choices"])
        update = _click(bot, fake_slack, buttons[(i, choice)], user=AGENT, channel="DASKER", name=f"dm{i}",
                        message_blocks=current)
        assert update.body["replace_original"] is True
        current = update.body["blocks"]
        text = _flat(current)
        assert quiz.questions[i]["explanation"] in text.replace("\\", "")
        assert ("Right!" in text) and (i == 0 or "Not quite" in text)
        assert len(_answer_buttons(current)) == sum(len(quiz.questions[j]["choices"]) for j in questions if j > i)
    assert f"Score: 1/{len(questions)}" in _flat(current)
    assert current[-1]["type"] == "actions"  # the feedback buttons of the answer are kept

    with bot.ctx.store.session() as s:
        answers = s.scalars(select(TrainingAnswer).where(TrainingAnswer.quiz_id == quiz_id)).all()
        progress = s.scalars(select(TrainingProgress).where(TrainingProgress.quiz_id == quiz_id)).one()
    assert len(answers) == len(questions) and sum(a.correct for a in answers) == 1
    assert progress.user_id == AGENT and progress.score == 1 and progress.completed_at is not None

    # A second click on an answered question does not change the score.
    again = _click(bot, fake_slack, buttons[(0, (quiz.questions[0]["answer"] + 1) % len(quiz.questions[0]["choices"]))],
                   user=AGENT, channel="DASKER", name="again", message_blocks=current)
    assert f"Score: 1/{len(questions)}" in _flat(again.body["blocks"])

    # /copc progress shows it (privately, through the response_url).
    r = post_signed(bot.events_url, command_form("progress", response_url=fake_slack.response_url("prog"), user=AGENT),
                    content_type=FORM)
    assert r.status_code == 200
    shown = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/prog")[0]
    assert shown.body["response_type"] == "ephemeral"
    text = _flat(shown.body["blocks"])
    assert "training progress" in text and "1 finished" in text


def test_spanish_slash_command_quiz_is_private_and_graded_from_the_store(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    r = post_signed(bot.events_url, command_form("repaso del item 2.3", response_url=fake_slack.response_url("es"), user=AGENT),
                    content_type=FORM)
    assert r.status_code == 200
    shown = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/es")[0]
    assert shown.body["response_type"] == "ephemeral"  # not a trainer: nothing is posted for the channel
    text = _flat(shown.body["blocks"])
    assert "Repaso: ítem 2.3" in text and "Pregunta 1/" in text and "CSP 5.1" in text
    buttons = _answer_buttons(shown.body["blocks"])
    quiz_id = parse_answer_action(buttons[(0, 0)]["action_id"])[0]
    quiz = _quiz_of(bot.ctx.store, quiz_id)
    right = quiz.questions[0]["answer"]
    # Ephemeral messages are not sent back with a click: the app rebuilds the message from the store.
    update = _click(bot, fake_slack, buttons[(0, right)], user=AGENT, channel="CGENERAL", name="es1")
    assert update.body["replace_original"] is True
    text = _flat(update.body["blocks"])
    assert "¡Correcto!" in text and "Repaso" in text and "Fuentes" in text


def test_trainer_posts_quiz_to_channel_and_each_member_answers_privately(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    post_signed(bot.events_url, command_form("quiz 3.4", response_url=fake_slack.response_url("t"), user=TRAINER),
                content_type=FORM)
    preview = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/t")[0]
    assert preview.body["response_type"] == "ephemeral"
    post_button = next(el for b in preview.body["blocks"] if b.get("type") == "actions"
                       for el in b["elements"] if el["action_id"] == POST_ACTION)
    assert fake_slack.calls_to("chat.postMessage") == []

    # Someone who is not a trainer forging the click posts nothing.
    refused = _click(bot, fake_slack, post_button, user=AGENT, channel="CGENERAL", name="forged")
    assert "Only trainers" in refused.body["text"]
    bot.settle()
    assert fake_slack.calls_to("chat.postMessage") == []

    ok = _click(bot, fake_slack, post_button, user=TRAINER, channel="CGENERAL", name="post")
    assert "Posted" in ok.body["text"]
    posted = fake_slack.wait_for("chat.postMessage")[0]
    assert posted.body["channel"] == "CGENERAL"
    blocks = posted.body["blocks"]
    assert "Verifying Skill and Knowledge" in _flat(blocks) and len(blocks) <= 50
    buttons = _answer_buttons(blocks)
    shared_id = parse_answer_action(buttons[(0, 0)]["action_id"])[0]
    quiz = _quiz_of(bot.ctx.store, shared_id)
    assert quiz.shared and quiz.created_by == TRAINER
    right = quiz.questions[0]["answer"]
    wrong = (right + 1) % len(quiz.questions[0]["choices"])
    a = _click(bot, fake_slack, buttons[(0, right)], user=AGENT, channel="CGENERAL", name="m1", message_blocks=blocks)
    b = _click(bot, fake_slack, buttons[(0, wrong)], user=OTHER, channel="CGENERAL", name="m2", message_blocks=blocks)
    for reply in (a, b):
        assert reply.body["response_type"] == "ephemeral" and reply.body["replace_original"] is False
    assert "Right!" in a.body["text"] and "Not quite" in b.body["text"]
    with bot.ctx.store.session() as s:
        users = {row.user_id for row in s.scalars(select(TrainingAnswer).where(TrainingAnswer.quiz_id == shared_id))}
    assert users == {AGENT, OTHER}


def test_unknown_quiz_click_gets_a_clear_message(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    button = {"action_id": f"copc_quiz_answer:{uuid.uuid4().hex}:0:1", "value": "0:1"}
    reply = _click(bot, fake_slack, button, user=AGENT, channel="CGENERAL", name="gone")
    assert reply.body["response_type"] == "ephemeral" and "no longer available" in reply.body["text"]
