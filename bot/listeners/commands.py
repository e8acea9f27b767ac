"""/copc QUESTION: acknowledged at once, answered through the command's response_url."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.context import BotContext
from bot.formatting import question_from_slack
from assistant.base.messages import message
from bot.language import guess_language
from bot.responder import Question, answer_and_post

COMMAND = "/copc"


def register(app: App, ctx: BotContext) -> None:
    @app.command(COMMAND)
    def on_copc(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        # Everything after /copc goes to the core: "help", "2.3", "kpi AHT last week", "quiz 2.3"...
        text = question_from_slack(command.get("text", "")) or "help"
        channel = command.get("channel_id")
        language = guess_language(text) or ctx.channels.for_channel(channel).language or ctx.person_language(
            command.get("user_id")
        )
        ack(text=message("bot.working", language))
        ctx.submit(answer_and_post, ctx, client, Question(
            text=text, user=command.get("user_id"), channel=channel, surface="command",
            is_dm=command.get("channel_name") == "directmessage" or (channel or "").startswith("D"),
            response_url=command.get("response_url"),
        ))
