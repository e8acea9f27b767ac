"""A fake Slack for tests and benchmarks: Web API server, response_url, Socket Mode WebSocket,
and requests signed exactly the way Slack signs them. Only Slack is fake; the app is real.

    with FakeSlack() as slack:
        settings = load_settings(slack={"bot_token": "xoxb-test", "api_url": slack.api_url, ...})
        ...
        slack.wait_for("chat.postMessage")
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import httpx
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_files import FILES_AND_HISTORY_METHODS, FilesAndHistory

BOT_USER_ID = "UCOPCBOT"
BOT_ID = "BCOPCBOT"
TEAM_ID = "TCOPC"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1111-2222-fake"
APP_TOKEN = "xapp-1-A111-2222-fake"


@dataclass
class Call:
    method: str  # Web API method ("chat.postMessage") or "response_url"
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeSlack(FilesAndHistory):
    """Threaded HTTP server on 127.0.0.1 standing in for https://slack.com/api/ and response_urls."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.replies: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # Files people shared with the bot (files.info + private download): id -> (name, content).
        self.shared_files: dict[str, tuple[str, bytes]] = {}
        self.ws_url: str | None = None
        self._failures: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
        self._ts = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._lock = threading.Condition()
        # files_upload_v2: issued upload URLs, received bytes, completed files (what users see)
        self.pending_uploads: dict[str, dict[str, Any]] = {}
        self.files: list[dict[str, Any]] = []
        # Messages per channel (conversations.history), channels/users that no longer exist,
        # and Slack's per-channel posting limit (about 1 message a second) when switched on.
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.gone_channels: set[str] = set()
        self.gone_users: set[str] = set()
        self.channel_rate_limit: float | None = None
        self.post_delay = 0.0  # seconds between accepting a chat.postMessage and answering it (crash tests)
        self._last_post: dict[str, float] = {}
        self.rate_limited = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                if self.path.startswith("/upload/"):  # step 2 of files_upload_v2: the raw file bytes
                    fake._upload(self, data)
                    return
                fake._handle(self, data.decode())

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.base}/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ---- lifecycle -----------------------------------------------------------------------------
    def start(self) -> "FakeSlack":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeSlack":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ---- test controls -------------------------------------------------------------------------
    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base}/response/{name}"

    def fail_next(self, method: str, status: int = 429, *, retry_after: int | None = 1,
                  body: dict[str, Any] | None = None) -> None:
        """The next call of ``method`` fails (default: 429 with Retry-After, as Slack rate-limits)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self._failures.setdefault(method, []).append(
            (status, headers, body or {"ok": False, "error": "ratelimited" if status == 429 else "fatal_error"})
        )

    def set_thread(self, channel: str, thread_ts: str, messages: list[dict[str, Any]]) -> None:
        """What conversations.replies returns for that thread."""
        self.replies[(channel, thread_ts)] = messages

    def add_file(self, name: str, content: bytes) -> str:
        """A file someone shared: files.info describes it, its url_private_download serves it
        (only with the bot token, as Slack does)."""
        file_id = f"FS{len(self.shared_files) + 1:07d}"
        self.shared_files[file_id] = (name, content)
        return file_id

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """Everything the app showed a user: messages, ephemeral messages, response_url posts."""
        with self._lock:
            return [c for c in self.calls if c.method in ("chat.postMessage", "chat.postEphemeral", "response_url")]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} {method} call(s) within {timeout}s, got {len(found)}: "
                                         f"{[c.method for c in self.calls]}")
                self._lock.wait(left)

    # ---- the server ----------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _handle(self, handler: BaseHTTPRequestHandler, raw: str) -> None:
        path = urllib.parse.urlparse(handler.path).path
        content_type = handler.headers.get("Content-Type", "")
        if "json" in content_type and raw:
            body = json.loads(raw)
        else:
            body = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
        # slack_sdk sends blocks form-encoded as a JSON string
        for key in ("blocks", "view"):
            if isinstance(body.get(key), str):
                body[key] = json.loads(body[key])
        method = "response_url" if path.startswith("/response/") else path.removeprefix("/api/")
        headers = {k: v for k, v in handler.headers.items()}
        if path.startswith("/files/"):  # a private file download
            self._record(Call("file_download", path, headers, {}))
            file_id = path.split("/")[2]
            if headers.get("Authorization") != f"Bearer {BOT_TOKEN}" or file_id not in self.shared_files:
                self._send(handler, 404, {"ok": False, "error": "file_not_found"})
            else:
                self._send_bytes(handler, self.shared_files[file_id][1])
            return
        failures = self._failures.get(method)
        if failures:
            status, extra, payload = failures.pop(0)
            self._record(Call(method + ":failed", path, headers, body))
            self._send(handler, status, payload, extra)
            return
        if method == "chat.postMessage" and self._rate_limited(str(body.get("channel"))):
            self._record(Call(method + ":failed", path, headers, body))
            self._send(handler, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
            return
        self._record(Call(method, path, headers, body))
        if method == "response_url":
            self._send(handler, 200, None)
            return
        answer = self._answer(method, body)
        if method == "chat.postMessage" and self.post_delay:
            time.sleep(self.post_delay)  # the message is in the channel; the answer is still on its way
        self._send(handler, 200, answer)

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method in FILES_AND_HISTORY_METHODS:
            return self._answer_files_and_history(method, body)
        if method == "auth.test":
            return {"ok": True, "url": "https://copc.slack.com/", "team": "COPC", "user": "copc",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            channel = body.get("channel")
            if channel in self.gone_channels or "D" + str(channel)[1:] in self.gone_channels:
                return {"ok": False, "error": "channel_not_found"}
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            message = {"text": body.get("text"), "ts": ts, "bot_id": BOT_ID}
            metadata = body.get("metadata")
            if metadata:
                message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
            with self._lock:
                self.history.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{int(time.time())}.{next(self._ts):06d}"}
        if method == "conversations.replies":
            messages = self.replies.get((body.get("channel"), body.get("ts")), [])
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "views.open":
            view = body.get("view") or {}
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **view}}
        if method == "chat.getPermalink":
            ts = str(body.get("message_ts", "")).replace(".", "")
            return {"ok": True, "channel": body.get("channel"),
                    "permalink": f"https://copc.slack.com/archives/{body.get('channel')}/p{ts}"}
        if method == "files.info":
            file_id = body.get("file")
            if file_id not in self.shared_files:
                return {"ok": False, "error": "file_not_found"}
            name, content = self.shared_files[file_id]
            return {"ok": True, "file": {"id": file_id, "name": name, "size": len(content),
                                         "url_private_download": f"{self.base}/files/{file_id}/{name}"}}
        if method == "apps.connections.open":
            if not self.ws_url:
                return {"ok": False, "error": "no_socket_mode_server"}
            return {"ok": True, "url": self.ws_url}
        return {"ok": True}

    @staticmethod
    def _send_bytes(handler: BaseHTTPRequestHandler, data: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any] | None,
              headers: dict[str, str] | None = None) -> None:
        data = b"ok" if payload is None else json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "text/plain" if payload is None else "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(data)


# ---- signed requests, as Slack sends them ---------------------------------------------------------
def sign(body: bytes | str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The two headers Slack adds: timestamp and v0 HMAC-SHA256 signature of v0:ts:body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    raw = body.decode() if isinstance(body, bytes) else body
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=raw),
    }


def post_signed(url: str, body: bytes | str, *, content_type: str, secret: str = SIGNING_SECRET,
                timestamp: int | None = None, headers: dict[str, str] | None = None,
                client: httpx.Client | None = None, timeout: float = 10.0) -> httpx.Response:
    raw = body.encode() if isinstance(body, str) else body
    all_headers = {"Content-Type": content_type, **sign(raw, secret, timestamp), **(headers or {})}
    sender = client or httpx
    return sender.post(url, content=raw, headers=all_headers, timeout=timeout)


def event_json(event: dict[str, Any], *, event_id: str, team_id: str = TEAM_ID) -> str:
    """An Events API envelope (event_callback) as raw JSON."""
    return json.dumps({
        "token": "legacy-verification-token-unused", "team_id": team_id, "api_app_id": "ACOPC",
        "event": event, "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
    })


def post_event(url: str, event: dict[str, Any], *, event_id: str, retry_num: int | None = None,
               **kw: Any) -> httpx.Response:
    headers = {}
    if retry_num:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
    return post_signed(url, event_json(event, event_id=event_id), content_type="application/json",
                       headers=headers, **kw)


def mention(text: str, *, channel: str = "CGENERAL", user: str = "UASKER", ts: str = "1700000000.000100",
            thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
             "channel": channel, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(text: str, *, channel: str = "DASKER", user: str = "UASKER", ts: str = "1700000000.000200",
            channel_type: str = "im", thread_ts: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel,
             "channel_type": channel_type, "event_ts": ts, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_form(text: str, *, response_url: str, command: str = "/copc", user: str = "UASKER",
                 channel: str = "CGENERAL", channel_name: str = "general") -> str:
    return urllib.parse.urlencode({
        "token": "unused", "team_id": TEAM_ID, "team_domain": "copc", "channel_id": channel,
        "channel_name": channel_name, "user_id": user, "user_name": "asker", "command": command,
        "text": text, "api_app_id": "ACOPC", "response_url": response_url, "trigger_id": "1.2.3",
    })


def action_form(action_id: str, value: str, *, response_url: str, user: str = "UASKER",
                channel: str = "CGENERAL", message_ts: str = "1700000000.000300") -> str:
    payload = {
        "type": "block_actions", "team": {"id": TEAM_ID, "domain": "copc"},
        "user": {"id": user, "username": "asker", "team_id": TEAM_ID}, "api_app_id": "ACOPC",
        "token": "unused", "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "trigger_id": "1.2.3", "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "copc_feedback", "value": value, "type": "button",
                     "text": {"type": "plain_text", "text": "x"}, "action_ts": str(time.time())}],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def view_submission_form(view: dict[str, Any], values: dict[str, Any], *, user: str = "UASKER") -> str:
    """A view_submission payload for a modal the app opened (``view`` as sent to views.open)."""
    payload = {
        "type": "view_submission", "team": {"id": TEAM_ID, "domain": "copc"},
        "user": {"id": user, "username": "asker", "team_id": TEAM_ID}, "api_app_id": "ACOPC",
        "token": "unused", "trigger_id": "4.5.6",
        "view": {**view, "id": "V0001", "team_id": TEAM_ID, "state": {"values": values}},
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


# ---- Socket Mode ---------------------------------------------------------------------------------
class FakeSocketModeServer:
    """A WebSocket server (websockets package) playing Slack's Socket Mode endpoint.

    Each accepted connection receives a ``hello``; ``push`` sends an envelope to the current
    connection; acks ({"envelope_id": ...}) are recorded; ``disconnect`` asks the client to
    reconnect, as Slack does every few hours.
    """

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self._current = None
        self._cond = threading.Condition()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.port = self._server.socket.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}/link"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "FakeSocketModeServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def _handle(self, websocket) -> None:
        with self._cond:
            self.connections += 1
            self._current = websocket
            self._cond.notify_all()
        websocket.send(json.dumps({"type": "hello", "num_connections": 1,
                                   "connection_info": {"app_id": "ACOPC"}}))
        try:
            for raw in websocket:
                data = json.loads(raw)
                with self._cond:
                    self.acks.append(data)
                    self._cond.notify_all()
        except Exception:
            pass  # the client went away (reconnect, shutdown)

    def wait_connections(self, n: int, timeout: float = 15.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self.connections >= n and self._current is not None, timeout):
                raise AssertionError(f"expected {n} WebSocket connection(s), got {self.connections}")

    def push(self, payload: dict[str, Any], *, envelope_id: str, type_: str = "events_api",
             retry_attempt: int = 0) -> None:
        with self._cond:
            ws = self._current
        ws.send(json.dumps({"envelope_id": envelope_id, "payload": payload, "type": type_,
                            "accepts_response_payload": type_ != "events_api",
                            "retry_attempt": retry_attempt, "retry_reason": ""}))

    def disconnect(self) -> None:
        with self._cond:
            ws = self._current
            self._current = None
        ws.send(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        with self._cond:
            ok = self._cond.wait_for(lambda: any(a.get("envelope_id") == envelope_id for a in self.acks), timeout)
            if not ok:
                raise AssertionError(f"no ack for envelope {envelope_id}; acks: {self.acks}")
            return next(a for a in self.acks if a.get("envelope_id") == envelope_id)


def text_objects(node):
    """Every text object (dict with type plain_text/mrkdwn) anywhere in a Block Kit tree."""
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            yield node
        for value in node.values():
            yield from text_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from text_objects(value)
