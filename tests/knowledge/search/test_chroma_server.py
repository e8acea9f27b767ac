"""The index on a real Chroma server (`chroma run`, shipped with chromadb), as several replicas
use it: one builds, another finds the index current and answers without embedding anything."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.base.caller import Caller
from assistant.base.settings import load_settings
from assistant.composition.assistant import Assistant

from tests.knowledge.search.test_index import SMALL

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip("the chroma CLI (chromadb's server) is not installed in this environment")
    port = _free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.skip("chroma server did not start")
            time.sleep(0.3)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture()
def replica(tmp_path, assistant, chroma_server):
    kb = tmp_path / "knowledge"
    kb.mkdir()
    shutil.copy(Path(load_settings().knowledge_dir) / "releases.yaml", kb / "releases.yaml")
    (kb / "concepts.yaml").write_text(SMALL, encoding="utf-8")

    def make(name: str) -> Assistant:
        settings = load_settings(
            data_dir=tmp_path / name, knowledge_dir=kb,
            search={"chroma_host": "127.0.0.1", "chroma_port": chroma_server, "collection": f"t{tmp_path.name[-20:]}"},
        )
        a = Assistant(settings)
        a._embedder = assistant.embedder  # the session's loaded model
        return a
    return make


def test_replicas_share_one_index_on_the_server(replica):
    first = replica("one")
    report = first.build_index()
    assert report.changed and report.embedded == 3
    second = replica("two")  # another machine: its own data dir, same server
    again = second.build_index()
    assert not again.changed and again.embedded == 0
    answer = second.answer("what is recertification?", caller=Caller.local_operator())
    assert answer.citations[0].id == "concept-beta"


def test_server_down_is_a_clear_error(tmp_path):
    from assistant.knowledge.search.vector_index import VectorIndexError

    settings = load_settings(data_dir=tmp_path, search={"chroma_host": "127.0.0.1", "chroma_port": _free_port()})
    with pytest.raises(VectorIndexError, match="Chroma server 127.0.0.1"):
        Assistant(settings).index.current()


def test_a_replica_follows_another_replicas_rebuild(replica):
    first, second = replica("one"), replica("two")
    first.build_index()
    assert second.answer("what is recertification?", caller=Caller.local_operator()).citations[0].id == "concept-beta"
    # replica one rebuilds after a content change and drops the old collection
    kb_file = first.settings.knowledge_dir / "concepts.yaml"
    kb_file.write_text(kb_file.read_text().replace("every two years", "every 24 months"))
    third = replica("three")
    assert third.build_index().changed
    # replica two still holds the dropped collection: it follows the pointer and answers
    assert second.answer("what is recertification?", caller=Caller.local_operator()).citations[0].id == "concept-beta"
