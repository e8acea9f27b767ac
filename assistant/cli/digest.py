"""`copc digest` (README "Digests and alerts"):

    copc digest run-due [--json]     post every digest and alert that is due now, each exactly once
                                     (for a cron job or a Kubernetes CronJob; safe next to `copc serve`)
    copc digest list [--json]        every active subscription (Slack follows and config/digests.yaml)

Exit codes: 0 ran (whatever was due); 1 some run failed for good; 2 bad configuration.
"""

from __future__ import annotations

import json

import typer


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _runner():
    from slack_sdk import WebClient

    from assistant.base.config_files import ConfigFileError
    from assistant.base.settings import ConfigError, get_settings
    from assistant.composition.services import Services
    from bot.charts import SlackPoster
    from bot.preflight import normalized_api_url
    from bot.responder import retry_handlers

    try:
        settings = get_settings()
    except ConfigError as exc:
        _fail(str(exc))
    if not settings.slack.bot_token:
        _fail("COPC_SLACK__BOT_TOKEN is not set: digests are posted to Slack")
    client = WebClient(token=settings.slack.bot_token, base_url=normalized_api_url(settings.slack.api_url),
                       retry_handlers=retry_handlers(), timeout=15)
    services = Services(settings)
    services.create_tables()
    try:
        return services.assistant.digest_runner(SlackPoster(client)), services, client
    except ConfigFileError as exc:
        _fail(str(exc))


def register(app: typer.Typer) -> None:
    digest = typer.Typer(no_args_is_help=True, help="Scheduled KPI digests and alerts.")

    @digest.command("run-due", help="Post every digest and alert that is due, exactly once (cron / CronJob).")
    def run_due(as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON.")) -> None:
        from dataclasses import asdict

        from assistant.base.config_files import ConfigFileError

        from bot.owners import run_due_owner_jobs

        runner, services, client = _runner()
        try:
            report = runner.run_due()
        except ConfigFileError as exc:  # config/digests.yaml
            _fail(str(exc))
        # The knowledge owners' jobs (weekly gaps post, monthly review DMs, retention purge) share
        # the same ledger: a cron job running this and `copc serve` never run one twice.
        owner_runs = run_due_owner_jobs(services, client=client)
        if as_json:
            typer.echo(json.dumps({**asdict(report), "owner_jobs": [asdict(r) for r in owner_runs]},
                                  ensure_ascii=False, indent=2))
        else:
            typer.echo(f"{report.due} due: {report.posted} posted ({report.late} late), {report.skipped} skipped, "
                       f"{report.retried} to retry, {report.disabled} disabled, {report.failed} failed "
                       f"in {report.seconds:.1f} s")
            for r in owner_runs:
                typer.echo(f"owners job {r.job} {r.period}: {r.status}{' (late)' if r.late else ''}")
        failed = report.failed or any(r.status == "failed" for r in owner_runs)
        raise typer.Exit(1 if failed else 0)

    @digest.command("list", help="Active subscriptions (Slack follows and the governed digests file).")
    def list_(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
        runner, _services, _client = _runner()
        rows = [{"key": f.key, "kind": f.kind, "owner": f.owner, "target": f.target, "metrics": list(f.metrics),
                 "teams": list(f.teams), "cadence": f.cadence, "at": f.at, "timezone": f.timezone,
                 "rule": f.rule, "rule_value": f.rule_value} for f in runner.follows()]
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            typer.echo(f"{r['key']:<28} {r['kind']:<6} {','.join(r['metrics']):<30} {','.join(r['teams']):<20} "
                       f"{r['cadence']} {r['at']} -> {r['target']}")

    app.add_typer(digest, name="digest")
