"""KPIs in Slack: trend charts uploaded with files_upload_v2 (three steps, exactly as Slack's flow),
the "Show trend" button, /copc follow, and the digest poster (metadata key, DMs, vanished targets,
429s) against the fake Slack Web API."""

from __future__ import annotations

import io
import json
import time
import uuid

import pytest
from PIL import Image
from slack_sdk import WebClient

from assistant.base.answers import KpiChart
from assistant.digests.runner import TargetGone
from bot.charts import SlackPoster
from bot.responder import retry_handlers
from tests.fakes.slack import BOT_TOKEN, action_form, command_form, message, post_event, post_signed

pytestmark = pytest.mark.slow
SUP = "U0SUP00001"


def _eid() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def _ts() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 1_000_000:06d}"


def _client(fake) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=fake.api_url, retry_handlers=retry_handlers())


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, format="PNG")
    return buf.getvalue()


CHART = KpiChart(png=_png(), filename="aht-phoenix.png", title="AHT — Phoenix", alt_text="A line chart",
                 table="Period Value", metric="aht", team="phoenix")


def test_poster_posts_with_its_run_key_and_uploads_the_chart_in_the_thread(fake_slack):
    poster = SlackPoster(_client(fake_slack))
    poster.post("C0OPS", "*Daily KPI digest*", key="sub:1/2026-12-02", chart=CHART)
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.body["metadata"] == {"event_type": "copc_scheduled_post", "event_payload": {"key": "sub:1/2026-12-02"}}
    methods = [c.method for c in fake_slack.calls if c.method != "auth.test"]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert "files.upload" not in methods  # the retired method is never used
    [f] = fake_slack.files
    ts = fake_slack.messages_in("C0OPS")[0]["ts"]
    assert (f["channel"], f["thread_ts"], f["alt_txt"], f["title"]) == ("C0OPS", ts, "A line chart", "AHT — Phoenix")
    assert f["data"] == CHART.png
    assert poster.was_posted("C0OPS", "sub:1/2026-12-02") and not poster.was_posted("C0OPS", "sub:1/2026-12-03")


def test_a_person_gets_it_in_their_dm_and_vanished_targets_raise_target_gone(fake_slack):
    poster = SlackPoster(_client(fake_slack))
    poster.post(SUP, "hello", key="k1")
    assert fake_slack.calls_to("conversations.open")[0].body["users"] == SUP
    assert fake_slack.calls_to("chat.postMessage")[0].body["channel"] == "D0SUP00001"
    fake_slack.gone_channels.add("C0GONE")
    fake_slack.gone_users.add("U0LEFT0001")
    with pytest.raises(TargetGone) as channel:
        poster.post("C0GONE", "x", key="k2")
    with pytest.raises(TargetGone) as user:
        poster.post("U0LEFT0001", "x", key="k3")
    assert (channel.value.reason, user.value.reason) == ("channel", "user")


def test_rate_limited_posts_wait_for_retry_after_and_post_once(fake_slack):
    fake_slack.channel_rate_limit = 1.0  # Slack: about one message a second per channel
    poster = SlackPoster(_client(fake_slack))
    started = time.monotonic()
    for i in range(3):
        poster.post("C0BUSY", f"digest {i}", key=f"k{i}")
    assert [m["text"] for m in fake_slack.messages_in("C0BUSY")] == ["digest 0", "digest 1", "digest 2"]
    assert fake_slack.rate_limited >= 2 and time.monotonic() - started >= 1.9


def test_a_trend_question_in_a_dm_gets_the_table_and_the_chart_in_its_thread(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    ts = _ts()
    post_event(bot.events_url, message("AHT trend for Phoenix last 8 weeks", user=SUP, channel="D0SUP00001", ts=ts),
               event_id=_eid())
    fake_slack.wait_for("files.completeUploadExternal", timeout=60)
    post = fake_slack.calls_to("chat.postMessage")[0]
    assert "wk " in json.dumps(post.body["blocks"]) and "```" in json.dumps(post.body["blocks"])
    [f] = fake_slack.files
    # in the answer's thread: the question's thread when there is one, else under the answer itself
    expected_thread = post.body.get("thread_ts") or fake_slack.messages_in("D0SUP00001")[0]["ts"]
    assert f["channel"] == "D0SUP00001" and f["thread_ts"] == expected_thread
    assert Image.open(io.BytesIO(f["data"])).format == "PNG"
    assert "Average handle time" in f["alt_txt"] and "target 6:00" in f["alt_txt"]


def test_show_trend_button_uses_the_clickers_rights_and_sends_the_chart_privately(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    post_event(bot.events_url, message("AHT for Phoenix last week", user=SUP, channel="D0SUP00001", ts=_ts()),
               event_id=_eid())
    card_post = fake_slack.wait_for("chat.postMessage", timeout=60)[0]
    button = next(b["accessory"] for b in card_post.body["blocks"] if b.get("accessory", {}).get("action_id") == "copc_show_trend")
    assert json.loads(button["value"]) == {"m": "aht", "t": "phoenix", "l": "en"}
    # someone who may not see Phoenix clicks a forwarded copy: refused, nothing uploaded
    post_signed(bot.events_url, action_form("copc_show_trend", button["value"], user="U0SUP00003",
                                            response_url=fake_slack.response_url("t0"), channel="CGENERAL"),
                content_type="application/x-www-form-urlencoded")
    refused = fake_slack.wait_for("response_url", timeout=30)[0]
    assert refused.body["response_type"] == "ephemeral" and "```" not in refused.body["text"]
    post_signed(bot.events_url, action_form("copc_show_trend", button["value"], user=SUP,
                                            response_url=fake_slack.response_url("t1"), channel="CGENERAL"),
                content_type="application/x-www-form-urlencoded")
    fake_slack.wait_for("files.completeUploadExternal", timeout=60)
    bot.settle()
    table = [c for c in fake_slack.calls_to("response_url") if c.path == "/response/t1"][0]
    assert table.body["response_type"] == "ephemeral" and "```" in table.body["text"]
    [f] = fake_slack.files
    assert f["channel"] == "D0SUP00001"  # a card in a shared channel: the chart goes to the clicker's DM


def test_slash_follow_replies_privately_and_following_lists_it(fake_slack, start_bot):
    bot = start_bot(fake_slack)
    post_signed(bot.events_url, command_form("follow aht phoenix weekly", user=SUP,
                                             response_url=fake_slack.response_url("f1")),
                content_type="application/x-www-form-urlencoded")
    done = fake_slack.wait_for("response_url", timeout=30)[0]
    assert done.body["response_type"] == "ephemeral" and done.body["text"].startswith("Done: <@U0SUP00001> follows")
    post_signed(bot.events_url, command_form("seguir nivel de servicio de mi equipo diario", user="U0SUP00003",
                                             response_url=fake_slack.response_url("f2")),
                content_type="application/x-www-form-urlencoded")
    fake_slack.wait_for("response_url", count=2, timeout=30)
    post_signed(bot.events_url, command_form("following", user=SUP, response_url=fake_slack.response_url("f3")),
                content_type="application/x-www-form-urlencoded")
    listed = fake_slack.wait_for("response_url", count=3, timeout=30)[-1]
    es = [c for c in fake_slack.calls_to("response_url") if c.path == "/response/f2"][0]
    assert es.body["text"].startswith("Listo: <@U0SUP00003> sigue Nivel de servicio de Halcón")
    assert "Average handle time · Phoenix · weekly" in listed.body["text"] and "Halcón" not in listed.body["text"]
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_scheduler_inside_copc_serve_posts_a_due_digest_once(fake_slack, start_bot):
    import datetime as dt

    from assistant.digests.subscriptions import Subscriptions
    from bot.scheduler import start_scheduler

    bot = start_bot(fake_slack, digests={"check_seconds": 5, "digests_path": "/nonexistent/digests.yaml"})
    f = Subscriptions(bot.ctx.store).add(
        kind="digest", owner=SUP, target="C0SCHED", metrics=["aht"], teams=["phoenix"], cadence="daily", at="00:00",
        weekday=0, timezone=bot.ctx.assistant.kpi.timezone, language="en", chart=False,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    scheduler = start_scheduler(bot.ctx, bot.app.client)
    try:
        post = fake_slack.wait_for("chat.postMessage", timeout=60,
                                   where=lambda c: c.body.get("channel") == "C0SCHED")[0]
        assert post.body["metadata"]["event_payload"]["key"].startswith(f"{f.key}/")
        assert "Daily KPI digest" in post.body["text"] and "<@U0SUP00001>" in post.body["text"]
        time.sleep(6)  # the next tick finds nothing new to post
    finally:
        scheduler.shutdown(wait=True)
        Subscriptions(bot.ctx.store).disable(f.row_id, "test over")
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.body.get("channel") == "C0SCHED"]) == 1
