"""`copc ingest` and `copc coverage`: the organisation's own documents (assistant.documents)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from assistant.cli.common import fail

from assistant.documents.model import KINDS


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("coverage")(coverage)



def _assistant():
    from assistant.cli.common import load_settings_or_fail
    from assistant.composition.assistant import Assistant

    return Assistant(load_settings_or_fail())


def ingest(
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders. Omit to re-read every source in config/documents.yaml."),
    kind: str = typer.Option("other", "--kind", help="standard, training, procedure or other."),
    release: Optional[str] = typer.Option(None, "--release", help='Release of a standard, e.g. "CX 7.0 CC" (else read from its title page).'),
    language: Optional[str] = typer.Option(None, "--language", help="en or es (default: detected)."),
    audience: str = typer.Option("everyone", "--audience", help="everyone, a directory role, owner, or a Slack user group id."),
    remove: bool = typer.Option(False, "--remove", help="Take the named documents out instead."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (one object per file)."),
) -> None:
    """Add the organisation's documents (PDF, DOCX, PPTX, Markdown, HTML, text): incremental and atomic."""
    from assistant.cli.common import known_errors
    from assistant.base.config_files import ConfigFileError
    from assistant.documents.sources import expand, load_sources, targets_from_sources

    if kind not in KINDS:
        fail(f"--kind must be one of: {', '.join(KINDS)}")
    if language is not None and language not in ("en", "es"):
        fail("--language must be 'en' or 'es'")
    assistant = _assistant()
    settings = assistant.settings
    removed: list[Path] = []
    if remove:
        if not paths:
            fail("--remove needs the path of the document to take out")
        targets, missing = [], []
        removed = [p for p in paths]
    elif paths:
        targets, missing = expand(list(paths), kind=kind, release=release, language=language, audience=audience)
    else:
        try:
            sources = load_sources(settings.documents.sources_path)
        except ConfigFileError as exc:
            fail(str(exc))
        if not sources:
            fail(f"no paths given and no sources in {settings.documents.sources_path}")
        targets, missing = targets_from_sources(sources, settings.documents.sources_path.parent)
    try:
        result = assistant.ingestor().run(targets, remove=removed, progress=not as_json)
    except known_errors() as exc:
        fail(str(exc))
    from assistant.documents.model import FileReport

    reports = [FileReport(str(p), "error", "no such file or folder") for p in missing] + result.files
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=1))
    else:
        for r in reports:
            name = Path(r.path).name
            if r.status == "error":
                typer.echo(f"✗ {name}: {r.reason}")
            else:
                empty = f", {len(r.empty_pages)} pages with no text ({_pages(r.empty_pages)})" if r.empty_pages else ""
                typer.echo(f"{'✓' if r.status == 'ok' else '='} {name}: {r.reason}; {r.pages} pages, "
                           f"{r.passages} passages, {r.items} items{empty}")
        ok = [r for r in reports if r.status != "error"]
        typer.echo(f"{len(ok)} of {len(reports)} files read; {sum(r.pages for r in ok)} pages, "
                   f"{sum(r.passages for r in ok)} passages, {sum(len(r.empty_pages) for r in ok)} pages with no text; "
                   f"{result.passages} passages serving ({result.seconds:.1f} s)")
    if any(r.status == "error" for r in reports):
        raise typer.Exit(1)


def _pages(pages: list[int]) -> str:
    shown = ", ".join(str(p) for p in pages[:10])
    return shown + ("…" if len(pages) > 10 else "")


def coverage(
    release: Optional[str] = typer.Option(None, "--release", help="Release whose items to report (default from config)."),
    fmt: str = typer.Option("table", "--format", help="table, csv, json or md."),
    lang: str = typer.Option("en", "--lang", help="Language of item titles: en or es."),
) -> None:
    """Per item of a release: the evidence in your documents, and the items with none."""
    from assistant.cli.common import known_errors
    from assistant.documents.coverage import FORMATS, coverage as build, render

    if fmt not in FORMATS:
        fail(f"--format must be one of: {', '.join(FORMATS)}")
    if lang not in ("en", "es"):
        fail("--lang must be 'en' or 'es'")
    assistant = _assistant()
    try:
        release_id = assistant.knowledge.resolver.resolve(release) if release else assistant.knowledge.default_release
        if release_id is None:
            fail(f"unknown release '{release}'. Known: {', '.join(assistant.kb.releases)}")
        rows = build(assistant.kb, assistant.documents, release_id, lang)
    except known_errors() as exc:
        fail(str(exc))
    typer.echo(render(rows, fmt))
