"""Socket Mode: the app opens a WebSocket to Slack (no public URL needed; internal workspaces).

Uses slack_bolt's built-in handler: it gets its WebSocket URL from ``apps.connections.open`` on
the configured Web API URL (so tests can hand it a local fake server) and reconnects by itself
when Slack sends ``disconnect`` or the connection drops.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler


def socket_mode_handler(app: App, app_token: str, *, ping_interval: float = 10) -> SocketModeHandler:
    return SocketModeHandler(app, app_token=app_token, web_client=app.client, ping_interval=ping_interval)


def socket_health(handler: SocketModeHandler):
    def check() -> tuple[bool, dict]:
        connected = handler.client.is_connected()
        return connected, {"mode": "socket", "connected": connected}

    return check
