"""Start the bot for real: checks, warm-up, then serve until stopped."""

from __future__ import annotations

import logging
import signal
import sys
import threading

log = logging.getLogger("bot")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(*, force_http: bool = False, host: str | None = None, port: int | None = None) -> int:
    """Returns the process exit code (0 after a clean stop, 2 for bad settings, 1 if start fails)."""
    from assistant.base.settings import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        return _fail(str(exc))
    slack = settings.slack
    mode = "socket" if slack.app_token and not force_http else "http"
    host = host or slack.host
    port = port or slack.port
    if not 1 <= port <= 65535:
        return _fail(f"--port must be between 1 and 65535, not {port}")

    from bot.logs import configure_logging
    from bot.preflight import check_settings

    configure_logging(settings.log_level, [slack.bot_token, slack.app_token, slack.signing_secret])
    try:
        check_settings(settings, mode)  # type: ignore[arg-type]
    except ConfigError as exc:
        return _fail(str(exc))

    from slack_sdk.errors import SlackApiError

    from bot.app import build_app
    from bot.context import BotContext
    from bot.server import bot_wsgi_app, create_server, health_app

    try:
        ctx = BotContext.create(settings)
    except Exception as exc:  # e.g. a broken channels/directory file: the message names it
        return _fail(f"cannot start: {exc}")
    log.info("warming up the answering core (embedding model, index)…")
    try:
        ctx.assistant.warm_up()
    except Exception as exc:
        log.exception("warm-up failed")
        return _fail(f"the answering core could not start: {exc}")
    try:
        app = build_app(ctx, socket_mode=mode == "socket")
    except SlackApiError as exc:
        return _fail(f"Slack rejected the bot token (auth.test: {exc.response.get('error')})")
    except Exception as exc:
        return _fail(f"cannot reach the Slack Web API at {slack.api_url} ({type(exc).__name__}: {exc})")

    from bot.scheduler import start_scheduler

    scheduler = start_scheduler(ctx, app.client)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    if mode == "http":
        server = create_server(bot_wsgi_app(app, signing_secret=slack.signing_secret), host, port,
                               connection_limit=slack.http_connection_limit,
                               idle_timeout=slack.http_idle_timeout_seconds,
                               read_timeout=slack.http_read_timeout_seconds)
        log.info("HTTP mode: POST %s and GET /healthz on %s:%s", "/slack/events", host, server.effective_port)
        thread = threading.Thread(target=server.run, name="waitress", daemon=True)
        thread.start()
        stop.wait()
        server.close()
    else:
        from bot.socket_mode import socket_health, socket_mode_handler

        handler = socket_mode_handler(app, slack.app_token)  # type: ignore[arg-type]
        handler.connect()
        # No public endpoint in Socket Mode, but the container health check still needs one.
        health = create_server(health_app(socket_health(handler)), host, port, threads=2,
                               connection_limit=slack.http_connection_limit,
                               idle_timeout=slack.http_idle_timeout_seconds,
                               read_timeout=slack.http_read_timeout_seconds)
        threading.Thread(target=health.run, name="healthz", daemon=True).start()
        log.info("Socket Mode connected; GET /healthz on %s:%s", host, health.effective_port)
        stop.wait()
        handler.close()
        health.close()
    if scheduler is not None:
        scheduler.shutdown(wait=True)  # a run in progress finishes (or its lease lets another replica take it)
    log.info("stopping: finishing answers in progress")
    ctx.shutdown()
    return 0
