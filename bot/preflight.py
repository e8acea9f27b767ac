"""Start-up checks: a bot with a missing or malformed setting must not start half-working.

(Bolt would start without a signing secret and then answer every request with 500.)
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlparse

from assistant.base.settings import ConfigError, Settings

from bot.channels import ChannelConfigError, ChannelsConfig

Mode = Literal["http", "socket"]


def _mask_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def normalized_api_url(url: str) -> str:
    """The Web API base URL with the trailing slash slack_sdk needs to join method names."""
    return url if url.endswith("/") else url + "/"


def check_settings(settings: Settings, mode: Mode, *, check_redis: bool = True) -> None:
    """Raise ConfigError listing every problem (names of settings, never their values)."""
    slack = settings.slack
    problems: list[str] = []
    if not slack.bot_token:
        problems.append("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...)")
    elif not slack.bot_token.startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN does not look like a bot token (it must start with xoxb-)")
    if mode == "http":
        if not slack.signing_secret:
            problems.append("SLACK_SIGNING_SECRET is not set (needed to verify requests in HTTP mode)")
        elif re.search(r"\s", slack.signing_secret):
            problems.append("SLACK_SIGNING_SECRET contains whitespace (copy it again from the app's Basic Information)")
    else:
        if not slack.app_token:
            problems.append("SLACK_APP_TOKEN is not set (needed for Socket Mode)")
        elif not slack.app_token.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN does not look like an app-level token (it must start with xapp-)")
    api = urlparse(slack.api_url)
    if api.scheme not in ("http", "https") or not api.netloc:
        problems.append(f"SLACK_API_URL is not an http(s) URL: {slack.api_url!r}")
    try:
        ChannelsConfig.load(slack.channels_path)
    except ChannelConfigError as exc:
        problems.append(f"channel configuration: {exc}")
    if settings.redis_url:
        redis_url = urlparse(settings.redis_url)
        if redis_url.scheme not in ("redis", "rediss", "unix"):
            problems.append(f"REDIS_URL must be a redis://, rediss:// or unix:// URL: {_mask_url(settings.redis_url)!r}")
        elif check_redis:
            import redis

            try:
                redis.Redis.from_url(settings.redis_url, socket_connect_timeout=3, socket_timeout=3).ping()
            except redis.RedisError as exc:
                problems.append(f"REDIS_URL {_mask_url(settings.redis_url)} is unreachable ({type(exc).__name__})")
    if problems:
        raise ConfigError("Cannot start the Slack bot:\n  - " + "\n  - ".join(problems))
