"""Build the Bolt app: client, middleware, listeners. Wiring only; behaviour lives elsewhere."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.context import BotContext
from bot.listeners import register_listeners
from bot.middleware import register_middleware
from bot.preflight import normalized_api_url
from bot.responder import new_reference, retry_handlers

log = logging.getLogger(__name__)


def build_app(ctx: BotContext, *, socket_mode: bool = False) -> App:
    """The Bolt app for ``ctx``; calls auth.test once (on the configured API URL)."""
    slack = ctx.settings.slack
    client = WebClient(
        token=slack.bot_token,
        base_url=normalized_api_url(slack.api_url),  # slack_sdk reads no env var for this
        retry_handlers=retry_handlers(),
        timeout=15,
    )
    app = App(
        client=client,
        signing_secret=slack.signing_secret or "",
        # Socket Mode envelopes come over the authenticated WebSocket: nothing to sign.
        request_verification_enabled=not socket_mode,
        # Ack first, work after: with False, Bolt answers Slack as soon as ack() is called.
        process_before_response=False,
        # Bolt's default pool (5 threads) is shared by acks; answers run on ctx.executor instead,
        # and this pool only has to run the (fast) listener bodies.
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="bolt-listener"),
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("bot.bolt"),
    )
    register_middleware(app, ctx.deduper)
    register_listeners(app, ctx)

    @app.error
    def on_error(error: Exception, body: dict) -> None:
        ref = new_reference()
        log.error("unhandled error in a listener (ref %s, request type %s)", ref, body.get("type"), exc_info=error)

    return app
