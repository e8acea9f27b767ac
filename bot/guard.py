"""Refuse malformed requests to POST /slack/events before Bolt sees them.

Why: Bolt answers some garbage with HTTP 500 and a full traceback in the log (a non-numeric
``X-Slack-Request-Timestamp`` on an unsigned request; signed bodies that are not a JSON object,
are not UTF-8 or nest very deep), which lets anyone fill the log. It also guesses the format from
the body, so a signed event sent with a form content type was answered, and an empty signed form
was treated as a slash command (help posted to channel ``null``).

Checks, cheapest first; every refusal is a 4xx with a short JSON body and one rate-limited log
line (no traceback): content type (415), timestamp and signature exactly as Slack signs (401),
UTF-8 (400), JSON object of bounded depth with a string ``type`` (400), and for forms either an
interactivity ``payload`` (a JSON object) or a slash command with ``command``, ``channel_id`` and
``user_id`` (400). Bolt verifies the signature again; this layer never widens what it accepts.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import threading
import time
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

log = logging.getLogger("bot.guard")

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MAX_SKEW_SECONDS = 300  # Slack's own rule for signed requests
MAX_JSON_DEPTH = 32  # Slack payloads nest fewer than 10 levels
MAX_FORM_FIELDS = 100


class RateLimitedLog:
    """At most ``per_minute`` lines a minute; the rest are counted and reported in one line."""

    def __init__(self, logger: logging.Logger, per_minute: int = 10):
        self.logger = logger
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._window = 0.0
        self._count = 0
        self._suppressed = 0

    def warning(self, msg: str, *args: Any) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._window >= 60:
                if self._suppressed:
                    self.logger.warning("%d more refused requests in the last minute (not logged one by one)",
                                        self._suppressed)
                self._window, self._count, self._suppressed = now, 0, 0
            if self._count >= self.per_minute:
                self._suppressed += 1
                return False
            self._count += 1
        self.logger.warning(msg, *args)
        return True


class Refused(Exception):
    def __init__(self, status: str, reason: str):
        self.status = status
        self.reason = reason


def _json_depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return True


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused("400 Bad Request", f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise Refused("400 Bad Request", f"{what} is not a JSON object")
    if not _json_depth_ok(value):
        raise Refused("400 Bad Request", f"{what} nests more than {MAX_JSON_DEPTH} levels")
    if not isinstance(value.get("type"), str):
        raise Refused("400 Bad Request", f"{what} has no 'type'")
    return value


def check_slack_request(environ: dict[str, Any], body: bytes, signing_secret: str | None,
                        now: Callable[[], float] = time.time) -> None:
    """Raise Refused for anything Slack would never send; return quietly otherwise."""
    content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if content_type not in (JSON, FORM):
        raise Refused("415 Unsupported Media Type", "content type is not JSON or a form")
    if signing_secret:
        ts = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or ""
        sig = environ.get("HTTP_X_SLACK_SIGNATURE") or ""
        if not (ts.isascii() and ts.isdigit() and len(ts) <= 12):
            raise Refused("401 Unauthorized", "missing or malformed timestamp")
        if abs(now() - int(ts)) > MAX_SKEW_SECONDS:
            raise Refused("401 Unauthorized", "stale or future timestamp")
        expected = "v0=" + hmac.new(signing_secret.encode(), b"v0:" + ts.encode() + b":" + body,
                                    hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), sig.encode("utf-8", "replace")):
            raise Refused("401 Unauthorized", "bad signature")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("400 Bad Request", "body is not UTF-8") from None
    if content_type == JSON:
        _json_object(text, "body")
        return
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FORM_FIELDS,
                        errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise Refused("400 Bad Request", "malformed form") from None
    if "payload" in form:
        _json_object(form["payload"][0], "payload")
        return
    if not all((form.get(k) or [""])[0].strip() for k in ("command", "channel_id", "user_id")):
        raise Refused("400 Bad Request", "form is neither a slash command nor an interactivity payload")


def guard_slack(inner: Callable, signing_secret: str | None, *, refusals: RateLimitedLog | None = None) -> Callable:
    """WSGI middleware for POST /slack/events: refuse malformed requests, pass the rest (with the
    body already read, re-wrapped for Bolt)."""
    refusals = refusals or RateLimitedLog(log)

    def wsgi(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        try:
            if length < 0:
                raise Refused("400 Bad Request", "bad content length")
            body = environ["wsgi.input"].read(length) if length else b""
            check_slack_request(environ, body, signing_secret)
        except Refused as r:
            refusals.warning("refused %s from %s: %s", environ.get("PATH_INFO"), environ.get("REMOTE_ADDR"), r.reason)
            payload = json.dumps({"ok": False, "error": r.reason}).encode()
            start_response(r.status, [("Content-Type", JSON), ("Content-Length", str(len(payload)))])
            return [payload]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return inner(environ, start_response)

    return wsgi
