"""The buttons under every answer: 👍 (one click), 👎 (stored, then a modal asks why) and
"Still need help?" (brings in the channel's helpers once)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

import json

from slack_sdk import WebClient

from bot.blocks import ESCALATE_ACTION, FEEDBACK_ACTION_DOWN, FEEDBACK_ACTION_UP, SHOW_TREND_ACTION
from bot.blocks.feedback import REASON_BLOCK, REASON_CALLBACK, reason_modal, submitted_reason, thanks_view
from bot.context import BotContext
from bot.escalation import escalate
from assistant.feedback.records import REASONS, answer_language, record_feedback, record_reason
from assistant.base.messages import message
from bot.responder import apologise_privately, new_reference

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


def show_trend(ctx: BotContext, client: WebClient, respond: Respond, body: dict[str, Any], action: dict[str, Any]) -> None:
    """The "Show trend" button of a KPI card: the chart with the clicker's own rights (checked now,
    not when the card was made), its text table privately, the image in the card's thread in a DM
    or in the clicker's DM when the card sits in a shared channel."""
    from assistant.base.caller import Caller, MissingIdentity
    from bot.charts import dm_channel, upload_chart

    user = (body.get("user") or {}).get("id")
    language = None
    try:
        ids = json.loads(action.get("value") or "{}")
        language = ids.get("l") if ids.get("l") in ("en", "es") else None
        caller = Caller.slack_user(user)
        answer = ctx.assistant.kpi.trend(None, language=language or "en", caller=caller, metric=ids.get("m"),
                                         team=ids.get("t"), surface="button")
        respond(text=answer.text, response_type="ephemeral", replace_original=False)
        if answer.chart is None:
            return
        channel = (body.get("channel") or {}).get("id") or ""
        container = body.get("container") or {}
        if channel.startswith("D") and not container.get("is_ephemeral"):
            upload_chart(client, channel, answer.chart, thread_ts=container.get("message_ts"))
        else:
            upload_chart(client, dm_channel(client, user), answer.chart)
        log.info("trend chart %s for %s", answer.chart.filename, user)
    except MissingIdentity:
        log.warning("refused a Show trend click without a user")
    except Exception:
        apologise_privately(respond, language, "could not show the trend for %s", user)


def register(app: App, ctx: BotContext) -> None:
    @app.action(SHOW_TREND_ACTION)
    def on_show_trend(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                      client: WebClient) -> None:
        ack()
        ctx.submit(show_trend, ctx, client, respond, body, action)

    @app.action(FEEDBACK_ACTION_UP)
    def on_thumbs_up(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        ctx.submit(store_click, ctx, respond, body, action, "up")

    @app.action(FEEDBACK_ACTION_DOWN)
    def on_thumbs_down(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                       client: WebClient) -> None:
        ack()
        ctx.submit(store_click, ctx, respond, body, action, "down")
        # The modal must open within 3 s of the click (the trigger id expires): here, not queued.
        answer_id = action.get("value", "")
        try:
            language = answer_language(ctx.store, answer_id) or ctx.person_language((body.get("user") or {}).get("id"))
            client.views_open(trigger_id=body["trigger_id"], view=reason_modal(answer_id, language or "en"))
        except Exception:
            log.exception("could not open the feedback modal for answer %s", answer_id)  # the 👎 itself is stored

    @app.view(REASON_CALLBACK)
    def on_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        answer_id, reason, comment, language = submitted_reason(view)
        if reason not in REASONS:
            ack(response_action="errors", errors={REASON_BLOCK: message("feedback.modal_reason", language)})
            return
        try:
            record_reason(ctx.store, answer_id=answer_id, reason=reason, comment=comment,
                          user_id=(body.get("user") or {}).get("id"))
        except Exception:
            ref = new_reference()
            log.exception("could not store the feedback reason for answer %s (ref %s)", answer_id, ref)
            ack(response_action="errors", errors={REASON_BLOCK: message("bot.apology", language, ref=ref)})
            return
        log.info("feedback reason %s on answer %s", reason, answer_id)
        ack(response_action="update", view=thanks_view(language))

    @app.action(ESCALATE_ACTION)
    def on_escalate(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                    client: WebClient) -> None:
        ack()
        ctx.submit(escalate, ctx, client, respond, body, action)
