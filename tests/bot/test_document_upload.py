"""A knowledge owner shares a document with the bot in a DM: it is downloaded with the bot token
from the (fake) Slack, ingested, and the owner gets the report; anyone else gets a polite no."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.people.directory import Directory, Person, load_directory
from tests.bot.conftest import bot_settings
from tests.documents.conftest import make_assistant
from tests.fakes.slack import BOT_TOKEN, message, post_event
from tests.fixtures.documents import TOPICS, procedure_pdf

pytestmark = pytest.mark.slow
OWNER = "U0OWN00001"


@pytest.fixture
def upload_bot(assistant, store_url, tmp_path, fake_slack):
    from bot.app import build_app
    from bot.context import BotContext
    from bot.server import bot_wsgi_app, create_server

    a = make_assistant(assistant)
    real = load_directory(assistant.settings)
    owner = Person(user_id=OWNER, name="Olga Owner", role="manager", owner=True)
    a._directory = Directory(real.teams, {**real.people, OWNER: owner})
    settings = bot_settings(fake_slack, store_url, tmp_path)
    ctx = BotContext.create(settings, assistant=a)
    server = create_server(bot_wsgi_app(build_app(ctx)), "127.0.0.1", 0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}/slack/events", ctx, a
    server.close()
    ctx.shutdown()


def _share(url, fake, user, file_id, text=""):
    ts = f"{time.time():.6f}"
    event = message(text, user=user, ts=ts, subtype="file_share", files=[{"id": file_id, "name": "x"}])
    return post_event(url, event, event_id=f"Ev{ts.replace('.', '')}")


def test_owner_upload_is_ingested_and_reported(upload_bot, fake_slack, tmp_path):
    url, ctx, a = upload_bot
    pdf = procedure_pdf(tmp_path / "calibration.pdf", TOPICS[:3], "en")
    file_id = fake_slack.add_file("calibration.pdf", pdf.read_bytes())
    assert _share(url, fake_slack, OWNER, file_id, "site procedure").status_code == 200
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.body["text"].startswith("calibration.pdf: ok. 3 pages, 3 passages")
    download = fake_slack.calls_to("file_download")[0]
    assert download.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    files = a.documents.index.read_snapshot()["files"]
    entry = next(iter(files.values()))
    assert entry["options"]["kind"] == "procedure" and entry["passages"][0]["document"] == "calibration.pdf"


def test_others_get_a_polite_no_and_nothing_is_downloaded(upload_bot, fake_slack, tmp_path):
    url, ctx, a = upload_bot
    file_id = fake_slack.add_file("x.pdf", procedure_pdf(tmp_path / "x.pdf", TOPICS[:1], "en").read_bytes())
    _share(url, fake_slack, "U0AGT00001", file_id)
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert "Only knowledge owners can add documents" in post.body["text"]
    assert not fake_slack.calls_to("file_download") and not fake_slack.calls_to("files.info")


def test_a_bad_file_gets_its_reason(upload_bot, fake_slack):
    url, ctx, a = upload_bot
    file_id = fake_slack.add_file("broken.pdf", b"%PDF-1.4 broken")
    _share(url, fake_slack, OWNER, file_id)
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.body["text"].startswith("broken.pdf: error.") and "not a readable PDF" in post.body["text"]
