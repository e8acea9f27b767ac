"""Which source answers which metric: the built-in SQL source plus sources.yaml (optional).

sources.yaml (settings.metrics.sources_path):

    default: sql                 # source for metrics not listed under `metrics` ("sql" = built-in)
    sources:
      warehouse:                 # another SQL database
        kind: sql
        url_env: WAREHOUSE_URL   # or `url:` (keep passwords in the environment, not in files)
        schema: kpi
      ccaas:                     # a platform API
        kind: http
        url: "https://api.example.com/v2/teams/{team}/metrics/{metric}?from={start}&to={end}"
        agent_url: "https://api.example.com/v2/agents/{agent}/metrics/{metric}?from={start}&to={end}"
        auth_header: Authorization
        auth_env: CCAAS_TOKEN
        auth_scheme: Bearer        # header value = "Bearer <token>"
        value_path: data.value
        team_ids: {phoenix: "PHX-01"}   # directory team id -> the platform's id
        metric_names: {aht: avg_handle_time}  # catalog id -> the platform's name
    metrics:
      service_level: ccaas

The built-in "sql" source reads settings.metrics.database_url (schema settings.metrics.database_schema),
or the embedded demo SQLite database when no URL is set.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Callable, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from metrics_adapter.catalog import Catalog
from metrics_adapter.errors import MetricsConfigError
from assistant.base.config_files import load_model
from metrics_adapter.sources.base import MetricSource
from metrics_adapter.sources.http import PLACEHOLDERS, HttpSource, template_fields
from metrics_adapter.sources.sql import SqlSource

if TYPE_CHECKING:
    from assistant.base.settings import Settings

BUILTIN = "sql"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class SqlSourceConfig(_Strict):
    kind: Literal["sql"]
    url: str | None = None
    url_env: str | None = None
    schema_: str | None = Field(default=None, alias="schema", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    team_ids: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_url(self) -> "SqlSourceConfig":
        if bool(self.url) == bool(self.url_env):
            raise ValueError("give exactly one of 'url' or 'url_env'")
        return self


class HttpSourceConfig(_Strict):
    kind: Literal["http"]
    url: str
    agent_url: str | None = None
    auth_header: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]+$")
    auth_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    auth_scheme: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9-]*$")  # "Bearer", "Token"; None = token only
    value_path: str = "value"
    team_ids: dict[str, str] = Field(default_factory=dict)
    # The platform's own metric names, when they differ from the catalog's compute.http.metric.
    metric_names: dict[str, Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]] = Field(default_factory=dict)

    @field_validator("url", "agent_url")
    @classmethod
    def _template(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        try:
            unknown = template_fields(v) - PLACEHOLDERS
        except ValueError as exc:
            raise ValueError(f"bad URL template: {exc}") from None
        if unknown:
            raise ValueError(f"unknown placeholder(s) {sorted(unknown)}; allowed: {sorted(PLACEHOLDERS)}")
        return v


SourceConfig = Annotated[Union[SqlSourceConfig, HttpSourceConfig], Field(discriminator="kind")]


class SourcesFile(_Strict):
    default: str = BUILTIN
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    metrics: dict[str, str] = Field(default_factory=dict)


@dataclass
class Routing:
    """metric id -> source name, plus the lazily built sources."""

    routes: dict[str, str]
    configs: dict[str, SqlSourceConfig | HttpSourceConfig]
    settings: "Settings"
    today: Callable[[], dt.date]  # for the demo database's end date
    _built: dict[str, MetricSource] | None = None

    def source_for(self, metric_id: str) -> MetricSource:
        return self.source(self.routes[metric_id])

    _demo_day: dt.date | None = None

    def source(self, name: str) -> MetricSource:
        if self._built is None:
            self._built = {}
        if name == BUILTIN and self._demo_day is not None and self._demo_day != self.today():
            # The embedded demo always ends today: after midnight, extend it by a day.
            self._built.pop(name).close()
            self._demo_day = None
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def _build(self, name: str) -> MetricSource:
        m = self.settings.metrics
        if name == BUILTIN:
            url = m.database_url
            if url is None:
                from metrics_adapter.demo import ensure_demo_db

                self._demo_day = self.today()
                url = ensure_demo_db(self.settings.data_dir, self._demo_day)
            return SqlSource(name, url, schema=m.database_schema, timeout_seconds=m.timeout_seconds)
        cfg = self.configs[name]
        if isinstance(cfg, SqlSourceConfig):
            # Checked at start (load_routing); an environment variable emptied since is unavailable, not sqlite://.
            url = cfg.url or os.environ.get(cfg.url_env or "", "")
            if not url:
                from metrics_adapter.errors import SourceUnavailable

                raise SourceUnavailable(name, f"environment variable {cfg.url_env} is not set")
            return SqlSource(name, url, schema=cfg.schema_, timeout_seconds=m.timeout_seconds,
                             team_ids=cfg.team_ids)
        return HttpSource(name, url=cfg.url, agent_url=cfg.agent_url, auth_header=cfg.auth_header,
                          auth_env=cfg.auth_env, auth_scheme=cfg.auth_scheme, value_path=cfg.value_path,
                          team_ids=cfg.team_ids, metric_names=cfg.metric_names, timeout_seconds=m.timeout_seconds)

    def close(self) -> None:
        for s in (self._built or {}).values():
            s.close()
        self._built = None


def sql_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be used as a SQLAlchemy database URL (checked at start), or None.
    Never echoes the URL: it may hold a password."""
    try:
        dialect = make_url(url).get_dialect()
    except ArgumentError as exc:  # NoSuchModuleError is an ArgumentError too
        reason = "unknown database dialect" if "Can't load plugin" in str(exc) else "not a valid SQLAlchemy URL"
        return f"{reason} (expected e.g. postgresql+psycopg://user@host:5432/db or sqlite:///path/metrics.db)"
    except ValueError:
        return "not a valid SQLAlchemy URL (bad port or characters)"
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        return f"the database driver for '{make_url(url).drivername}' is not installed ({exc.name or exc})"
    return None


def load_routing(settings: "Settings", catalog: Catalog, today: Callable[[], dt.date]) -> Routing:
    """Read sources.yaml (if configured) and check every metric can be computed by its source."""
    path = settings.metrics.sources_path
    if path is None:
        parsed, doc = SourcesFile(), None
    else:
        parsed, doc = load_model(path, SourcesFile, MetricsConfigError)
    problems: list[str] = []

    def where(loc: tuple, msg: str) -> str:
        return doc.problem(loc, msg) if doc else f"settings metrics: {msg}"

    names = {BUILTIN, *parsed.sources}
    if BUILTIN in parsed.sources:
        problems.append(where(("sources", BUILTIN), f"'{BUILTIN}' is the built-in source (settings.metrics.database_url); pick another name"))
    if parsed.default not in names:
        problems.append(where(("default",), f"unknown source '{parsed.default}'"))
    for mid, src in parsed.metrics.items():
        if mid not in catalog.metrics:
            problems.append(where(("metrics", mid), f"unknown metric '{mid}' (not in {catalog.path.name})"))
        if src not in names:
            problems.append(where(("metrics", mid), f"unknown source '{src}'"))
    if settings.metrics.database_url is not None:
        bad = sql_url_problem(settings.metrics.database_url)
        if bad:
            problems.append(f"settings metrics.database_url (COPC_METRICS__DATABASE_URL): {bad}")
    for name, cfg in parsed.sources.items():
        if not isinstance(cfg, SqlSourceConfig):
            continue
        if cfg.url_env and not os.environ.get(cfg.url_env):
            problems.append(where(("sources", name, "url_env"), f"environment variable {cfg.url_env} is not set"))
            continue
        bad = sql_url_problem(cfg.url or os.environ[cfg.url_env or ""])
        if bad:
            field = "url" if cfg.url else "url_env"
            src = "" if cfg.url else f" (the value of environment variable {cfg.url_env})"
            problems.append(where(("sources", name, field), f"{bad}{src}"))
    if problems:
        raise MetricsConfigError(problems)

    routes = {mid: parsed.metrics.get(mid, parsed.default) for mid in catalog.metrics}
    kinds = {BUILTIN: "sql", **{n: c.kind for n, c in parsed.sources.items()}}
    for mid, src in routes.items():
        metric = catalog.metrics[mid]
        if kinds[src] == "sql" and metric.compute.sql is None:
            problems.append(f"{catalog.path.name}: field 'metrics.{mid}.compute.sql': missing, but source '{src}' is SQL")
    if problems:
        raise MetricsConfigError(problems)
    return Routing(routes, dict(parsed.sources), settings, today)

