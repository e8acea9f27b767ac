"""Identity fails closed: every Slack payload type that names no user gets no numbers.

Each case is sent twice through the real app over HTTP: once with a manager's user id (the
control: numbers are shown, so the check below can fail) and once with the user left out (nothing
with numbers is posted, and the log says why).
"""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid

import pytest

from tests.fakes.slack import command_form, message, mention, post_event, post_signed

pytestmark = pytest.mark.slow

MANAGER = "U0MGR00002"
QUESTION = "AHT for Phoenix last week"


def _ts() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 1_000_000:06d}"


def _eid() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def _without_user(event: dict) -> dict:
    return {k: v for k, v in event.items() if k != "user"}


def _shown_numbers(fake) -> list[str]:
    """Texts of everything posted that carries a KPI value ("Value"/"Valor" field or " s (" / "%")."""
    shown = []
    for call in fake.posts():
        text = json.dumps(call.body, ensure_ascii=False)
        if "*Value*" in text or "*Valor*" in text or "Average handle time" in text:
            shown.append(text)
    return shown


def _send(bot, fake, kind: str, user: str | None) -> None:
    if kind == "mention":
        event = mention(QUESTION, user=user or "X", ts=_ts())
        post_event(bot.events_url, event if user else _without_user(event), event_id=_eid())
    elif kind == "dm":
        event = message(QUESTION, user=user or "X", ts=_ts())
        post_event(bot.events_url, event if user else _without_user(event), event_id=_eid())
    elif kind == "thread":
        event = message(QUESTION, user=user or "X", ts=_ts(), channel="CGENERAL", channel_type="channel",
                        thread_ts="1700000000.000001")
        fake.set_thread("CGENERAL", "1700000000.000001", [{"user": "UBOT", "bot_id": "BCOPC", "text": "earlier answer"}])
        post_event(bot.events_url, event if user else _without_user(event), event_id=_eid())
    elif kind == "command":
        form = dict(urllib.parse.parse_qsl(command_form(f"kpi {QUESTION}", response_url=fake.response_url(kind),
                                                        user=user or "X")))
        if not user:
            form["user_id"] = ""
        post_signed(bot.events_url, urllib.parse.urlencode(form), content_type="application/x-www-form-urlencoded")
    bot.settle()
    time.sleep(0.3)  # acks and posts made outside the answer pool


@pytest.mark.parametrize("kind", ["mention", "dm", "command"])
def test_payload_without_a_user_gets_no_numbers(fake_slack, start_bot, caplog, kind):
    bot = start_bot(fake_slack)
    _send(bot, fake_slack, kind, MANAGER)
    assert _shown_numbers(fake_slack), f"control: a manager's {kind} should show numbers"
    fake_slack.clear()
    caplog.clear()
    with caplog.at_level("WARNING"):
        _send(bot, fake_slack, kind, None)
    assert _shown_numbers(fake_slack) == []
    # Refused either by the request guard (a form without a user is not a slash command) or by the
    # responder (an event without a user): both say so in one warning line.
    assert any("names no user" in r.getMessage() or r.getMessage().startswith("refused /slack/events")
               for r in caplog.records), [r.getMessage() for r in caplog.records]


def test_thread_message_without_a_user_gets_no_numbers(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    _send(bot, fake_slack, "thread", None)
    assert _shown_numbers(fake_slack) == []


def test_core_refuses_to_build_a_caller_without_an_id():
    from assistant.base.caller import Caller, MissingIdentity

    for missing in (None, "", "   "):
        with pytest.raises(MissingIdentity):
            Caller.slack_user(missing)
