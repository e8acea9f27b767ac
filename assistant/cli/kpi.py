"""`copc kpi` sub-commands (contract, see README "KPIs"):

    copc kpi METRIC --team TEAM [--window W] [--user U] [--json]   one KPI (METRIC = id or alias: aht, TMO, "service level")
    copc kpi teams [--user U] --json                                teams the caller may see: [{id, name}]
    copc kpi metrics --json                                         the governed catalog
    copc kpi load-demo --url URL [--schema S]                       put the demo dataset into your database
    copc kpi chart METRIC --team T [--window W] [--out FILE.png]     trend chart (PNG) + text table

Exit codes: 0 numbers shown; 1 no numbers (refused, source unavailable, unknown metric/team, no
data); 2 bad configuration or usage. Without --user the caller is the local operator (full access);
with --user the Slack user's rights apply exactly as in Slack. Imports stay inside the commands so
`copc --help` stays fast.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from assistant.base.caller import cli_caller
from assistant.cli.common import fail
from typer.core import TyperGroup


class _MetricOrCommand(TyperGroup):
    """`copc kpi aht ...` runs `show aht ...`; `teams`, `metrics`, `load-demo` stay sub-commands."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


def _service():
    from assistant.base.settings import ConfigError, get_settings
    from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge
    from assistant.base.store import Store

    from assistant.base.config_files import ConfigFileError
    from metrics_adapter.service import KpiService

    try:
        settings = get_settings()
    except ConfigError as exc:
        fail(str(exc))
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        typer.echo(f"Warning: knowledge base not loaded, answers will carry no citations ({exc.problems[0]})", err=True)
        kb = None
    try:
        return KpiService(settings, kb, Store(settings.resolved_store_url, timeout_seconds=settings.store_timeout_seconds))
    except ConfigFileError as exc:  # catalog, directory or sources file
        fail(str(exc))


def _print(obj) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    kpi = typer.Typer(cls=_MetricOrCommand, no_args_is_help=True,
                      help="Live KPI values from the metrics sources (catalog, access control, audit).")

    @kpi.command("show", help="One KPI for a team (or an agent). Same as `copc kpi METRIC ...`.")
    def show(
        metric: str = typer.Argument(..., help="Metric id or alias: aht, TMO, service_level, \"nivel de servicio\"..."),
        team: Optional[str] = typer.Option(None, "--team", help="Team id or name (default: the --user's own team)."),
        window: Optional[str] = typer.Option(None, "--window", help="today, yesterday, this-week, last-week, this-month, "
                                             "last-month, last-7-days, 2026-03-14, 2026-03-01..2026-03-14 (default: the metric's)."),
        user: Optional[str] = typer.Option(None, "--user", help="Slack user id whose rights apply (default: local operator)."),
        agent: Optional[str] = typer.Option(None, "--agent", help="Individual numbers: Slack user id or agent id."),
        lang: Optional[str] = typer.Option(None, "--lang", help="Answer language: en or es."),
        as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON (same shape as `copc ask --json`)."),
    ) -> None:
        if lang is not None and lang not in ("en", "es"):
            fail("--lang must be 'en' or 'es'")
        svc = _service()
        person = svc.directory.person(user) if user else None
        language = lang or (person.language if person else svc.settings.default_language)
        answer = svc.query(metric, team=team, window=window, caller=cli_caller(user), language=language, agent=agent)
        if as_json:
            _print(answer.to_json())
        else:
            typer.echo(answer.text)
        has_numbers = any(m.value is not None for m in answer.metrics)
        raise typer.Exit(0 if has_numbers else 1)

    @kpi.command("chart", help="A trend chart (PNG) and its text table, as the Slack \"Show trend\" button gives it.")
    def chart(
        metric: str = typer.Argument(..., help="Metric id or alias."),
        team: Optional[str] = typer.Option(None, "--team", help="Team id or name (default: the --user's own team)."),
        window: Optional[str] = typer.Option(None, "--window", help="Default: last 8 weeks (weekly points); "
                                             "31 days or less gives daily points."),
        out: Optional[str] = typer.Option(None, "--out", help="PNG file to write (default: METRIC-TEAM-END.png here)."),
        user: Optional[str] = typer.Option(None, "--user", help="Slack user id whose rights apply (default: local operator)."),
        lang: Optional[str] = typer.Option(None, "--lang", help="Labels and title language: en or es."),
    ) -> None:
        from pathlib import Path

        if lang is not None and lang not in ("en", "es"):
            fail("--lang must be 'en' or 'es'")
        if out is not None and not out.lower().endswith(".png"):
            fail("--out must name a .png file")
        svc = _service()
        person = svc.directory.person(user) if user else None
        language = lang or (person.language if person else svc.settings.default_language)
        answer = svc.trend(None, metric=metric, team=team, window=window, caller=cli_caller(user), language=language,
                           surface="cli")
        if answer.chart is None:
            typer.echo(answer.text)
            raise typer.Exit(1)
        path = Path(out or answer.chart.filename)
        try:
            path.write_bytes(answer.chart.png)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
        typer.echo(f"{answer.chart.title}\n{answer.chart.table}\n\n{path}")

    @kpi.command("teams", help="Teams the caller may see.")
    def teams(
        user: Optional[str] = typer.Option(None, "--user", help="Slack user id (default: local operator)."),
        as_json: bool = typer.Option(False, "--json", help="Print [{id, name}] as JSON."),
    ) -> None:
        from metrics_adapter.errors import AuditUnavailable

        try:
            rows = _service().teams_for(cli_caller(user))
        except AuditUnavailable as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1)
        if as_json:
            _print(rows)
        else:
            for r in rows:
                typer.echo(f"{r['id']:<12} {r['name']}")

    @kpi.command("metrics", help="The governed metric catalog.")
    def metrics(as_json: bool = typer.Option(False, "--json", help="Print the catalog as JSON.")) -> None:
        rows = _service().metrics_list()
        if as_json:
            _print(rows)
        else:
            from assistant.base.units import format_target

            for r in rows:
                target = "-" if r["target"] is None else format_target(r["target"], r["unit"])
                typer.echo(f"{r['id']:<22} {r['name']:<28} {r['name_es']:<34} target {target:<7} "
                           f"({r['direction']} is better) [{r['source']}]")

    @kpi.command("load-demo", help="Create the demo tables in a database (to try a real server before wiring your own).")
    def load_demo_cmd(
        url: str = typer.Option(..., "--url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host:5432/db"),
        schema: Optional[str] = typer.Option(None, "--schema", help="Schema to create the tables in (PostgreSQL)."),
    ) -> None:
        import datetime as dt
        import re
        import zoneinfo

        from sqlalchemy import create_engine
        from sqlalchemy.exc import SQLAlchemyError

        from assistant.base.settings import get_settings

        from metrics_adapter.demo import DEMO_DAYS, load_demo

        if schema is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
            fail("--schema must be a plain identifier (letters, digits, '_')")
        tz = zoneinfo.ZoneInfo(get_settings().metrics.timezone)
        today = dt.datetime.now(tz).date()
        try:
            engine = create_engine(url)
            load_demo(engine, schema=schema, end=today)
            engine.dispose()
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            fail(f"could not load the demo data: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}", 1)
        from sqlalchemy.engine import make_url

        where = f"schema {schema}" if schema else "the default schema"
        shown = make_url(url).render_as_string(hide_password=True)  # never echo a password
        typer.echo(f"Loaded {DEMO_DAYS} days ending {today} into {where}. Use it with:\n"
                   f"  COPC_METRICS__DATABASE_URL='{shown}'" + (f" COPC_METRICS__DATABASE_SCHEMA={schema}" if schema else ""))

    app.add_typer(kpi, name="kpi")
