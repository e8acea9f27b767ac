"""bot/guard.py on its own: what is refused, what passes, and that refusals are logged sparingly."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time

import pytest

from bot.guard import RateLimitedLog, Refused, SslCheck, check_slack_request, guard_slack

SECRET = "s3cret"


def _env(body: bytes, ctype="application/json", ts: str | None = None, secret=SECRET) -> dict:
    ts = str(int(time.time())) if ts is None else ts
    sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"CONTENT_TYPE": ctype, "HTTP_X_SLACK_REQUEST_TIMESTAMP": ts, "HTTP_X_SLACK_SIGNATURE": sig,
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "PATH_INFO": "/slack/events"}


def test_well_formed_requests_pass():
    event = json.dumps({"type": "event_callback", "event": {"type": "app_mention", "channel": "C1", "ts": "1.2",
                                                             "text": "hi", "user": "U1"}}).encode()
    check_slack_request(_env(event), event, SECRET)
    form = b"command=%2Fcopc&channel_id=C1&user_id=U1&text="
    check_slack_request(_env(form, "application/x-www-form-urlencoded"), form, SECRET)


@pytest.mark.parametrize("body,ctype,ts,status", [
    (b'{"type": "url_verification", "challenge": "x"}', "text/plain", None, "415"),
    (b'{"type": "url_verification", "challenge": "x"}', "application/json", "12a", "401"),
    (b'{"type": "url_verification", "challenge": "x"}', "application/json", "1000", "401"),
    (b'{"type": "event_callback", "event": {"type": "app_mention", "channel": "C1", "ts": "1", "text": 5}}',
     "application/json", None, "400"),
    (b"", "application/x-www-form-urlencoded", None, "400"),
    (b"payload=%7B%22type%22%3A%22block_actions%22%7D", "application/x-www-form-urlencoded", None, "400"),
])
def test_refusals(body, ctype, ts, status):
    with pytest.raises(Refused) as r:
        check_slack_request(_env(body, ctype, ts), body, SECRET)
    assert r.value.status.startswith(status)


def test_ssl_check_is_answered_without_signature():
    body = b"ssl_check=1&token=x"
    with pytest.raises(SslCheck):
        check_slack_request(_env(body, "application/x-www-form-urlencoded", secret="other"), body, SECRET)


def test_refusal_log_is_rate_limited(caplog):
    caplog.set_level(logging.WARNING, logger="bot.guard")
    app = guard_slack(lambda e, s: [b"inner"], SECRET, refusals=RateLimitedLog(logging.getLogger("bot.guard"), 3))
    statuses = []
    for _ in range(50):
        app(_env(b"[]"), lambda status, headers: statuses.append(status))
    assert statuses == ["400 Bad Request"] * 50
    assert len([r for r in caplog.records if r.name == "bot.guard"]) == 3
    assert not [r for r in caplog.records if r.exc_info]
