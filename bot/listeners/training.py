"""Quiz buttons and trainers posting a refresher/quiz to a channel.

Refresher and quiz requests themselves ("/copc quiz 2.3", "repaso del ítem 2.3", "/copc progress")
go through the answering core like any question and arrive as a recap with quiz buttons. Here:

- a click on an answer letter is acknowledged at once and graded off Bolt's pool: the person's own
  quiz message is updated in place (the buttons of that question become the verdict and
  explanation; the score appears after the last one); on a quiz a trainer posted to a channel the
  feedback is private to whoever clicked, so each person answers on their own;
- "Post to this channel" (shown to trainers) posts the quiz for everyone; the role is checked
  again on the click, from the directory, so a forged click from anyone else posts nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assistant.base.answers import Citation, QuizQuestion
from assistant.base.messages import message

from bot.blocks import sources_block
from bot.blocks_training import (
    ANSWER_ACTION_RE,
    POST_ACTION,
    parse_answer_action,
    patch_answered,
    quiz_state_blocks,
    recap_blocks,
    verdict_text,
)
from bot.context import BotContext
from bot.formatting import mrkdwn_to_plain, truncate
from bot.responder import apologise_privately

log = logging.getLogger(__name__)


def _service(ctx: BotContext) -> Any:
    service = ctx.assistant.training
    if service is None:
        raise RuntimeError("the training part is not available")
    return service


def _questions(quiz) -> list[QuizQuestion]:
    """Stored quizzes keep the questions' JSON form; the blocks take them typed."""
    return [QuizQuestion.from_json(q) for q in quiz.questions]


def _citations(quiz) -> list[Citation]:
    """Citation objects for the sources list of a re-rendered quiz message."""
    seen: dict[str, Citation] = {}
    for q in _questions(quiz):
        seen.setdefault(q.citation.id, q.citation)
    return sorted(seen.values(), key=lambda c: c.n)


def quiz_message(quiz, answered: dict[int, tuple[int, bool]], *, can_post: bool = False) -> dict[str, Any]:
    """A whole refresher + quiz message rebuilt from the stored quiz (text fallback + blocks)."""
    lang = quiz.language
    blocks = [
        *recap_blocks(quiz.card, lang),
        *quiz_state_blocks(quiz.id, _questions(quiz), lang, answered, can_post=can_post),
        *sources_block(_citations(quiz), lang),
    ]
    entries = quiz.card.get("entries") or []
    fallback = f"{message('bot.quiz.recap', lang)}: {quiz.topic_label}" if entries else message("bot.quiz.quiz", lang, n=len(quiz.questions))
    return {"text": truncate(fallback, 3000), "blocks": [b.to_dict() for b in blocks][:50]}


def handle_answer(ctx: BotContext, respond: Respond, body: dict[str, Any], action: dict[str, Any]) -> None:
    user = (body.get("user") or {}).get("id") or ""
    if not user:  # fail closed: an answer nobody can be credited with is not graded
        log.warning("refused a quiz answer: the Slack payload names no user")
        return
    parsed = parse_answer_action(action.get("action_id", ""))
    language = None
    try:
        if parsed is None:
            raise ValueError(f"malformed quiz action id {action.get('action_id')!r}")
        quiz_id, index, choice = parsed
        service = _service(ctx)
        from assistant.training.progress import QuizNotFound

        try:
            quiz = service.quiz(quiz_id)
        except QuizNotFound:
            respond(text=message("bot.quiz.unknown_quiz", None), response_type="ephemeral", replace_original=False)
            return
        language = quiz.language
        grade = service.grade(quiz_id, index, choice, user)
        question = _questions(quiz)[index]
        log.info("quiz %s question %d answered by %s: %s", quiz_id, index, user,
                 "right" if grade.correct else "wrong")
        own = not quiz.shared and (quiz.created_by in (None, user))
        if not own:
            # A quiz posted to a channel: the verdict is for the person who clicked only.
            text = verdict_text(question, grade.choice, language, already=grade.already_answered)
            if grade.finished:
                text += "\n" + message("bot.quiz.score", language, score=grade.score, total=grade.total,
                                  pct=round(100 * grade.score / grade.total))
            respond(text=mrkdwn_to_plain(text), blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
                    response_type="ephemeral", replace_original=False)
            return
        posted = (body.get("message") or {}).get("blocks")
        if posted:
            # A normal message (DM): patch its blocks so the recap, sources and feedback stay as posted.
            blocks = patch_answered(posted, quiz_id, index, question, grade.choice, language,
                                    score=(grade.score, grade.total) if grade.finished else None)
            respond(text=(body.get("message") or {}).get("text") or message("bot.quiz.quiz", language, n=grade.total),
                    blocks=blocks, replace_original=True)
        else:
            # Ephemeral messages are not sent back with the click: rebuild from the stored quiz.
            respond(**quiz_message(quiz, grade.answered, can_post=service.is_trainer(user)), replace_original=True)
    except Exception:
        apologise_privately(respond, language, "could not grade quiz answer %s from %s", action.get("action_id"), user)


def handle_post(ctx: BotContext, client: WebClient, respond: Respond, body: dict[str, Any], action: dict[str, Any]) -> None:
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    quiz_id = action.get("value", "")
    language = None
    try:
        service = _service(ctx)
        from assistant.training.progress import QuizNotFound

        try:
            language = service.quiz(quiz_id).language
            shared = service.share(quiz_id, user, channel)
        except QuizNotFound:
            respond(text=message("bot.quiz.unknown_quiz", language), response_type="ephemeral", replace_original=False)
            return
        except PermissionError:
            log.warning("user %s (not a trainer) tried to post quiz %s to %s", user, quiz_id, channel)
            respond(text=message("bot.quiz.not_trainer", language), response_type="ephemeral", replace_original=False)
            return
        client.chat_postMessage(channel=channel, **quiz_message(shared, {}))
        log.info("trainer %s posted quiz %s to %s as %s", user, quiz_id, channel, shared.id)
        respond(text=message("bot.quiz.posted", language), response_type="ephemeral", replace_original=False)
    except Exception:
        apologise_privately(respond, language, "could not post quiz %s to %s", quiz_id, channel)


def register(app: App, ctx: BotContext) -> None:
    @app.action(ANSWER_ACTION_RE)
    def on_quiz_answer(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        ctx.submit(handle_answer, ctx, respond, body, action)

    @app.action(POST_ACTION)
    def on_quiz_post(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        ctx.submit(handle_post, ctx, client, respond, body, action)
