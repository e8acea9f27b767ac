"""HTTP mode: Bolt behind waitress (a production WSGI server), plus GET /healthz.

Slack sends events, slash commands and interactivity to ``POST /slack/events``. Several replicas
can sit behind a load balancer when they share Redis (dedupe) and a Chroma server (index).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.guard import guard_slack

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

HealthCheck = Callable[[], tuple[bool, dict[str, Any]]]


def _json(start_response: Callable, status: str, payload: dict[str, Any]) -> Iterable[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def health_app(check: HealthCheck) -> Callable:
    """A WSGI app serving only /healthz (Socket Mode uses it for the container health check)."""

    def wsgi(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            ok, details = check()
            return _json(start_response, "200 OK" if ok else "503 Service Unavailable", {"ok": ok, **details})
        return _json(start_response, "404 Not Found", {"ok": False, "error": "not found"})

    return wsgi


def bot_wsgi_app(app: App, check: HealthCheck | None = None, *, signing_secret: str | None = None) -> Callable:
    """WSGI app: Slack requests to Bolt (malformed ones refused first, see bot/guard.py), health
    checks answered here."""
    secret = signing_secret or getattr(app, "_signing_secret", None)
    slack = guard_slack(SlackRequestHandler(app, path=EVENTS_PATH), secret)
    health = health_app(check or (lambda: (True, {"mode": "http"})))

    def wsgi(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == EVENTS_PATH:
            if environ.get("REQUEST_METHOD") != "POST":
                return _json(start_response, "405 Method Not Allowed", {"ok": False, "error": "POST only"})
            return slack(environ, start_response)
        return health(environ, start_response)

    return wsgi


def create_server(wsgi: Callable, host: str, port: int, *, threads: int = 16, connection_limit: int = 1000,
                  idle_timeout: int = 75, read_timeout: float = 10.0):
    """A waitress server (not yet serving); ``.run()`` serves, ``.close()`` stops, port 0 = any.

    Hardened against idle, slow and half-open clients (see bot/httpd.py); Slack's payloads are
    small, so the body limit keeps a misbehaving client from filling memory.
    """
    from bot.httpd import create_hardened_server

    return create_hardened_server(wsgi, host, port, threads=threads, connection_limit=connection_limit,
                                  idle_timeout=idle_timeout, read_timeout=read_timeout,
                                  max_request_body_size=1_048_576)
