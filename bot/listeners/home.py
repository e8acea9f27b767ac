"""The App Home tab (what to ask, EN/ES)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks import home_view
from bot.context import BotContext

log = logging.getLogger(__name__)


def publish_home(ctx: BotContext, client: WebClient, user_id: str) -> None:
    try:
        client.views_publish(user_id=user_id, view=home_view(ctx.person_language(user_id)))
    except Exception:
        log.exception("could not publish the App Home for %s", user_id)


def register(app: App, ctx: BotContext) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            ctx.submit(publish_home, ctx, client, event["user"])
