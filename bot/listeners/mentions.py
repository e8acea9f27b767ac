"""@mentions in channels: answered in the message's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.context import BotContext
from bot.listeners.messages import handle_channel_message


def register(app: App, ctx: BotContext) -> None:
    @app.event("app_mention")
    def on_app_mention(event: dict[str, Any], context: dict[str, Any], client) -> None:
        # Bolt has already acknowledged the event; the answer is prepared off its pool.
        ctx.submit(handle_channel_message, ctx, client, event, context.get("bot_user_id"), mentioned=True)
