"""The knowledge owners' commands (see README "Knowledge owners' loop"):

    copc report [--since 7d] [--format table|md|csv|json] [--lang en|es] [--chart FILE] [--user U]
    copc kb stale [--json]                 entries past their review date, with owner
    copc kb verify ID... [--on DATE]       record a review (rewrites only `reviewed:` in the YAML)
    copc retention purge                   delete stored questions/feedback older than retention_days

Without --user the caller is the local operator, who has the store on disk and counts as an
owner; with --user the Slack user's rights apply as in Slack (a non-owner is refused).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Optional

import typer

from assistant.cli.common import fail



def parse_since(text: str, now: dt.datetime) -> dt.datetime:
    """"7d", "4w", "12h" back from now, or an ISO date (midnight UTC)."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*([hdw])\s*", text or "")
    if match:
        n, unit = int(match.group(1)), match.group(2)
        return now - {"h": dt.timedelta(hours=n), "d": dt.timedelta(days=n), "w": dt.timedelta(weeks=n)}[unit]
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since must look like 7d, 4w, 12h or 2026-11-01, not {text!r}") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _services():
    from assistant.base.settings import ConfigError, get_settings
    from assistant.composition.services import Services

    try:
        return Services(get_settings())
    except ConfigError as exc:
        fail(str(exc))


def _kb_app(app: typer.Typer) -> typer.Typer:
    for group in app.registered_groups:
        if group.name == "kb":
            return group.typer_instance
    raise RuntimeError("the `kb` command group is not registered")


def register(app: typer.Typer) -> None:
    kb_app = _kb_app(app)
    retention_app = typer.Typer(help="Retention of stored questions and feedback.", no_args_is_help=True)
    app.add_typer(retention_app, name="retention")

    @app.command("report")
    def report(
        since: str = typer.Option("7d", "--since", help="Window start: 7d, 4w, 12h or an ISO date."),
        fmt: str = typer.Option("table", "--format", help="table, md, csv or json."),
        lang: str = typer.Option("en", "--lang", help="Language of headings and labels: en or es."),
        chart: Optional[Path] = typer.Option(None, "--chart", help="Also write the weekly chart (PNG) here."),
        user: Optional[str] = typer.Option(None, "--user", help="Slack user id whose rights apply."),
    ) -> None:
        """The gaps report: unanswered and escalated questions by topic, 👎 with reasons, rates, most asked."""
        from assistant.composition.owners import gaps_report, utc_now
        from assistant.feedback.report_render import FORMATS, render

        if fmt not in FORMATS:
            fail(f"--format must be one of: {', '.join(FORMATS)}")
        if lang not in ("en", "es"):
            fail("--lang must be 'en' or 'es'")
        now = utc_now()
        try:
            start = parse_since(since, now)
        except ValueError as exc:
            fail(str(exc))
        services = _services()
        if user is not None and not services.directory.is_owner(user):
            fail("the gaps report is for knowledge owners only (owner: true in the people directory)", 1)
        result = gaps_report(services, since=start, until=now, show_people=True)
        typer.echo(render(result, fmt, lang))
        if chart is not None:
            from assistant.feedback.chart import weekly_chart_png

            chart.write_bytes(weekly_chart_png(result.weekly, lang))
            typer.echo(f"Chart written to {chart}", err=True)

    @kb_app.command("stale")
    def kb_stale(as_json: bool = typer.Option(False, "--json")) -> None:
        """Entries past their review date (owner, last review, due date)."""
        from assistant.composition.owners import stale

        services = _services()
        due = stale(services.assistant, owners=services.settings.owners)
        if as_json:
            typer.echo(json.dumps([{"id": s.entry_id, "title": s.title, "file": s.file, "owner": s.owner,
                                    "reviewed": s.reviewed.isoformat(), "due": s.due.isoformat()} for s in due],
                                  ensure_ascii=False, indent=1))
            return
        for s in due:
            typer.echo(f"{s.due.isoformat()}  {s.entry_id:<32} {s.owner:<12} reviewed {s.reviewed.isoformat()}  {s.title}")
        typer.echo(f"{len(due)} entries due for review", err=True)

    @kb_app.command("verify")
    def kb_verify(
        ids: list[str] = typer.Argument(..., help="Entry ids to mark as reviewed."),
        on: Optional[str] = typer.Option(None, "--on", help="Review date (default today), YYYY-MM-DD."),
    ) -> None:
        """Record a review: sets `reviewed:` in each entry's YAML file, keeping comments and layout."""
        from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge
        from assistant.knowledge.review import ReviewError, verify

        try:
            day = dt.date.fromisoformat(on) if on else dt.date.today()
        except ValueError:
            fail(f"--on must be a date like 2026-12-01, not {on!r}")
        settings = _services().settings
        try:
            kb = load_knowledge(settings.knowledge_dir)
            changed = verify(settings.knowledge_dir, kb, ids, day)
        except (KnowledgeError, ReviewError) as exc:
            fail(str(exc), 1)
        for rel, entry_ids in changed.items():
            typer.echo(f"{rel}: reviewed {day.isoformat()} for {', '.join(entry_ids)}")

    @retention_app.command("purge")
    def retention_purge() -> None:
        """Delete stored questions, answers and feedback older than owners.retention_days."""
        from assistant.feedback.retention import purge_expired

        services = _services()
        days = services.settings.owners.retention_days
        deleted = purge_expired(services.store, days)
        typer.echo(f"Deleted rows older than {days} days: " + ", ".join(f"{t} {n}" for t, n in deleted.items()))
