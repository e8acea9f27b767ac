"""The fake Slack's file uploads (files_upload_v2: files.getUploadURLExternal, the upload URL,
files.completeUploadExternal, checked as Slack checks them), conversations.open/history, vanished
channels and users, and Slack's per-channel posting limit. Mixed into ``tests.fakes.slack.FakeSlack``."""

from __future__ import annotations

import json
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler
from typing import Any

FILES_AND_HISTORY_METHODS = ("files.getUploadURLExternal", "files.completeUploadExternal", "conversations.open",
                             "conversations.history")


class FilesAndHistory:
    """Needs from the host class: ``_lock``, ``_file_ids``, ``base``, the state set in its __init__, ``_record``."""

    def _upload(self, handler: BaseHTTPRequestHandler, data: bytes) -> None:
        file_id = urllib.parse.urlparse(handler.path).path.removeprefix("/upload/")
        with self._lock:
            pending = self.pending_uploads.get(file_id)
            ok = pending is not None and pending["data"] is None
            if ok:
                pending["data"] = data
        from tests.fakes.slack import Call

        self._record(Call("upload", handler.path, dict(handler.headers.items()),
                          {"file_id": file_id, "bytes": len(data), "png": data.startswith(b"\x89PNG\r\n\x1a\n")}))
        handler.send_response(200 if ok else 404)
        body = b"OK - %d" % len(data) if ok else b"unknown upload url"
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _rate_limited(self, channel: str) -> bool:
        if self.channel_rate_limit is None:
            return False
        with self._lock:
            now = time.monotonic()
            if now - self._last_post.get(channel, -1e9) < self.channel_rate_limit:
                self.rate_limited += 1
                return True
            self._last_post[channel] = now
            return False

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.history.get(channel, []))

    def _answer_files_and_history(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "files.getUploadURLExternal":
            if not body.get("filename") or not str(body.get("length", "")).isdigit():
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F{next(self._file_ids):08d}"
            with self._lock:
                self.pending_uploads[file_id] = {"filename": body["filename"], "length": int(body["length"]),
                                                 "alt_txt": body.get("alt_txt"), "data": None}
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = body.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            channel = body.get("channel_id")
            if channel in self.gone_channels:
                return {"ok": False, "error": "channel_not_found"}
            done = []
            with self._lock:
                for f in files:
                    pending = self.pending_uploads.get(f.get("id"))
                    if pending is None or pending["data"] is None or len(pending["data"]) != pending["length"]:
                        return {"ok": False, "error": "file_upload_incomplete"}
                for f in files:
                    pending = self.pending_uploads.pop(f["id"])
                    record = {"id": f["id"], "title": f.get("title"), "name": pending["filename"],
                              "alt_txt": pending["alt_txt"], "data": pending["data"], "channel": channel,
                              "thread_ts": body.get("thread_ts"), "initial_comment": body.get("initial_comment")}
                    self.files.append(record)
                    done.append({"id": f["id"], "title": f.get("title"), "name": pending["filename"]})
            return {"ok": True, "files": done}
        if method == "conversations.open":
            user = str(body.get("users", ""))
            if user in self.gone_users:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "channel": {"id": "D" + user[1:]}}
        if method == "conversations.history":
            return {"ok": True, "messages": list(reversed(self.messages_in(body.get("channel", "")))), "has_more": False}
        raise AssertionError(method)  # pragma: no cover
