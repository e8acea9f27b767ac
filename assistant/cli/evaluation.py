"""`copc eval`: run the golden set through the real assistant and print the figures.

Imports stay inside the command so `copc --help` does not load the model or the index.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from assistant.cli.common import fail

DEFAULT_GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "golden.yaml"
DEFAULT_BLIND = Path(__file__).resolve().parents[2] / "tests" / "blind" / "blind.yaml"


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        golden: Path = typer.Option(DEFAULT_GOLDEN, "--golden", help="Golden question file (YAML list of cases)."),
        as_json: bool = typer.Option(False, "--json", help="Print the full report (figures, misses, every case) as JSON."),
        misses: bool = typer.Option(
            False, "--misses", help="Also list the misses of the retrieval-only runs (baselines, cross-lingual)."
        ),
        check: bool = typer.Option(False, "--check", help="Exit with status 1 when a target is not met."),
        no_baselines: bool = typer.Option(False, "--no-baselines", help="Skip BM25/dense baselines and cross-lingual runs."),
        blind: bool = typer.Option(
            False, "--blind", help="Measure the blind set instead (written from the fact sheet only; never tune on it)."
        ),
        blind_set: Path = typer.Option(DEFAULT_BLIND, "--blind-set", help="Blind question file used by --blind."),
        passages: bool = typer.Option(
            False, "--passages", help="Measure passage retrieval (Recall@3 of the right page) on a generated document corpus."
        ),
    ) -> None:
        """Measure item-lookup accuracy, Recall@1/@3 and MRR (per language, cross-lingual, BM25 and
        dense baselines), refusals and latency on the bilingual golden set; with --blind, the pass
        rates of the blind set (reported apart, with no targets)."""
        if passages:
            _eval_passages(as_json, check)
            return
        if blind:
            if check:
                typer.echo("--check judges the golden set's targets; the blind set has none.", err=True)
                raise typer.Exit(2)
            _eval_blind(blind_set, as_json)
            return
        from assistant.evaluation.golden_cases import GoldenError, load_golden
        from assistant.evaluation.golden_run import run_eval

        try:
            cases = load_golden(golden)
        except GoldenError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None

        from tqdm import tqdm

        from assistant.cli.common import known_errors
        from assistant.base.settings import ConfigError, load_settings
        from assistant.composition.assistant import Assistant

        def progress(items):
            return tqdm(items, desc="golden", unit="q", file=sys.stderr, disable=not sys.stderr.isatty())

        try:
            assistant = Assistant(load_settings())
            report = run_eval(assistant, cases, baselines=not no_baselines, progress=progress)
        except (ConfigError, *known_errors()) as exc:
            # A broken setting, knowledge file, model or index: one clear line, not a traceback.
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2) from None
        report.golden_path = str(golden)
        if as_json:
            typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            typer.echo(report.format(all_misses=misses))
        if check and not all(t["met"] for t in report.summary["targets"]):
            raise typer.Exit(1)


def _assistant_or_exit():
    from assistant.cli.common import known_errors
    from assistant.base.settings import ConfigError, load_settings
    from assistant.composition.assistant import Assistant

    try:
        return Assistant(load_settings())
    except (ConfigError, *known_errors()) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None


def _eval_passages(as_json: bool, check: bool) -> None:
    from assistant.cli.common import known_errors
    from assistant.evaluation.passages import run_passage_eval

    assistant = _assistant_or_exit()
    try:
        report = run_passage_eval(assistant)
    except known_errors() as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if as_json else report.format())
    if check and not report.met:
        raise typer.Exit(1)


def _eval_blind(path: Path, as_json: bool) -> None:
    from assistant.evaluation.blind_cases import BlindSetError, load_blind
    from assistant.evaluation.blind_report import BlindReport
    from assistant.evaluation.blind_scoring import run_blind

    try:
        cases = load_blind(path)
    except BlindSetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None

    from tqdm import tqdm

    from assistant.cli.common import known_errors

    assistant = _assistant_or_exit()
    try:
        results = run_blind(
            assistant, cases,
            progress=lambda items: tqdm(items, desc="blind", unit="q", file=sys.stderr, disable=not sys.stderr.isatty()),
        )
    except known_errors() as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    report = BlindReport(results, path=str(path))
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format())
