"""Answer one question and show the answer in the right place (the flow every surface shares).

Runs on the context's executor, never on Bolt's listener pool. Whatever goes wrong, the asker
gets a short apology in their language with a reference id; the log has the details.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from bot.blocks import SlackMessage, answer_message, apology_message
from bot.context import BotContext
from assistant.base.caller import Caller, MissingIdentity
from assistant.feedback.records import record_answer
from bot.formatting import question_from_slack
from bot.language import guess_language

log = logging.getLogger(__name__)

Surface = Literal["mention", "dm", "thread", "channel", "command"]


@dataclass
class Question:
    text: str
    user: str | None
    channel: str | None
    surface: Surface
    is_dm: bool = False
    # Where to answer: the thread to reply in (None = top level), or the slash command's response_url.
    thread_ts: str | None = None
    response_url: str | None = None
    history: list[str] = field(default_factory=list)


def retry_handlers() -> list:
    """429 -> wait Retry-After and retry; dropped connections -> retry once."""
    return [RateLimitErrorRetryHandler(max_retry_count=3), ConnectionErrorRetryHandler(max_retry_count=1)]


def thread_context(
    client: WebClient, channel: str, thread_ts: str, current_ts: str | None, bot_user_id: str | None, turns: int
) -> tuple[list[str], bool]:
    """(earlier user turns of the thread, oldest first; whether the bot has spoken in it)."""
    response = client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
    history: list[str] = []
    bot_spoke = False
    for message in response.get("messages") or []:
        if message.get("bot_id") or (bot_user_id and message.get("user") == bot_user_id):
            bot_spoke = True
            continue
        if current_ts and message.get("ts") == current_ts:
            continue
        if current_ts and float(message.get("ts", 0)) > float(current_ts):
            continue
        text = question_from_slack(message.get("text", ""))
        if text:
            history.append(text)
    return (history[-turns:] if turns else []), bot_spoke


def _language_hint(ctx: BotContext, q: Question) -> str | None:
    """None lets the core detect the question's language; a value is passed when it cannot tell."""
    if guess_language(q.text):
        return None
    channel = ctx.channels.for_channel(None if q.is_dm else q.channel)
    return channel.language or ctx.person_language(q.user)


def _post(client: WebClient, q: Question, message: SlackMessage, *, private: bool) -> str | None:
    """Post ``message`` where ``q`` asks for it; returns the message ts when Slack gives one."""
    if q.response_url:
        webhook = WebhookClient(q.response_url, retry_handlers=retry_handlers())
        response = webhook.send(
            **message.as_kwargs(), response_type="ephemeral" if private else "in_channel", replace_original=False
        )
        if response.status_code >= 300:
            raise RuntimeError(f"response_url answered HTTP {response.status_code}")
        return None
    if private and not q.is_dm:
        response = client.chat_postEphemeral(channel=q.channel, user=q.user, thread_ts=q.thread_ts, **message.as_kwargs())
        return response.get("message_ts")
    response = client.chat_postMessage(channel=q.channel, thread_ts=q.thread_ts, **message.as_kwargs())
    return response.get("ts")


def post_chart(client: WebClient, q: Question, chart, *, private: bool, ts: str | None) -> None:
    """The chart of a trend answer, in the answer's thread; answers shown privately in a shared
    channel get it in the asker's DM (a file in the channel would show everyone the numbers)."""
    from bot.charts import dm_channel, upload_chart

    if private or not q.channel:
        upload_chart(client, dm_channel(client, q.user), chart)
    else:
        upload_chart(client, q.channel, chart, thread_ts=q.thread_ts or ts)


def answer_and_post(ctx: BotContext, client: WebClient, q: Question) -> None:
    """The whole flow for one question; never raises."""
    try:
        caller = Caller.slack_user(q.user)
    except MissingIdentity:
        # Fail closed: no user id means no rights to check, so no answer at all (never the
        # operator's full access). Slack sends such payloads only when something is off.
        log.warning("refused a %s request in %s: the Slack payload names no user", q.surface, q.channel)
        return
    hint = _language_hint(ctx, q)
    try:
        channel_cfg = ctx.channels.for_channel(None if q.is_dm else q.channel)
        started = time.perf_counter()
        answer = ctx.assistant.answer(
            q.text, caller=caller, language=hint, history=q.history or None, allow_kpi=channel_cfg.allow_kpi,
            shared=not q.is_dm,  # channel members other than the asker read it: documents for everyone only
        )
        private = bool(answer.private) and not q.is_dm
        answer_id = uuid.uuid4().hex
        from bot.escalation import escalation_target  # imported here: escalation imports this module

        escalate = not private and escalation_target(ctx, q.channel, q.is_dm) is not None
        message = answer_message(answer, answer_ref=answer_id, private_note=private, escalate=escalate)
        ts = _post(client, q, message, private=private)
        chart = getattr(answer, "chart", None)
        if chart is not None:
            post_chart(client, q, chart, private=private, ts=ts)
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info("answered %s in %s: intent=%s language=%s citations=%d latency_ms=%.0f answer=%s",
                 q.surface, q.channel, answer.intent, answer.language, len(answer.citations), latency_ms, answer_id)
    except Exception:
        _apologise(client, q, hint or guess_language(q.text) or ctx.person_language(q.user))
        return
    try:
        record_answer(
            ctx.store, id=answer_id, surface=q.surface, question=q.text, language=answer.language,
            intent=answer.intent, cited_ids=[c.id for c in answer.citations], latency_ms=latency_ms,
            user_id=q.user, channel_id=q.channel, message_ts=ts, answer_text=answer.text,
        )
    except Exception:
        # The user has the answer; a lost log row must not turn into an apology.
        log.exception("could not store answer %s for feedback", answer_id)


def _apologise(client: WebClient, q: Question, language: str | None) -> None:
    ref = uuid.uuid4().hex[:8]
    log.exception("could not answer a %s question in %s from %s (ref %s)", q.surface, q.channel, q.user, ref)
    try:
        # The apology is for the asker only; in a DM that is the whole conversation.
        _post(client, q, apology_message(language, ref), private=True)
    except Exception:
        log.exception("could not even post the apology (ref %s)", ref)


def new_reference() -> str:
    return uuid.uuid4().hex[:8]


def question_text(event: dict[str, Any]) -> str:
    return question_from_slack(event.get("text", ""))


def apologise_privately(respond: Any, language: str | None, what: str, *args: Any) -> None:
    """After a failed button click: log ``what`` (with a new reference id and the traceback) and
    tell the clicker, privately and in their language, that it failed and under which reference."""
    ref = new_reference()
    log.exception(what + " (ref %s)", *args, ref)
    apology = apology_message(language, ref)
    try:
        respond(text=apology.text, blocks=apology.blocks, response_type="ephemeral", replace_original=False)
    except Exception:
        log.exception("could not post the apology (ref %s)", ref)
