"""waitress, configured and extended to survive slow, idle and half-open clients.

Why: with waitress's defaults (100 connections, idle connections closed only after 120 s, checked
every 30 s, no limit on how long a request may take to arrive) about 100 idle or half-open
connections, no signature needed, made the server stop answering everything, ``/healthz``
included. waitress then stops calling accept(), so new clients hang in the kernel's backlog.

This server:
- allows many more connections (``connection_limit``; idle connections cost a socket, not a
  thread) and uses poll() instead of select(), which cannot watch descriptors above 1024;
- closes connections idle for ``idle_timeout`` s (keep-alive between requests; set it above the
  load balancer's own idle timeout, e.g. AWS ALB 60 s, or the balancer may reuse a closed one);
- closes connections whose current request has not fully arrived ``read_timeout`` s after its
  first byte (slowloris: a byte every few seconds keeps a connection "active" forever otherwise);
- checks both every second;
- at the limit, still accepts and answers ``503 Service Unavailable`` with ``Retry-After`` at once,
  rather than leaving the client hanging.
"""

from __future__ import annotations

import logging
import resource
import socket
import time
from typing import Callable

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

from bot.guard import RateLimitedLog

log = logging.getLogger("bot.httpd")

_SHED_BODY = b'{"ok": false, "error": "overloaded"}'
SHED_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
    b"Connection: close\r\nContent-Length: " + str(len(_SHED_BODY)).encode() + b"\r\n\r\n" + _SHED_BODY
)


class _Channel(HTTPChannel):
    request_started = 0.0  # monotonic time of the first byte of the request being received

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_started = time.monotonic()
        return super().received(data)


class HardenedServer(TcpWSGIServer):
    channel_class = _Channel
    read_timeout: float = 10.0
    _shed_log = RateLimitedLog(log, per_minute=6)

    def readable(self) -> bool:
        now = time.time()
        if now >= self.next_channel_cleanup:
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        # Unlike waitress, keep accepting at the limit: handle_accept sheds with a 503.
        return bool(self.accepting)

    def handle_accept(self) -> None:
        if len(self.active_channels) < self.adj.connection_limit:
            super().handle_accept()
            return
        try:
            pair = self.accept()
        except OSError:
            return
        if pair is None:
            return
        conn = pair[0]
        try:
            conn.setblocking(False)
            conn.send(SHED_RESPONSE)  # fits in an empty send buffer: never blocks the loop
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        finally:
            conn.close()
        self._shed_log.warning("connection limit (%d) reached: answered 503", self.adj.connection_limit)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # idle connections (no request in progress) past channel_timeout
        cutoff = time.monotonic() - self.read_timeout
        for channel in list(self.active_channels.values()):
            if not channel.requests and channel.request is not None and channel.request_started < cutoff:
                channel.will_close = True  # a request still arriving after read_timeout: slowloris


def _fd_headroom(limit: int) -> int:
    """Raise the soft descriptor limit if needed and cap the connection limit below it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = limit + 128  # listening socket, store, Redis, model files, log files
    if soft != resource.RLIM_INFINITY and soft < want:
        new_soft = want if hard == resource.RLIM_INFINITY else min(want, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))
            soft = new_soft
        except (ValueError, OSError):
            pass
    if soft != resource.RLIM_INFINITY and soft - 128 < limit:
        capped = max(16, soft - 128)
        log.warning("connection limit lowered from %d to %d (open-file limit %d)", limit, capped, soft)
        return capped
    return limit


def create_hardened_server(wsgi: Callable, host: str, port: int, *, threads: int = 16,
                           connection_limit: int = 1000, idle_timeout: int = 75, read_timeout: float = 10.0,
                           max_request_body_size: int = 1_048_576) -> HardenedServer:
    """A HardenedServer (not yet serving); ``.run()`` serves, ``.close()`` stops, port 0 = any."""
    from waitress.task import ThreadedTaskDispatcher

    adj = Adjustments(
        host=host, port=port, threads=threads, max_request_body_size=max_request_body_size,
        ident="copc-assistant", clear_untrusted_proxy_headers=True,
        connection_limit=_fd_headroom(connection_limit), channel_timeout=idle_timeout, cleanup_interval=1,
        asyncore_use_poll=True,
        # Slack's requests have small headers; the default 256 KB invites memory abuse.
        max_request_header_size=65_536,
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    server = HardenedServer(wsgi, {}, True, None, dispatcher=dispatcher, adj=adj, sockinfo=adj.listen[0])
    server.read_timeout = read_timeout
    return server
