"""Unit tests of the quiz and recap Block Kit builders (pure functions, no Slack)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.fixtures.training import kb, quiz_settings  # noqa: F401  (real quizzes from the real KB)

from assistant.base.answers import RefresherAnswer
from bot.blocks_training import (
    LETTERS,
    POST_ACTION,
    SCORE_BLOCK_ID,
    answer_action_id,
    parse_answer_action,
    patch_answered,
    quiz_blocks,
    quiz_state_blocks,
    recap_blocks,
)

QUIZ_ID = "0123456789abcdef0123456789abcdef"


def _texts(node):
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn"):
            yield node["text"]
        for v in node.values():
            yield from _texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v)


@pytest.fixture(scope="module")
def real_answers(quiz_settings, kb):
    from assistant.training.service import TrainingService

    service = TrainingService(quiz_settings, kb, None)
    return [
        service.run(q, language=lang, user=None, seed=s).answer
        for q, lang in [("refresher on item 3.4", "en"), ("repaso del ítem 2.3", "es"), ("quiz kpis", "en"),
                        ("quiz AHT", "es"), ("quiz CX 6.0", "en"), ("repaso de enfoque y despliegue", "es")]
        for s in range(3)
    ]


def test_action_ids_round_trip_and_reject_junk():
    aid = answer_action_id(QUIZ_ID, 4, 3)
    assert parse_answer_action(aid) == (QUIZ_ID, 4, 3) and len(aid) <= 255
    for junk in ("", "copc_quiz_answer", f"copc_quiz_answer:{QUIZ_ID}:x:1", "copc_feedback_up", "copc_quiz_answer:ZZ:1:1"):
        assert parse_answer_action(junk) is None


def test_quiz_blocks_within_slack_limits(real_answers):
    for real in real_answers:
        answer = dataclasses.replace(real, quiz_id=QUIZ_ID)
        blocks = [b.to_dict() for b in quiz_blocks(answer)]
        assert len(blocks) <= 50 and len(json.dumps(blocks, ensure_ascii=False)) < 12_000
        assert all(len(t) <= 3000 for t in _texts(blocks))
        buttons = [el for b in blocks if b["type"] == "actions" for el in b["elements"]]
        assert len(buttons) == sum(len(q.choices) for q in answer.quiz)
        assert all(len(el["text"]["text"]) <= 75 and len(el["action_id"]) <= 255 for el in buttons)
        assert len({el["action_id"] for el in buttons}) == len(buttons)  # unique within the message
        # Every choice is shown, lettered, in the question's section.
        text = "\n".join(_texts(blocks))
        for q in answer.quiz:
            for j, _ in enumerate(q.choices):
                assert f"*{LETTERS[j]})*" in text


def test_quiz_blocks_without_quiz_or_id_are_empty(real_answers):
    real = real_answers[0]
    assert isinstance(real, RefresherAnswer) and real.quiz and quiz_blocks(real)
    assert quiz_blocks(dataclasses.replace(real, quiz=[])) == []
    assert quiz_blocks(dataclasses.replace(real, quiz_id=None)) == []


def test_post_button_only_for_trainers(real_answers):
    answer = dataclasses.replace(real_answers[0], quiz_id=QUIZ_ID, can_post=False)
    assert POST_ACTION not in json.dumps([b.to_dict() for b in quiz_blocks(answer)])
    answer = dataclasses.replace(answer, can_post=True)
    assert POST_ACTION in json.dumps([b.to_dict() for b in quiz_blocks(answer)])


def test_answered_state_and_score(real_answers):
    answer = real_answers[2]
    qs = answer.quiz
    wrong = (qs[1].answer + 1) % len(qs[1].choices)
    partial = [b.to_dict() for b in quiz_state_blocks(QUIZ_ID, qs, "en", {0: (qs[0].answer, True), 1: (wrong, False)})]
    text = "\n".join(_texts(partial))
    assert "Right!" in text and "Not quite" in text and f"the answer is {LETTERS[qs[1].answer]})" in text
    assert SCORE_BLOCK_ID not in json.dumps(partial)
    done = {i: (q.answer, True) for i, q in enumerate(qs)}
    full = [b.to_dict() for b in quiz_state_blocks(QUIZ_ID, qs, "en", done)]
    assert f"Score: {len(qs)}/{len(qs)}* (100%)" in "\n".join(_texts(full))
    assert not any(b["type"] == "actions" for b in full)


def test_patch_answered_replaces_only_that_question(real_answers):
    answer = real_answers[1]  # Spanish
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "recap"}}] + \
             [b.to_dict() for b in quiz_state_blocks(QUIZ_ID, answer.quiz, "es")] + \
             [{"type": "actions", "block_id": "copc_feedback", "elements": []}]
    q0 = answer.quiz[0]
    patched = patch_answered(blocks, QUIZ_ID, 0, q0, q0.answer, "es")
    assert len(patched) == len(blocks) and patched[0] == blocks[0] and patched[-1] == blocks[-1]
    assert "¡Correcto!" in "\n".join(_texts(patched))
    assert sum(1 for b in patched if b["type"] == "actions") == len(answer.quiz) - 1 + 1
    final = patch_answered(patched, QUIZ_ID, 1, answer.quiz[1], 0, "es", score=(1, len(answer.quiz)))
    ids = [b.get("block_id") for b in final]
    assert ids.count(SCORE_BLOCK_ID) == 1 and ids[-1] == "copc_feedback"
    assert ids.index(SCORE_BLOCK_ID) > max(i for i, x in enumerate(ids) if str(x).startswith(f"copc_quiz_{QUIZ_ID}_"))


def test_recap_blocks_for_every_card_type(real_answers):
    for answer in real_answers:
        card = answer.card
        blocks = [b.to_dict() for b in recap_blocks(card, answer.language)]
        assert blocks[0]["type"] == "header" and len(blocks[0]["text"]["text"]) <= 150
        text = "\n".join(_texts(blocks))
        for e in card["entries"]:
            assert e["title"] in text or e["title"][:40] in text
        if card.get("release"):
            assert card["release"] in text or (card.get("release_name") or "") in text
        assert all(len(t) <= 3000 for t in _texts(blocks))
