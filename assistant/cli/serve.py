"""`copc serve`: run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        http: bool = typer.Option(False, "--http", help="HTTP mode even when SLACK_APP_TOKEN is set."),
        host: str = typer.Option(None, help="HTTP mode: interface to listen on (default: slack.host, 0.0.0.0)."),
        port: int = typer.Option(None, help="Port for HTTP mode, or for /healthz in Socket Mode (default 3000)."),
    ) -> None:
        """Run the Slack bot: events, /copc, buttons and App Home."""
        from bot.run import run

        raise typer.Exit(run(force_http=http, host=host, port=port))
