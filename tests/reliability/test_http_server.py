"""The HTTP server against idle, half-open and slow clients (issue 9, item 2), on real sockets."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from bot.server import create_server, health_app


@pytest.fixture
def serve():
    servers = []

    def start(**limits):
        server = create_server(health_app(lambda: (True, {"mode": "test"})), "127.0.0.1", 0, threads=4, **limits)
        threading.Thread(target=server.run, daemon=True).start()
        servers.append(server)
        return server.effective_port

    yield start
    for s in servers:
        s.close()


def healthz(port: int, timeout: float = 5.0) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status, time.perf_counter() - start
    finally:
        conn.close()


def open_idle(port: int, n: int, half_open: bool = False) -> list[socket.socket]:
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if half_open:  # a request that never finishes arriving
            s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        socks.append(s)
    return socks


def closed_by_server(s: socket.socket, within: float) -> bool:
    s.settimeout(within)
    try:
        return s.recv(1024) == b""  # EOF: the server closed it without answering
    except (TimeoutError, socket.timeout):
        return False
    except ConnectionResetError:
        return True


def test_300_idle_and_half_open_connections_leave_healthz_answering(serve):
    port = serve()
    held = open_idle(port, 150) + open_idle(port, 150, half_open=True)
    try:
        time.sleep(0.3)  # let the server accept them all
        for _ in range(5):
            status, elapsed = healthz(port)
            assert status == 200 and elapsed < 1.0, elapsed
    finally:
        for s in held:
            s.close()


def test_at_the_limit_new_clients_get_503_at_once(serve):
    port = serve(connection_limit=20)
    held = open_idle(port, 20)
    try:
        time.sleep(0.3)
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        assert response.status == 503 and response.getheader("Retry-After") == "1"
        assert time.perf_counter() - start < 1.0
        conn.close()
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    assert healthz(port)[0] == 200  # below the limit again: served normally


def test_idle_connections_are_closed_after_idle_timeout(serve):
    port = serve(idle_timeout=1)
    (s,) = open_idle(port, 1)
    start = time.perf_counter()
    assert closed_by_server(s, within=5.0)
    assert 0.5 < time.perf_counter() - start < 3.5
    s.close()


def test_slowloris_is_closed_after_read_timeout(serve):
    """A byte every 0.3 s keeps the connection active, so only the read timeout frees it."""
    port = serve(read_timeout=1.5, idle_timeout=60)
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    start = time.perf_counter()
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    closed = False
    try:
        for byte in request:
            s.sendall(bytes([byte]))
            time.sleep(0.3)
            if time.perf_counter() - start > 6:
                break
    except (BrokenPipeError, ConnectionResetError):
        closed = True
    if not closed:
        closed = closed_by_server(s, within=1.0)
    assert closed and time.perf_counter() - start < 5.0
    s.close()
