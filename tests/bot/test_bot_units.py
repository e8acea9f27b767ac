"""Small parts of the bot: dedupe (memory and real Redis), channel config, start-up checks,
log redaction, language cues and Slack text clean-up."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.base.settings import ConfigError, load_settings
from bot.channels import ChannelConfigError, ChannelsConfig
from bot.dedupe import MemoryDeduper, RedisDeduper
from bot.formatting import question_from_slack
from bot.language import guess_language, looks_like_question
from bot.logs import RedactSecrets
from bot.preflight import check_settings

ROOT = Path(__file__).resolve().parents[2]


def test_memory_dedupe_claims_once_within_ttl():
    d = MemoryDeduper(ttl_seconds=3600)
    assert d.claim("event:1") is True
    assert d.claim("event:1") is False
    assert d.claim("event:2") is True
    expired = MemoryDeduper(ttl_seconds=0)
    assert expired.claim("k") and expired.claim("k")  # TTL over: claimable again


def test_memory_dedupe_stays_bounded():
    d = MemoryDeduper(ttl_seconds=3600, max_keys=100)
    for i in range(1000):
        d.claim(f"k{i}")
    assert len(d._seen) <= 100
    assert d.claim("k999") is False  # the newest claims survive


def test_redis_dedupe_is_shared_and_expires(redis_prefix):
    a = RedisDeduper("redis://127.0.0.1:6379/0", prefix=redis_prefix, ttl_seconds=120)
    b = RedisDeduper("redis://127.0.0.1:6379/0", prefix=redis_prefix, ttl_seconds=120)
    assert a.claim("event:E1") is True
    assert b.claim("event:E1") is False
    ttl = a.client.ttl(f"{redis_prefix}event:E1")
    assert 0 < ttl <= 120


def test_redis_down_fails_open(caplog):
    d = RedisDeduper("redis://127.0.0.1:1/0", prefix="x:", ttl_seconds=60)
    with caplog.at_level(logging.WARNING):
        assert d.claim("event:E1") is True
    assert "Redis dedupe unavailable" in caplog.text


def test_channel_config_overrides_defaults(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("defaults: {language: en}\nchannels:\n  C1: {mode: all_questions}\n  C2: {language: es, allow_kpi: false}\n"
                 "  C3: {language: null}\n")
    cfg = ChannelsConfig.load(f)
    assert cfg.for_channel("C1").mode == "all_questions" and cfg.for_channel("C1").language == "en"
    assert cfg.for_channel("C2").language == "es" and cfg.for_channel("C2").allow_kpi is False
    assert cfg.for_channel("C3").language is None
    assert cfg.for_channel("CX") == cfg.defaults and cfg.defaults.mode == "mention_only"
    assert ChannelsConfig.load(tmp_path / "absent.yaml").for_channel("C1").mode == "mention_only"
    assert ChannelsConfig.load(ROOT / "config" / "channels.yaml").defaults.mode == "mention_only"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("channels:\n  C1: {mode: always}\n", "channels.C1.mode"),
        ("channels:\n  C1: {allowkpi: false}\n", "channels.C1.allowkpi"),
        ("defaults: {language: fr}\n", "defaults.language"),
        ("channels: [C1]\n", "channels"),
        ("defaults: {mode: [\n", "YAML syntax error"),
    ],
)
def test_bad_channel_config_names_file_and_field(tmp_path, text, expected):
    f = tmp_path / "channels.yaml"
    f.write_text(text)
    with pytest.raises(ChannelConfigError) as err:
        ChannelsConfig.load(f)
    assert str(f) in str(err.value) and expected in str(err.value)


def _settings(**slack):
    return load_settings(slack=slack)


def test_start_up_checks_list_every_problem_without_values():
    with pytest.raises(ConfigError) as err:
        check_settings(_settings(bot_token="secret-token-value", signing_secret=None, api_url="ftp://x"), "http")
    message = str(err.value)
    assert "SLACK_BOT_TOKEN does not look like a bot token" in message
    assert "SLACK_SIGNING_SECRET is not set" in message
    assert "SLACK_API_URL is not an http(s) URL" in message
    assert "secret-token-value" not in message
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN does not look like an app-level token"):
        check_settings(_settings(bot_token="xoxb-1", app_token="xoxb-wrong"), "socket")
    check_settings(_settings(bot_token="xoxb-1", app_token="xapp-1"), "socket")  # no signing secret needed
    check_settings(_settings(bot_token="xoxb-1", signing_secret="abc123"), "http")


def test_start_up_checks_redis(monkeypatch):
    with pytest.raises(ConfigError, match=r"REDIS_URL redis://:\*\*\*@127.0.0.1:1/0 is unreachable"):
        check_settings(load_settings(redis_url="redis://:hunter22@127.0.0.1:1/0",
                                     slack={"bot_token": "xoxb-1", "signing_secret": "s3cret"}), "http")
    check_settings(load_settings(redis_url="redis://127.0.0.1:6379/0",
                                 slack={"bot_token": "xoxb-1", "signing_secret": "s3cret"}), "http")


def test_copc_serve_refuses_to_start_with_bad_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REDIS_URL"))}
    env.update(SLACK_BOT_TOKEN="xoxp-user-token-not-a-bot", SLACK_APP_TOKEN="not-an-app-token")
    run = subprocess.run([str(Path(sys.executable).parent / "copc"), "serve"], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "SLACK_APP_TOKEN does not look like an app-level token" in run.stderr
    assert "xoxp-user-token-not-a-bot" not in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_log_redaction_masks_tokens_and_secrets():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s and secret %s", ("xoxb-123-abc", "s3cr3t-value"), None)
    RedactSecrets(["s3cr3t-value"]).filter(record)
    assert record.getMessage() == "token xoxb-*** and secret ***"


@pytest.mark.parametrize(
    ("text", "language", "question"),
    [
        ("2.3", None, False),
        ("AHT", None, False),
        ("¿Qué exige el ítem 2.3?", "es", True),
        ("what does 2.3 require", "en", True),
        ("como va mi equipo", "es", True),
        ("good morning", "en", False),
        ("AHT 2.3", None, False),
    ],
)
def test_language_cues_and_question_detection(text, language, question):
    assert guess_language(text) == language
    assert looks_like_question(text) is question


def test_question_from_slack_markup():
    raw = "<@UCOPCBOT> what is <https://copc.com/x|AHT> in <#C123|ops> &amp; <!here> 2 &lt; 3?"
    assert question_from_slack(raw) == "what is AHT in #ops & 2 < 3?"


def test_manifest_subscribes_to_what_the_listeners_handle():
    import yaml

    manifest = yaml.safe_load((ROOT / "bot" / "manifest.yaml").read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "app_home_opened", "message.im", "message.channels"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "channels:history"} <= scopes
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/copc"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
