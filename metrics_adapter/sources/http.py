"""HTTP JSON source for contact-centre platform APIs (Genesys, Five9, NICE... or an in-house service).

Configured in sources.yaml: a URL template with {team} {agent} {metric} {start} {end}, the auth
header whose value comes from an environment variable (never from a file, never logged), and the
JSON path of the value. Template values come from the directory and catalog only, URL-encoded.
"""

from __future__ import annotations

import logging
import math
import os
import string
import time
from typing import Any
from urllib.parse import quote

import httpx

from metrics_adapter.catalog import Metric
from metrics_adapter.errors import SourceUnavailable
from metrics_adapter.windows import Window
from metrics_adapter.sources.base import Scope, ratio_value

log = logging.getLogger(__name__)

PLACEHOLDERS = {"team", "agent", "metric", "start", "end"}


def template_fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def json_path(data: Any, path: str) -> Any:
    """Follow "data.items.0.value" / "data.items[0].value" through dicts and lists."""
    for part in path.replace("[", ".").replace("]", "").split("."):
        if part == "":
            continue
        if isinstance(data, list):
            try:
                data = data[int(part)]
            except (ValueError, IndexError):
                raise KeyError(path) from None
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            raise KeyError(path)
    return data


def _number(value: Any, path: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"value at '{path}' is not a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ValueError(f"value at '{path}' is not a number") from None
    # json accepts NaN/Infinity (and float() the strings "nan", "inf"): no KPI can be either.
    if not math.isfinite(number):
        raise ValueError(f"value at '{path}' is not a finite number")
    return number


class HttpSource:
    kind = "http"

    def __init__(self, name: str, *, url: str, agent_url: str | None = None, auth_header: str | None = None,
                 auth_env: str | None = None, auth_scheme: str | None = None, value_path: str = "value",
                 team_ids: dict[str, str] | None = None, metric_names: dict[str, str] | None = None,
                 timeout_seconds: float = 5.0):
        self.name = name
        self.url = url
        self.agent_url = agent_url
        self.auth_header = auth_header
        self.auth_env = auth_env
        self.auth_scheme = auth_scheme
        self.value_path = value_path
        self.team_ids = team_ids or {}
        self.metric_names = metric_names or {}
        self._client = httpx.Client(timeout=timeout_seconds, follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.auth_header and self.auth_env:
            secret = os.environ.get(self.auth_env)
            if not secret:
                raise SourceUnavailable(self.name, f"environment variable {self.auth_env} (auth) is not set")
            headers[self.auth_header] = f"{self.auth_scheme} {secret}" if self.auth_scheme else secret
        return headers

    def fetch(self, metrics: list[Metric], scope: Scope, window: Window, deadline: float) -> dict[str, float | None]:
        template = self.agent_url if scope.agent_id else self.url
        if template is None:
            raise SourceUnavailable(self.name, "no agent_url configured for individual numbers")
        headers = self._headers()
        out: dict[str, float | None] = {}
        for m in metrics:
            http = m.compute.http
            values = {
                "team": self.team_ids.get(scope.team_id, scope.team_id),
                "agent": scope.agent_id or "",
                "metric": self.metric_names.get(m.id) or (http.metric if http and http.metric else m.id),
                "start": window.start.isoformat(),
                "end": window.end.isoformat(),
            }
            url = template.format_map({k: quote(v, safe="") for k, v in values.items()})
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SourceUnavailable(self.name, "deadline passed")
            try:
                response = self._client.get(url, headers=headers, timeout=remaining)
                response.raise_for_status()
                data = response.json()
                if http and http.numerator_path and http.denominator_path:
                    num = _number(json_path(data, http.numerator_path), http.numerator_path)
                    den = _number(json_path(data, http.denominator_path), http.denominator_path)
                    out[m.id] = ratio_value(m, num, den, complement=http.complement)
                else:
                    path = (http.value_path if http and http.value_path else self.value_path)
                    out[m.id] = _number(json_path(data, path), path)
            except httpx.HTTPStatusError as exc:
                raise SourceUnavailable(self.name, f"HTTP {exc.response.status_code} for metric {m.id}") from None
            except httpx.TimeoutException:
                raise SourceUnavailable(self.name, "timed out") from None
            except httpx.HTTPError as exc:
                raise SourceUnavailable(self.name, f"{type(exc).__name__}") from None
            except KeyError as exc:
                raise SourceUnavailable(self.name, f"no value at JSON path {exc.args[0]!r} for metric {m.id}") from None
            except ValueError as exc:  # invalid JSON or a non-numeric value
                raise SourceUnavailable(self.name, f"unusable answer for metric {m.id}: {str(exc)[:120]}") from None
        return out
