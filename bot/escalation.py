""""Still need help?": bring a person in when the bot's answer is not enough.

The channel's configuration names who helps (``escalate_to``): a user group is mentioned in the
asker's thread, a channel gets the question posted to it. The first click claims the answer in
the shared store (its primary key), so double clicks, retries and other replicas post nothing
more; a failed post releases the claim so a later click can try again.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from assistant.base.messages import message
from assistant.feedback.records import answer_record, claim_escalation, escalation_for, escalation_posted, release_escalation
from bot import formatting
from bot.context import BotContext
from bot.responder import apologise_privately

log = logging.getLogger(__name__)
ANSWER_SHOWN = 1500  # characters of the bot's answer quoted in the escalation


def target_label(target: str) -> str:
    return f"<!subteam^{target}>" if target.startswith("S") else f"<#{target}>"


def escalation_target(ctx: BotContext, channel_id: str | None, is_dm: bool) -> str | None:
    """Who helps for a question asked there; a user group cannot be brought into a DM, so a DM
    escalates only to a channel."""
    target = ctx.channels.for_channel(None if is_dm else channel_id).escalate_to
    if target and is_dm and target.startswith("S"):
        return None
    return target


def _permalink(client: WebClient, channel: str | None, ts: str | None) -> str | None:
    if not (channel and ts):
        return None
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except Exception:
        log.warning("no permalink for %s/%s", channel, ts, exc_info=True)
        return None


def escalate(ctx: BotContext, client: WebClient, respond: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
    answer_id = action.get("value", "")
    user = (body.get("user") or {}).get("id")
    record = None
    try:
        record = answer_record(ctx.store, answer_id)
        if record is None:
            raise LookupError(f"no stored answer {answer_id!r}")
        language = record.language
        target = escalation_target(ctx, record.channel_id, record.surface == "dm")
        if target is None:
            raise LookupError(f"no escalation target for answer {answer_id}")
        if not claim_escalation(ctx.store, answer_id=answer_id, user_id=user, target=target):
            existing = escalation_for(ctx.store, answer_id)
            label = target_label(existing.target if existing else target)
            respond(text=message("feedback.already_escalated", language, target=label),
                    response_type="ephemeral", replace_original=False)
            return
        try:
            link = _permalink(client, record.channel_id, record.message_ts) or ""
            text = message("feedback.escalation_post", language, asker=user or record.user_id or "",
                           question=formatting.escape(record.question),
                           answer=formatting.truncate(record.text or "—", ANSWER_SHOWN), link=link)
            if target.startswith("S"):
                # The group is mentioned where the question was asked, in the answer's thread.
                thread = (body.get("container") or {}).get("thread_ts") or record.message_ts
                response = client.chat_postMessage(channel=record.channel_id, thread_ts=thread,
                                                   text=f"{target_label(target)} {text}")
            else:
                response = client.chat_postMessage(channel=target, text=text)
            escalation_posted(ctx.store, answer_id, response.get("ts"))
        except Exception:
            release_escalation(ctx.store, answer_id)
            raise
        log.info("escalated answer %s to %s", answer_id, target)
        respond(text=message("feedback.escalated_to", language, target=target_label(target)),
                response_type="ephemeral", replace_original=False)
    except Exception:
        apologise_privately(respond, record.language if record else None, "could not escalate answer %s", answer_id)
