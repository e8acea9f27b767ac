"""Fixtures for Slack flows: a fake Slack, the real app served by waitress on 127.0.0.1, and one
warmed-up answering core for the whole session (loading the model once keeps the suite fast)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.fakes.slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack

from assistant.base.settings import Settings, load_settings

_ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "REDIS_URL", "COPC_REDIS_URL",
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch):
    # Real tokens or proxies in the developer's shell must not leak into the tests (the Socket
    # Mode client also ignores NO_PROXY).
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def store_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('bot-store') / 'copc.db'}"


@pytest.fixture(scope="session")
def assistant(store_url, core_data_dir):
    """The real answering core, warmed once; its index (a real chromadb in the session's temp
    folder) is shared with the rest of the suite."""
    from assistant.composition.assistant import Assistant

    core = Assistant(load_settings(store_url=store_url, data_dir=core_data_dir))
    core.warm_up()
    return core


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def bot_settings(fake: FakeSlack, store_url: str, tmp_path: Path, *, channels_yaml: str | None = None,
                 **overrides: Any) -> Settings:
    channels = tmp_path / "channels.yaml"
    channels.write_text(channels_yaml or "defaults: {mode: mention_only}\n")
    slack = {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "api_url": fake.api_url,
             "channels_path": str(channels), **overrides.pop("slack", {})}
    overrides.setdefault("data_dir", tmp_path / "var")  # never the repository's var/
    return load_settings(store_url=store_url, slack=slack, **overrides)


@dataclass
class RunningBot:
    url: str  # http://127.0.0.1:PORT
    ctx: Any
    app: Any
    server: Any

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until every answer in progress has been posted."""
        self.ctx.wait_idle(timeout)


@pytest.fixture
def start_bot(assistant, store_url, tmp_path) -> Iterator[Callable[..., RunningBot]]:
    """start_bot(fake, **settings) -> a real app served over HTTP by waitress on 127.0.0.1."""
    from bot.app import build_app
    from bot.context import BotContext
    from bot.server import bot_wsgi_app, create_server

    running: list[RunningBot] = []

    def start(fake: FakeSlack, **kw: Any) -> RunningBot:
        settings = bot_settings(fake, store_url, tmp_path, **kw)
        ctx = BotContext.create(settings, assistant=assistant)
        app = build_app(ctx)
        server = create_server(bot_wsgi_app(app), "127.0.0.1", 0, threads=8)
        threading.Thread(target=server.run, daemon=True).start()
        bot = RunningBot(f"http://127.0.0.1:{server.effective_port}", ctx, app, server)
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.server.close()
        bot.ctx.shutdown()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix unique to this test run; its keys are deleted afterwards."""
    import redis

    prefix = f"copc-test:{uuid.uuid4().hex[:12]}:"
    yield prefix
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
