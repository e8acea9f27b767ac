"""Socket Mode end to end: the real app and Bolt's built-in Socket Mode client against a fake
Slack WebSocket server (websockets package), including a server-requested reconnect."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from tests.fakes.slack import APP_TOKEN, FakeSocketModeServer, command_form, event_json, mention

pytestmark = pytest.mark.slow


def _envelope(event: dict) -> dict:
    import json

    return json.loads(event_json(event, event_id="Ev" + uuid.uuid4().hex[:10]))


@pytest.fixture
def socket_server():
    server = FakeSocketModeServer().start()
    yield server
    server.stop()


def test_socket_mode_answers_acks_and_reconnects(fake_slack, assistant, store_url, tmp_path, socket_server):
    from tests.bot.conftest import bot_settings

    from bot.app import build_app
    from bot.context import BotContext
    from bot.server import create_server, health_app
    from bot.socket_mode import socket_health, socket_mode_handler

    fake_slack.ws_url = socket_server.url
    settings = bot_settings(fake_slack, store_url, tmp_path, slack={"app_token": APP_TOKEN, "signing_secret": None})
    ctx = BotContext.create(settings, assistant=assistant)
    app = build_app(ctx, socket_mode=True)
    handler = socket_mode_handler(app, APP_TOKEN, ping_interval=1)
    health = create_server(health_app(socket_health(handler)), "127.0.0.1", 0, threads=2)
    import threading

    threading.Thread(target=health.run, daemon=True).start()
    try:
        handler.connect()
        socket_server.wait_connections(1)
        opened = fake_slack.calls_to("apps.connections.open")
        assert opened and opened[0].headers["Authorization"] == f"Bearer {APP_TOKEN}"
        assert httpx.get(f"http://127.0.0.1:{health.effective_port}/healthz").json()["connected"] is True

        ts1 = f"{int(time.time())}.000001"
        socket_server.push(_envelope(mention("what does item 2.3 require?", ts=ts1)), envelope_id="env-1")
        assert socket_server.wait_ack("env-1")["envelope_id"] == "env-1"
        post = fake_slack.wait_for("chat.postMessage")[0]
        assert post.body["thread_ts"] == ts1 and "[1] *2.3* · CSP 5.1" in str(post.body["blocks"])

        # Slack retries over the socket too (retry_attempt): answered once.
        socket_server.push(_envelope(mention("what does item 2.3 require?", ts=ts1)), envelope_id="env-1b",
                           retry_attempt=1)
        socket_server.wait_ack("env-1b")

        # Slack asks the client to reconnect: it fetches a new URL and opens a second connection.
        socket_server.disconnect()
        socket_server.wait_connections(2)
        assert len(fake_slack.calls_to("apps.connections.open")) >= 2
        ts2 = f"{int(time.time())}.000002"
        socket_server.push(_envelope(mention("¿qué es el nivel de servicio?", ts=ts2)), envelope_id="env-2")
        socket_server.wait_ack("env-2")
        second = fake_slack.wait_for("chat.postMessage", count=2)[1]
        assert second.body["thread_ts"] == ts2 and "Fuentes" in str(second.body["blocks"])

        # Slash commands work over the socket too: acked with a payload, answered at response_url.
        from urllib.parse import parse_qsl

        form = dict(parse_qsl(command_form("help", response_url=fake_slack.response_url("sm"))))
        socket_server.push(form, envelope_id="env-3", type_="slash_commands")
        ack = socket_server.wait_ack("env-3")
        assert "Looking that up" in str(ack.get("payload"))
        fake_slack.wait_for("response_url")
        ctx.wait_idle()
        assert len(fake_slack.calls_to("chat.postMessage")) == 2
    finally:
        handler.close()
        health.close()
        ctx.shutdown()
