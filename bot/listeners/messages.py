"""Direct messages, thread follow-ups, and questions in channels that answer every question."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import BotContext
from bot.language import looks_like_question
from bot.responder import Question, answer_and_post, question_text, thread_context

log = logging.getLogger(__name__)

# Typing just "@COPC Assistant" is a request for help.
_EMPTY_QUESTION = "help"


def _thread(ctx: BotContext, client: WebClient, event: dict[str, Any], bot_user_id: str | None) -> tuple[list[str], bool]:
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts"):
        return [], False
    try:
        return thread_context(client, event["channel"], thread_ts, event.get("ts"), bot_user_id,
                              ctx.settings.slack.history_turns)
    except SlackApiError as exc:
        # Without history the question is still answered, just without the thread's context.
        log.warning("could not read thread %s in %s: %s", thread_ts, event["channel"], exc.response.get("error"))
        return [], False


def handle_channel_message(
    ctx: BotContext, client: WebClient, event: dict[str, Any], bot_user_id: str | None, *, mentioned: bool
) -> None:
    text = question_text(event)
    channel = event["channel"]
    config = ctx.channels.for_channel(channel)
    in_thread = bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")
    is_question = looks_like_question(text)
    # People also talk to each other in threads ("thanks!", "ok, lunch?"): without a mention only
    # questions are considered, which also spares a conversations.replies call per chat message.
    if not mentioned and not is_question:
        return
    history, bot_spoke = _thread(ctx, client, event, bot_user_id)
    if mentioned:
        surface = "mention"
    elif in_thread and bot_spoke:
        surface = "thread"  # a follow-up question in a thread the bot is part of: no mention needed
    elif config.mode == "all_questions":
        surface = "channel"
    else:
        return
    answer_and_post(ctx, client, Question(
        text=text or _EMPTY_QUESTION, user=event.get("user"), channel=channel, surface=surface,
        thread_ts=event.get("thread_ts") or event["ts"], history=history,
    ))


def handle_direct_message(ctx: BotContext, client: WebClient, event: dict[str, Any], bot_user_id: str | None) -> None:
    history, _ = _thread(ctx, client, event, bot_user_id)
    answer_and_post(ctx, client, Question(
        text=question_text(event) or _EMPTY_QUESTION, user=event.get("user"), channel=event["channel"],
        surface="dm", is_dm=True, thread_ts=event.get("thread_ts"), history=history,
    ))


def register(app: App, ctx: BotContext) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        bot_user_id = context.get("bot_user_id")
        if event.get("channel_type") == "im":
            if event.get("subtype") == "file_share" and event.get("files"):
                from bot.listeners.uploads import handle_file_share

                ctx.submit(handle_file_share, ctx, client, event)  # a knowledge owner adding a document
                return
            ctx.submit(handle_direct_message, ctx, client, event, bot_user_id)
            return
        # The same @mention also arrives as app_mention; the dedupe middleware lets only the first
        # delivery through, so whichever comes first answers it as a mention.
        mentioned = bool(bot_user_id) and f"<@{bot_user_id}" in (event.get("text") or "")
        if mentioned or event.get("thread_ts") or ctx.channels.for_channel(event.get("channel")).mode == "all_questions":
            ctx.submit(handle_channel_message, ctx, client, event, bot_user_id, mentioned=mentioned)
