"""Bolt middleware for what every listener needs: drop bot chatter and duplicate deliveries.

Registered with ``app.use`` so they run after Bolt's own request verification: a forged request
never reaches the dedupe, so it cannot claim (and block) the id of a real event.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from slack_bolt import App, BoltResponse

from bot.dedupe import Deduper

log = logging.getLogger(__name__)

# Message subtypes that carry a person's new words; edits, joins, deletions etc. are not questions.
_QUESTION_SUBTYPES = {None, "thread_broadcast", "file_share"}


def _acknowledged() -> BoltResponse:
    return BoltResponse(status=200, body="")


def ignore_bot_messages(body: dict[str, Any], context: dict[str, Any], next: Callable[[], Any]) -> Any:
    """Acknowledge and drop messages from bots (this one included) and non-question subtypes."""
    event = body.get("event") or {}
    if body.get("type") == "event_callback" and event.get("type") in ("message", "app_mention"):
        own = context.get("bot_user_id")
        if (
            event.get("bot_id")
            or event.get("subtype") not in _QUESTION_SUBTYPES
            or (own and event.get("user") == own)
        ):
            return _acknowledged()
    return next()


def dedupe_events(deduper: Deduper) -> Callable[..., Any]:
    """One answer per question: claim ``event_id`` and, for messages, ``channel:ts``.

    Retries of one event share an event_id; an @mention's ``app_mention`` and ``message``
    deliveries have different ids but the same channel and ts.
    """

    def middleware(body: dict[str, Any], next: Callable[[], Any]) -> Any:
        if body.get("type") != "event_callback":
            return next()
        event = body.get("event") or {}
        event_id = body.get("event_id")
        if event_id and not deduper.claim(f"event:{event_id}"):
            log.info("duplicate delivery of %s ignored", event_id)
            return _acknowledged()
        if event.get("type") in ("message", "app_mention") and event.get("channel") and event.get("ts"):
            if not deduper.claim(f"message:{event['channel']}:{event['ts']}"):
                log.info("message %s:%s already handled (as %s)", event["channel"], event["ts"], event.get("type"))
                return _acknowledged()
        return next()

    return middleware


def register_middleware(app: App, deduper: Deduper) -> None:
    app.use(ignore_bot_messages)
    app.use(dedupe_events(deduper))
