"""Refuse malformed requests to POST /slack/events before Bolt sees them.

Why: Bolt answers some garbage with HTTP 500 and a full traceback in the log (a non-numeric
``X-Slack-Request-Timestamp`` on an unsigned request; signed bodies that are not a JSON object,
are not UTF-8 or nest very deep), which lets anyone fill the log. It also guesses the format from
the body, so a signed event sent with a form content type was answered, and an empty signed form
was treated as a slash command (help posted to channel ``null``).

Checks, cheapest first; every refusal is a 4xx with a short JSON body and one rate-limited log
line (no traceback): content type (415), timestamp and signature exactly as Slack signs (401),
UTF-8 (400), JSON object of bounded depth with a known ``type`` and the field types our code relies
on (400), and for forms either an interactivity ``payload`` (the same checks) or a slash command
with ``command``, ``channel_id`` and ``user_id`` (400). Bolt verifies the signature again; this layer never widens what it accepts.
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


class SslCheck(Exception):
    pass


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


# What Slack sends, by the shape our code relies on. Bodies that are signed but shaped otherwise
# (only someone holding the signing secret can send them) used to crash listeners deep inside.
EVENT_TYPES = {"event_callback", "url_verification", "app_rate_limited"}
PAYLOAD_TYPES = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action",
                 "block_suggestion", "interactive_message"}
_EVENT_STRINGS = ("type", "user", "text", "channel", "ts", "thread_ts", "event_ts", "channel_type", "subtype",
                  "bot_id", "tab", "client_msg_id", "team")
_ENVELOPE_STRINGS = ("team_id", "api_app_id", "event_id", "enterprise_id", "token")
_PAYLOAD_STRINGS = ("response_url", "trigger_id", "callback_id", "api_app_id", "token", "action_ts")


def _strings(obj: dict[str, Any], keys: Iterable[str], what: str) -> None:
    for key in keys:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise Refused("400 Bad Request", f"{what} field '{key}' is not a string")


def _dict_or_none(obj: dict[str, Any], key: str, what: str, *, need_id: bool = False) -> None:
    value = obj.get(key)
    if value is None:
        return
    if not isinstance(value, dict) or (need_id and "id" in value and not isinstance(value["id"], str)):
        raise Refused("400 Bad Request", f"{what} field '{key}' is malformed")


def check_event_shape(body: dict[str, Any]) -> None:
    if body["type"] not in EVENT_TYPES:
        raise Refused("400 Bad Request", "unknown request type")
    _strings(body, _ENVELOPE_STRINGS, "body")
    if body["type"] == "url_verification" and not isinstance(body.get("challenge"), str):
        raise Refused("400 Bad Request", "url_verification without a challenge")
    if "authorizations" in body and not (isinstance(body["authorizations"], list)
                                         and all(isinstance(a, dict) for a in body["authorizations"])):
        raise Refused("400 Bad Request", "body field 'authorizations' is malformed")
    if body["type"] == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise Refused("400 Bad Request", "event_callback without an event")
        _strings(event, _EVENT_STRINGS, "event")
        if event["type"] in ("app_mention", "message") and not (event.get("channel") and event.get("ts")):
            raise Refused("400 Bad Request", "message event without a channel or ts")
        for key in ("message", "previous_message", "view"):
            _dict_or_none(event, key, "event")
        for key in ("blocks", "files", "attachments"):
            if event.get(key) is not None and not isinstance(event[key], list):
                raise Refused("400 Bad Request", f"event field '{key}' is malformed")


def check_payload_shape(payload: dict[str, Any]) -> None:
    if payload["type"] not in PAYLOAD_TYPES:
        raise Refused("400 Bad Request", "unknown payload type")
    _strings(payload, _PAYLOAD_STRINGS, "payload")
    user = payload.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        raise Refused("400 Bad Request", "payload without a user")
    for key in ("team", "channel", "container", "view", "message", "enterprise"):
        _dict_or_none(payload, key, "payload", need_id=True)
    if "actions" in payload and not (isinstance(payload["actions"], list)
                                     and all(isinstance(a, dict) for a in payload["actions"])):
        raise Refused("400 Bad Request", "payload field 'actions' is malformed")
    for action in payload.get("actions") or []:
        _strings(action, ("action_id", "block_id", "value", "type", "action_ts"), "action")
    if isinstance(payload.get("view"), dict):
        view = payload["view"]
        _strings(view, ("id", "callback_id", "private_metadata", "hash"), "view")
        _dict_or_none(view, "state", "view")


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
    if content_type == FORM and body.startswith(b"ssl_check=") and b"command=" not in body:
        # Slack's certificate check; Bolt answers it with an empty 200 before verifying, so do we.
        raise SslCheck()
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
        check_event_shape(_json_object(text, "body"))
        return
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FORM_FIELDS,
                        errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise Refused("400 Bad Request", "malformed form") from None
    if "payload" in form:
        if len(form["payload"]) != 1:
            raise Refused("400 Bad Request", "more than one payload")
        check_payload_shape(_json_object(form["payload"][0], "payload"))
        return
    if not all((form.get(k) or [""])[0].strip() for k in ("command", "channel_id", "user_id")):
        raise Refused("400 Bad Request", "form is neither a slash command nor an interactivity payload")
    if any(len(v) != 1 for v in form.values()):
        raise Refused("400 Bad Request", "a slash command field is repeated")


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
        except SslCheck:
            start_response("200 OK", [("Content-Length", "0")])
            return [b""]
        except Refused as r:
            refusals.warning("refused %s from %s: %s", environ.get("PATH_INFO"), environ.get("REMOTE_ADDR"), r.reason)
            payload = json.dumps({"ok": False, "error": r.reason}).encode()
            start_response(r.status, [("Content-Type", JSON), ("Content-Length", str(len(payload)))])
            return [payload]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return inner(environ, start_response)

    return wsgi
