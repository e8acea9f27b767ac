"""HTTP JSON backend against a real local HTTP server on 127.0.0.1 (auth header, JSON path, timeouts)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from assistant.base.caller import Caller, cli_caller
from metrics_adapter.errors import MetricsConfigError
from metrics_adapter.service import KpiService

from tests.fixtures.kpi import audit_rows, expected_value

TOKEN = "s3cret-token-value"
PLATFORM_TEAM = {"PHX 01/A": "phoenix", "ATL-02": "atlas"}


class Platform(BaseHTTPRequestHandler):
    """A contact-centre platform API: computes KPIs from the same raw rows, demands a bearer token."""

    raw = None
    seen: list[str] = []
    delay = 0.0
    value_override: object = None  # sent instead of the computed value when set

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802
        Platform.seen.append(self.path)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"error": "unauthorized"})
        if Platform.delay:
            time.sleep(Platform.delay)
        parts = urlsplit(self.path)
        segments = [unquote(s) for s in parts.path.split("/")]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if segments[1] != "v2" or segments[2] not in ("teams", "agents") or segments[4] != "kpis":
            return self._send(404, {"error": "not found"})
        agent = segments[3] if segments[2] == "agents" else None
        team = PLATFORM_TEAM.get(segments[3]) if agent is None else next(
            (r["team_id"] for r in Platform.raw.tables["agent_daily"] if r["agent_id"] == agent), None)
        if team is None:
            return self._send(404, {"error": "no such team or agent"})
        metric = {"avg_handle_time": "aht", "service_level": "service_level"}[segments[5]]
        start, end = dt.date.fromisoformat(query["from"]), dt.date.fromisoformat(query["to"])
        value = expected_value(Platform.raw, metric, team, start, end, agent)
        if Platform.value_override is not None:
            value = Platform.value_override
        self._send(200, {"data": {"team": segments[3], "kpi": {"value": value}}})

    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client gave up on a slow answer on purpose: a broken pipe here is expected


@pytest.fixture
def platform(raw):
    Platform.raw, Platform.seen, Platform.delay, Platform.value_override = raw, [], 0.0, None
    server = _Server(("127.0.0.1", 0), Platform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _service(settings, kb, store, tmp_path, base_url, *, timeout=5.0, extra=""):
    (tmp_path / "sources.yaml").write_text(f"""
sources:
  ccaas:
    kind: http
    url: "{base_url}/v2/teams/{{team}}/kpis/{{metric}}?from={{start}}&to={{end}}"
    agent_url: "{base_url}/v2/agents/{{agent}}/kpis/{{metric}}?from={{start}}&to={{end}}"
    auth_header: Authorization
    auth_env: CCAAS_TEST_TOKEN
    auth_scheme: Bearer
    value_path: data.kpi.value
    team_ids: {{phoenix: "PHX 01/A", atlas: "ATL-02"}}
    metric_names: {{aht: avg_handle_time}}
metrics:
  service_level: ccaas
  aht: ccaas
{extra}""", encoding="utf-8")
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(
        update={"sources_path": tmp_path / "sources.yaml", "timeout_seconds": timeout})})
    return KpiService(s, kb, store)


def test_values_come_from_the_platform(settings, kb, store, tmp_path, platform, raw, monkeypatch):
    monkeypatch.setenv("CCAAS_TEST_TOKEN", TOKEN)
    svc = _service(settings, kb, store, tmp_path, platform)
    try:
        a = svc.answer("AHT for Phoenix last week", language="en", caller=cli_caller("U0SUP00001"))
        m = a.metrics[0]
        start, end = dt.date.fromisoformat(m.window.start), dt.date.fromisoformat(m.window.end)
        assert m.value == pytest.approx(expected_value(raw, "aht", "phoenix", start, end), abs=0.05)
        assert m.previous is not None and m.status in ("met", "missed")
        # Directory id mapped to the platform's id and URL-encoded; the catalog's remote metric name used.
        assert any(p.startswith("/v2/teams/PHX%2001%2FA/kpis/avg_handle_time?from=") for p in Platform.seen)
        # Metrics not routed to the platform still come from SQL.
        assert svc.answer("FCR for Phoenix last week", language="en", caller=cli_caller(None)).metrics[0].value > 0
    finally:
        svc.close()


def test_individual_numbers_use_the_agent_url(settings, kb, store, tmp_path, platform, raw, monkeypatch):
    monkeypatch.setenv("CCAAS_TEST_TOKEN", TOKEN)
    svc = _service(settings, kb, store, tmp_path, platform)
    try:
        m = svc.answer("my AHT last month", language="en", caller=cli_caller("U0AGT00001")).metrics[0]
        start, end = dt.date.fromisoformat(m.window.start), dt.date.fromisoformat(m.window.end)
        assert m.agent == "pho-01"
        assert m.value == pytest.approx(expected_value(raw, "aht", "phoenix", start, end, "pho-01"), abs=0.05)
        assert any(p.startswith("/v2/agents/pho-01/kpis/avg_handle_time?") for p in Platform.seen)
    finally:
        svc.close()


def test_user_text_never_reaches_the_url(settings, kb, store, tmp_path, platform, monkeypatch):
    monkeypatch.setenv("CCAAS_TEST_TOKEN", TOKEN)
    svc = _service(settings, kb, store, tmp_path, platform)
    try:
        svc.answer("AHT for Phoenix/../admin?x=1 last week", language="en", caller=cli_caller(None))
        svc.answer("AHT for Robert'); DROP TABLE teams;-- last week", language="en", caller=cli_caller(None))
        for path in Platform.seen:
            assert "admin" not in path and "DROP" not in path and "Robert" not in path
    finally:
        svc.close()


def test_missing_token_and_rejected_token_are_unavailable(settings, kb, store, tmp_path, platform, monkeypatch):
    monkeypatch.delenv("CCAAS_TEST_TOKEN", raising=False)
    svc = _service(settings, kb, store, tmp_path, platform)
    a = svc.answer("service level for Atlas yesterday", language="en", caller=cli_caller(None))
    assert a.metrics == [] and "metrics source is unavailable" in a.text and Platform.seen == []
    monkeypatch.setenv("CCAAS_TEST_TOKEN", "wrong")
    a = svc.answer("service level for Atlas yesterday", language="en", caller=cli_caller(None))
    assert a.metrics == [] and "unavailable" in a.text and len(Platform.seen) >= 1
    assert "wrong" not in a.text and TOKEN not in a.text
    svc.close()


def test_slow_platform_times_out_within_the_deadline(settings, kb, store, tmp_path, platform, monkeypatch):
    monkeypatch.setenv("CCAAS_TEST_TOKEN", TOKEN)
    Platform.delay = 3.0
    svc = _service(settings, kb, store, tmp_path, platform, timeout=1.0)
    start = time.perf_counter()
    a = svc.answer("AHT for Phoenix last week", language="en", caller=cli_caller("U0AGT00001"))
    elapsed = time.perf_counter() - start
    svc.close()
    assert elapsed < 1.5, elapsed
    assert a.metrics == [] and "metrics source is unavailable" in a.text
    assert audit_rows(store)[-1].outcome == "unavailable"


def test_unknown_platform_team_and_bad_json_path(settings, kb, store, tmp_path, platform, monkeypatch):
    monkeypatch.setenv("CCAAS_TEST_TOKEN", TOKEN)
    svc = _service(settings, kb, store, tmp_path, platform)
    # Orion has no platform id mapping: the platform answers 404 -> unavailable, no traceback.
    a = svc.answer("AHT for Orion last week", language="en", caller=cli_caller(None))
    assert a.metrics == [] and "unavailable" in a.text
    svc.close()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), "NaN", "Infinity", "n/a", [1], {"v": 1}])
def test_non_finite_or_non_numeric_values_are_unavailable(settings, kb, store, tmp_path, platform, monkeypatch, bad):
    # json.dumps writes NaN / Infinity / -Infinity literally, as some platforms do.
    monkeypatch.setenv("CCAAS_TEST_TOKEN", TOKEN)
    Platform.value_override = bad
    svc = _service(settings, kb, store, tmp_path, platform)
    try:
        a = svc.answer("AHT for Phoenix last week", language="en", caller=cli_caller(None))
        assert a.metrics == [] and "metrics source is unavailable" in a.text, a.text
        assert audit_rows(store)[-1].outcome == "unavailable"
        assert len(Platform.seen) >= 1
    finally:
        svc.close()


@pytest.mark.parametrize("yaml_text, message", [
    ("sources:\n  x: {kind: http, url: 'http://h/{teem}'}\n", "sources.x.http.url"),
    ("sources:\n  x: {kind: ftp, url: 'ftp://h'}\n", "sources.x"),
    ("metrics:\n  aht: nowhere\n", "unknown source 'nowhere'"),
    ("metrics:\n  nps: sql\n", "unknown metric 'nps'"),
])
def test_bad_sources_file_names_file_and_field(settings, kb, store, tmp_path, yaml_text, message):
    (tmp_path / "sources.yaml").write_text(yaml_text, encoding="utf-8")
    s = settings.model_copy(update={"metrics": settings.metrics.model_copy(update={"sources_path": tmp_path / "sources.yaml"})})
    with pytest.raises(MetricsConfigError) as err:
        KpiService(s, kb, store)
    assert "sources.yaml, line" in str(err.value) and message in str(err.value), str(err.value)
