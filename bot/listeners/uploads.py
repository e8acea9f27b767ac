"""Documents shared with the bot in a direct message: knowledge owners add them to the library.

The file is fetched with the bot token (files.info, then its private download URL, only on
Slack's own hosts), stored under the data folder, ingested, and the owner gets the report line.
Anyone else gets a polite no; nothing is downloaded for them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.base.messages import message
from bot.context import BotContext

log = logging.getLogger(__name__)


def _allowed_host(url: str, api_url: str) -> bool:
    """The bot token is sent only to Slack's file host or the configured API host (tests)."""
    host = urlparse(url).hostname or ""
    return host == "files.slack.com" or host == (urlparse(api_url).hostname or "")


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w.\- ]", "_", Path(name or "upload").name).strip() or "upload"
    return name[:120]


def handle_file_share(ctx: BotContext, client: WebClient, event: dict[str, Any]) -> None:
    user, channel = event.get("user"), event["channel"]
    language = ctx.person_language(user) or "en"
    if not ctx.assistant.may_add_documents(user):
        client.chat_postMessage(channel=channel, text=message("documents.upload_not_owner", language))
        return
    folder = ctx.settings.data_dir / "documents" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    limit = ctx.settings.documents.max_file_mb * 1024 * 1024
    for shared in event.get("files") or []:
        name = _safe_name(shared.get("name") or shared.get("id", "upload"))
        try:
            info = client.files_info(file=shared["id"])["file"]
            name = _safe_name(info.get("name") or name)
            url = info.get("url_private_download") or info.get("url_private") or ""
            if not _allowed_host(url, ctx.settings.slack.api_url):
                raise ValueError(f"download host not allowed: {urlparse(url).hostname}")
            if int(info.get("size") or 0) > limit:
                text = message("documents.upload_report", language, name=name, status="error", pages=0, passages=0,
                               items=0, reason=f"too large (documents.max_file_mb is {ctx.settings.documents.max_file_mb:g})")
                client.chat_postMessage(channel=channel, text=text)
                continue
            response = httpx.get(url, headers={"Authorization": f"Bearer {client.token}"}, timeout=60,
                                 follow_redirects=False)
            response.raise_for_status()
        except (SlackApiError, httpx.HTTPError, ValueError, KeyError) as exc:
            log.warning("could not download shared file %s: %s", shared.get("id"), type(exc).__name__)
            client.chat_postMessage(channel=channel, text=message("documents.upload_failed", language, name=name))
            continue
        path = folder / name
        path.write_bytes(response.content[: int(limit) + 1])
        report = ctx.assistant.add_document(path, event.get("text") or "")
        log.info("document %s added by %s: %s %s", name, user, report.status, report.reason)
        client.chat_postMessage(channel=channel, text=message(
            "documents.upload_report", language, name=name, status=report.status, pages=report.pages,
            passages=report.passages, items=report.items, reason=report.reason))
