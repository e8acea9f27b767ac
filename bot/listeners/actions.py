"""The 👍/👎 buttons under every answer."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks import FEEDBACK_ACTION_DOWN, FEEDBACK_ACTION_UP
from bot.context import BotContext
from assistant.feedback.records import answer_language, record_feedback
from assistant.base.messages import message
from bot.responder import apologise_privately

log = logging.getLogger(__name__)


def store_click(ctx: BotContext, respond: Respond, body: dict[str, Any], action: dict[str, Any], value: str) -> None:
    answer_id = action.get("value", "")
    user = (body.get("user") or {}).get("id")
    language = None
    try:
        language = answer_language(ctx.store, answer_id)
        record_feedback(
            ctx.store, answer_id=answer_id, value=value, user_id=user,
            channel_id=(body.get("channel") or {}).get("id"),
            message_ts=(body.get("container") or {}).get("message_ts"),
        )
        log.info("feedback %s on answer %s", value, answer_id)
        respond(text=message(f"bot.feedback_thanks_{value}", language), response_type="ephemeral", replace_original=False)
    except Exception:
        apologise_privately(respond, language, "could not store feedback on %s", answer_id)


def register(app: App, ctx: BotContext) -> None:
    @app.action(FEEDBACK_ACTION_UP)
    def on_thumbs_up(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        ctx.submit(store_click, ctx, respond, body, action, "up")

    @app.action(FEEDBACK_ACTION_DOWN)
    def on_thumbs_down(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        ctx.submit(store_click, ctx, respond, body, action, "down")
