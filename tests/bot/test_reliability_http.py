"""The real app over HTTP against hostile and unlucky clients (issue 9, items 2 and 5):
1,000 fuzzed requests and no 5xx or traceback; 300 idle connections and a signed mention still
answered within 1 s; malformed requests refused with a 4xx."""

from __future__ import annotations

import http.client
import json
import logging
import random
import socket
import time
import urllib.parse
import uuid

import pytest
from tests.fakes.slack import SIGNING_SECRET, command_form, event_json, mention, post_event, post_signed, sign


def _eid() -> str:
    return f"Ev{uuid.uuid4().hex[:10]}"


def _raw_post(port: int, body: bytes, headers: dict[str, bytes | str], timeout: float = 10.0) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("POST", "/slack/events")
        for k, v in {**headers, "Content-Length": str(len(body))}.items():
            conn.putheader(k, v if isinstance(v, bytes) else v.encode("utf-8"))  # raw bytes, as an attacker sends them
        conn.endheaders(body)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _bodies(rng: random.Random, response_url: str) -> list[tuple[bytes, str]]:
    """(body, the content type it would honestly carry)."""
    json_t, form_t = "application/json", "application/x-www-form-urlencoded"
    weird_event = {"type": "app_mention", "user": rng.choice([None, 5, "U1", ["x"]]),
                   "text": rng.choice([None, 7, "", "<@UCOPCBOT>", "x" * 5000, {"a": 1}]),
                   "channel": rng.choice([None, 1, "", "C1"]), "ts": rng.choice([None, "x", 1.5, "1700000000.1"])}
    payload = rng.choice(['[]', '{', '{"type": 1}', '{"type": "block_actions"}',
                          '{"type": "block_actions", "actions": "x", "user": 5}', '{"type": "view_submission"}',
                          '{"type": "shortcut", "callback_id": 3}', '"x"', '{"type": "block_actions", "actions": [{}]}'])
    return [
        (b"", json_t), (b"", form_t), (b"null", json_t), (b"[1, 2]", json_t), (b'"text"', json_t), (b"12", json_t),
        (b"[" * 50_000 + b"]" * 50_000, json_t), (b'{"a":' * 40 + b"1" + b"}" * 40, json_t),
        (b"{\"type\": \"event_callback\", \"x\": \"\xff\xfe\"}", json_t), (bytes(rng.randrange(256) for _ in range(300)), json_t),
        (b'{"no_type": 1}', json_t), (b'{"type": "url_verification"}', json_t),
        (b'{"type": "url_verification", "challenge": 5}', json_t),
        (json.dumps({"type": "event_callback", "event": "x", "event_id": _eid()}).encode(), json_t),
        (json.dumps({"type": "event_callback", "event_id": _eid()}).encode(), json_t),
        (event_json(weird_event, event_id=_eid()).encode(), json_t),
        (b"command=%2Fcopc", form_t), (b"channel_id=C1&user_id=U1", form_t), (b"&&&===&", form_t),
        (b"payload=" + urllib.parse.quote(payload).encode(), form_t), (b"text=%ff%fe&command=%2Fcopc", form_t),
        (b"payload=payload&" * 150, form_t),
        (command_form(rng.choice(["", "help", "x" * 3000, "kpi AHT for narnia"]), response_url=response_url,
                      channel=rng.choice(["", "C1"])).encode(), form_t),
    ]


CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain", "", "multipart/form-data",
                 "application/json; charset=utf-8", "APPLICATION/JSON", "application/xml", "\xe9/\xe9"]


def fuzz(port: int, n: int, rng: random.Random, response_url: str) -> dict[int, int]:
    """``n`` requests mixing bodies, headers, timestamps and content types; status -> count.
    Half are signed exactly as Slack signs, so well-formed ones reach Bolt and the listeners."""
    import hashlib
    import hmac

    statuses: dict[int, int] = {}
    for _ in range(n):
        body, honest_type = rng.choice(_bodies(rng, response_url))
        headers: dict[str, bytes | str] = {"Content-Type": honest_type if rng.random() < 0.6 else rng.choice(CONTENT_TYPES)}
        mode = rng.random()
        if mode < 0.5:
            ts = str(int(time.time()))
            headers["X-Slack-Request-Timestamp"] = ts
            headers["X-Slack-Signature"] = "v0=" + hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body,
                                                            hashlib.sha256).hexdigest()
        elif mode < 0.8:  # unsigned or broken headers
            headers["X-Slack-Request-Timestamp"] = rng.choice(["abc", "", "1e10", "-5", " 123", "99999999999999999999",
                                                               "\u0661\u0662", str(int(time.time()) - 10_000), "0x10"])
            headers["X-Slack-Signature"] = rng.choice(["", "v0=", "v0=zz", "v1=" + "a" * 64, "x" * 5000])
        if rng.random() < 0.1:
            headers["X-Slack-Retry-Num"] = rng.choice(["abc", "-1", "1", ""])
            headers["X-Slack-Retry-Reason"] = rng.choice(["http_timeout", "\u00e9", ""])
        status = _raw_post(port, body, headers)
        statuses[status] = statuses.get(status, 0) + 1
    return statuses


def test_1000_fuzzed_requests_no_5xx_no_traceback(fake_slack, start_bot, caplog):
    bot = start_bot(fake_slack)
    port = int(bot.url.rsplit(":", 1)[1])
    caplog.set_level(logging.WARNING)
    statuses = fuzz(port, 1000, random.Random(9), fake_slack.response_url())
    bot.settle()
    time.sleep(0.5)
    assert not any(s >= 500 for s in statuses), statuses
    assert statuses.get(200, 0) + sum(v for k, v in statuses.items() if 400 <= k < 500) == 1000
    tracebacks = [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert not tracebacks, [r.getMessage()[:200] for r in tracebacks[:5]]
    assert not [c for c in fake_slack.posts() if c.method.startswith("chat.") and c.body.get("channel") in (None, "", "null")]
    # one log line per refusal at most 10 a minute (plus a summary line), never one per request
    refused = [r for r in caplog.records if r.name == "bot.guard"]
    assert 0 < len(refused) <= 11


@pytest.mark.parametrize("case", [
    "non_numeric_timestamp", "body_not_object", "invalid_utf8", "deep_nesting", "event_as_form", "empty_form",
    "text_plain",
])
def test_malformed_requests_get_4xx(fake_slack, start_bot, case):
    bot = start_bot(fake_slack)
    url = bot.events_url
    if case == "non_numeric_timestamp":
        r = post_signed(url, "{}", content_type="application/json", headers={"X-Slack-Request-Timestamp": "soon"})
        assert r.status_code == 401
        return
    body, ctype, expected = {
        "body_not_object": (b"[1]", "application/json", 400),
        "invalid_utf8": (b'{"type": "event_callback", "t": "\xff"}', "application/json", 400),
        "deep_nesting": (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
        "event_as_form": (event_json(mention("what is AHT?"), event_id=_eid()).encode(),
                          "application/x-www-form-urlencoded", 400),
        "empty_form": (b"", "application/x-www-form-urlencoded", 400),
        "text_plain": (event_json(mention("what is AHT?"), event_id=_eid()).encode(), "text/plain", 415),
    }[case]
    headers = {"Content-Type": ctype, **sign(body.decode("latin-1") if case == "invalid_utf8" else body)}
    if case == "invalid_utf8":  # sign the raw bytes, not a re-encoding of them
        import hashlib, hmac

        ts = headers["X-Slack-Request-Timestamp"]
        headers["X-Slack-Signature"] = "v0=" + hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body,
                                                        hashlib.sha256).hexdigest()
    status = _raw_post(int(bot.url.rsplit(":", 1)[1]), body, headers)
    assert status == expected
    bot.settle()
    time.sleep(0.2)
    assert fake_slack.posts() == []


def test_300_idle_connections_leave_healthz_and_a_signed_mention_answered_within_1s(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    port = int(bot.url.rsplit(":", 1)[1])
    post_event(bot.events_url, mention("what is FCR?", ts="1700000001.000001"), event_id=_eid())  # warm path
    fake_slack.wait_for("chat.postMessage")
    bot.settle()
    fake_slack.clear()
    held = []
    try:
        for i in range(300):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 2:  # half-open: headers promise a body that never comes
                s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 500\r\n\r\n{")
            held.append(s)
        time.sleep(0.3)
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200
        assert time.perf_counter() - start < 1.0
        start = time.perf_counter()
        r = post_event(bot.events_url, mention("what does item 2.3 require?", ts="1700000002.000002"), event_id=_eid())
        acked = time.perf_counter() - start
        assert r.status_code == 200 and acked < 1.0
        post = fake_slack.wait_for("chat.postMessage", timeout=5)[0]
        answered = time.perf_counter() - start
        assert "Corrective Action" in json.dumps(post.body) and answered < 1.0, answered
    finally:
        for s in held:
            s.close()
