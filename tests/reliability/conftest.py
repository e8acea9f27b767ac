"""Fixtures for the reliability suite: misbehaving servers made of real sockets on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import zoneinfo
from pathlib import Path

import pytest

from assistant.base.settings import load_settings

TZ = "America/Mexico_City"


class SilentServer:
    """Accepts TCP connections and never sends a byte: a store (or anything) that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.accepted.append(conn)  # kept open, never answered
            except OSError:
                continue

    def close(self):
        self._stop.set()
        for c in self.accepted:
            c.close()
        self.sock.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on (bound then released): connections are refused."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    from metrics_adapter.demo import ensure_demo_db

    path = tmp_path_factory.mktemp("rel-kpi-data")
    ensure_demo_db(path, dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date())
    return path


@pytest.fixture(scope="session")
def shipped_kb():
    from assistant.knowledge.kb.loader import load_knowledge

    return load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")


@pytest.fixture
def kpi_settings(demo_dir, tmp_path, monkeypatch):
    def make(store_url: str | None = None, **metrics):
        monkeypatch.setenv("COPC_CONFIG", "")
        return load_settings(data_dir=demo_dir, store_url=store_url or f"sqlite:///{tmp_path / 'store.db'}",
                             metrics={"timezone": TZ, **metrics})

    return make
