"""Posting KPI trend charts and scheduled digests to Slack.

Charts go up with Slack's current upload flow (``files_upload_v2``: files.getUploadURLExternal, the
upload URL, files.completeUploadExternal; the old files.upload is retired), with alt text, into a
thread. KPI numbers are personal: a chart for an answer shown privately in a shared channel goes to
the asker's DM instead of the channel.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.base.answers import KpiChart
from assistant.digests.runner import TargetGone

log = logging.getLogger(__name__)
METADATA_EVENT = "copc_scheduled_post"
_CHANNEL_GONE = {"channel_not_found", "is_archived", "not_in_channel", "channel_is_archived"}
_USER_GONE = {"user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot"}


def dm_channel(client: WebClient, user: str) -> str:
    return client.conversations_open(users=user)["channel"]["id"]


def upload_chart(client: WebClient, channel: str, chart: KpiChart, *, thread_ts: str | None = None) -> dict:
    response = client.files_upload_v2(
        channel=channel, thread_ts=thread_ts, content=chart.png, filename=chart.filename, title=chart.title,
        alt_txt=chart.alt_text,
    )
    return response.get("file") or {}


class SlackPoster:
    """assistant.digests.runner.Poster on a Slack WebClient.

    429s: the client's handler retries a few times after Retry-After; a scheduled post can wait
    longer than an answer someone is waiting for, so it keeps honouring Retry-After up to
    ``rate_limit_attempts`` times (several replicas posting to one channel meet Slack's limit).
    """

    def __init__(self, client: WebClient, *, rate_limit_attempts: int = 10):
        self.client = client
        self.rate_limit_attempts = rate_limit_attempts

    def _patient(self, call: Callable[[], Any]) -> Any:
        for attempt in range(self.rate_limit_attempts):
            try:
                return call()
            except SlackApiError as exc:
                if exc.response.status_code != 429 or attempt == self.rate_limit_attempts - 1:
                    raise
                wait = float(exc.response.headers.get("Retry-After", exc.response.headers.get("retry-after", 1)) or 1)
                time.sleep(min(wait, 30.0))
        raise AssertionError("unreachable")  # pragma: no cover

    def _channel(self, target: str) -> str:
        if target.startswith(("U", "W")):
            try:
                return dm_channel(self.client, target)
            except SlackApiError as exc:
                if exc.response.get("error") in _USER_GONE:
                    raise TargetGone("user") from None
                raise
        return target

    def post(self, target: str, text: str, *, key: str, chart: KpiChart | None = None) -> None:
        channel = self._channel(target)
        try:
            response = self._patient(lambda: self.client.chat_postMessage(
                channel=channel, text=text, unfurl_links=False,
                # The run key travels with the message: after a crash mid-post, was_posted finds it.
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
            ))
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in _CHANNEL_GONE:
                raise TargetGone("channel") from None
            if error in _USER_GONE:
                raise TargetGone("user") from None
            raise
        if chart is not None:
            upload_chart(self.client, channel, chart, thread_ts=response.get("ts"))

    def was_posted(self, target: str, key: str) -> bool:
        channel = self._channel(target)
        history = self.client.conversations_history(channel=channel, limit=200, include_all_metadata=True)
        return any((m.get("metadata") or {}).get("event_payload", {}).get("key") == key
                   for m in history.get("messages") or [])

    def notify(self, user: str, text: str) -> None:
        self.client.chat_postMessage(channel=self._channel(user), text=text)
