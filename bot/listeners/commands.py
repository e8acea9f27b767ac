"""/copc QUESTION: acknowledged at once, answered through the command's response_url."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.context import BotContext
from assistant.base.text import fold_name
from bot.formatting import question_from_slack
from assistant.base.messages import message
from bot.language import guess_language
from bot.owners import is_report_request, report_blocks
from bot.responder import Question, answer_and_post, apologise_privately, retry_handlers
from slack_sdk.webhook import WebhookClient

COMMAND = "/copc"
# Subscription commands are handled here, not by the question router.
FOLLOW_WORDS = re.compile(r"^\s*(follow|seguir|following|siguiendo|unfollow|dejar|alert|alerta|suscribir|"
                          r"subscribe|unsubscribe|mis seguimientos)\b")
log = logging.getLogger(__name__)


def follow_command(ctx: BotContext, text: str, user: str | None, channel: str | None, language: str | None,
                   response_url: str | None) -> None:
    """/copc follow | seguir | following | unfollow | alert: the reply goes privately to the person."""
    from slack_sdk.webhook import WebhookClient

    from bot.responder import apologise_privately, retry_handlers

    webhook = WebhookClient(response_url or "", retry_handlers=retry_handlers())
    if not user:
        return  # no identity, no subscription (fails closed like every other request)
    try:
        reply = ctx.assistant.follows.handle(text, user=user, channel=channel, language=language or "en")
        webhook.send(text=reply or message("follow.usage", language), response_type="ephemeral")
    except Exception:
        apologise_privately(lambda **kw: webhook.send(**kw), language, "follow command failed for %s", user)


def _send_report(ctx: BotContext, response_url: str, language: str) -> None:
    try:
        text, blocks, _ = report_blocks(ctx.services, language=language)
        WebhookClient(response_url, retry_handlers=retry_handlers()).send(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
    except Exception:
        apologise_privately(WebhookClient(response_url).send, language, "could not build the gaps report")


def register(app: App, ctx: BotContext) -> None:
    def _report(ack: Ack, command: dict[str, Any], language: str | None) -> None:
        """/copc report: the gaps report, privately, for knowledge owners only."""
        user = command.get("user_id")
        lang = ctx.person_language(user) or language or "en"
        if ctx.directory is None or not ctx.directory.is_owner(user) or ctx.services is None:
            ack(text=message("feedback.report_refused", lang))
            return
        ack(text=message("bot.working", lang))
        ctx.submit(_send_report, ctx, command.get("response_url"), lang)

    @app.command(COMMAND)
    def on_copc(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        # Everything after /copc goes to the core: "help", "2.3", "kpi AHT last week", "quiz 2.3"...
        text = question_from_slack(command.get("text", "")) or "help"
        channel = command.get("channel_id")
        language = guess_language(text) or ctx.channels.for_channel(channel).language or ctx.person_language(
            command.get("user_id")
        )
        if is_report_request(text):
            _report(ack, command, language)
            return
        ack(text=message("bot.working", language))
        if FOLLOW_WORDS.match(fold_name(text)):
            ctx.submit(follow_command, ctx, text, command.get("user_id"), channel, language,
                       command.get("response_url"))
            return
        ctx.submit(answer_and_post, ctx, client, Question(
            text=text, user=command.get("user_id"), channel=channel, surface="command",
            is_dm=command.get("channel_name") == "directmessage" or (channel or "").startswith("D"),
            response_url=command.get("response_url"),
        ))
