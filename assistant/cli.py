"""The `copc` command line (a contract: see README "Command line")."""

from __future__ import annotations

import typer

app = typer.Typer(help="COPC Assistant: cited, bilingual answers about the COPC standard.", no_args_is_help=True)

# --- sub-commands contributed by other packages (each module exposes register(app)) ---
# (added as they land)


def main() -> None:
    app()
