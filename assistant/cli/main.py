"""The `copc` command line (a contract: see README "Command line").

Every command turns known failures (bad configuration, broken knowledge files, a model that
cannot load, a down index) into one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Optional

import typer

from assistant.base.caller import cli_caller
from assistant.cli.common import fail, known_errors, load_settings_or_fail, valid_utf8
from assistant.base.messages import LANGUAGES, message

app = typer.Typer(
    help="COPC Assistant: cited, bilingual answers about the COPC standard.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
kb_app = typer.Typer(help="Validate and list the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@app.command()
def ask(
    question: Optional[str] = typer.Argument(None, help="The question. Omit it to read questions from stdin (one per line)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per answer (see README)."),
    release: Optional[str] = typer.Option(None, "--release", help='Release for item lookups, e.g. "CX 6.0" (default from config).'),
    lang: Optional[str] = typer.Option(None, "--lang", help="Force the answer language: en or es."),
    user: Optional[str] = typer.Option(None, "--user", help="Slack user id whose KPI rights apply (default: local operator)."),
) -> None:
    """Answer a question; with no question, answer each line of stdin (or prompt interactively)."""
    lang = lang.lower() if lang else None
    if lang is not None and lang not in ("en", "es"):
        fail("--lang must be 'en' or 'es'")
    settings = load_settings_or_fail()
    from assistant.base.answers import NoAnswer
    from assistant.composition.assistant import Assistant

    assistant = Assistant(settings)
    caller = cli_caller(user)
    errors = known_errors()
    try:
        assistant.check()  # configuration mistakes stop here, before any question
    except errors as exc:
        fail(str(exc))

    def one(q: str) -> None:
        q = valid_utf8(q)
        try:
            answer = assistant.answer(q, caller=caller, release=release, language=lang)
        except errors as exc:
            fail(str(exc))
        except Exception as exc:
            # One bad question must not end a batch: answer it with an apology and go on.
            log = logging.getLogger("assistant.cli.main")
            log.error("could not answer %r: %s: %s", q[:80], type(exc).__name__, exc)
            log.debug("details", exc_info=True)
            answer = NoAnswer(question=q, language=lang or "en", reason="error",  # type: ignore[arg-type]
                              text=" / ".join(message("cli.failed_question", language) for language in LANGUAGES))
        if as_json:
            typer.echo(valid_utf8(json.dumps(answer.to_json(), ensure_ascii=False)))
        else:
            from assistant.cli.presentation import format_answer

            typer.echo(valid_utf8(format_answer(answer)))
        sys.stdout.flush()

    if question is not None:
        one(question)
        return
    interactive = sys.stdin.isatty() and not as_json
    if not interactive and hasattr(sys.stdin, "reconfigure"):
        # Keep undecodable bytes (replaced in `one`) instead of failing the whole batch on them.
        sys.stdin.reconfigure(errors="surrogateescape")
    if interactive:
        typer.echo(message("cli.welcome", lang), err=True)
        try:
            assistant.warm_up()
        except errors as exc:
            fail(str(exc))
    while True:
        if interactive:
            try:
                line = input("\n> ")
            except (EOFError, KeyboardInterrupt):
                typer.echo("", err=True)
                return
        else:
            line = sys.stdin.readline()
            if not line:
                return
        line = line.rstrip("\n")
        if not line.strip():
            if as_json:  # keep one output line per input line
                one(line)
            continue
        one(line)


@app.command()
def index(force: bool = typer.Option(False, "--force", help="Re-embed every document.")) -> None:
    """Build or refresh the vector index (incremental and atomic)."""
    settings = load_settings_or_fail()
    from assistant.composition.assistant import Assistant

    try:
        report = Assistant(settings).build_index(progress=True, force=force)
    except known_errors() as exc:
        fail(str(exc))
    if not report.changed:
        typer.echo(f"Index is up to date ({report.documents} documents, collection {report.collection}).")
    else:
        typer.echo(
            f"Index built: {report.documents} documents ({report.embedded} embedded, {report.reused} reused, "
            f"{report.removed} removed) in {report.seconds:.1f} s -> {report.collection}"
        )


def _load_kb():
    """The knowledge base, or every problem (file, line, field) on stderr and exit status 1."""
    from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(load_settings_or_fail().knowledge_dir)
    except KnowledgeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)


@kb_app.command("validate")
def kb_validate() -> None:
    """Check every knowledge file against the schema; list all problems with file, line and field."""
    kb = _load_kb()
    kinds: dict[str, int] = {}
    for e in kb.entries.values():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    typer.echo(f"Knowledge base OK: {len(kb.entries)} entries ({summary}), {len(kb.releases)} releases.")


@kb_app.command("list")
def kb_list(
    release: Optional[str] = typer.Option(None, "--release", help='Only this release, e.g. "CX 6.0" or "6.0".'),
    kind: str = typer.Option("item", "--kind", help="Entry kind: item, category, concept, kpi, glossary, or all."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List entries (items by default), with release, number, titles and confidence."""
    kinds = ("item", "category", "concept", "kpi", "glossary", "all")
    if kind not in kinds:
        fail(f"--kind must be one of: {', '.join(kinds)}")
    from assistant.knowledge.releases import ReleaseResolver

    kb = _load_kb()
    release_id = None
    if release:
        release_id = ReleaseResolver(kb.releases).resolve(release)
        if release_id is None:
            fail(f"unknown release '{release}'. Known: {', '.join(kb.releases)}")
    order = list(kb.releases)
    rows = [e for e in kb.entries.values() if (kind == "all" or e.kind == kind) and (release_id is None or e.release == release_id)]
    rows.sort(key=lambda e: (order.index(e.release) if e.release in order else -1, _item_key(e.item), e.id))
    if as_json:
        typer.echo(json.dumps([
            {"id": e.id, "kind": e.kind, "release": e.release, "item": e.item,
             "title_en": e.en.title if e.en else None, "title_es": e.es.title if e.es else None,
             "confidence": e.confidence} for e in rows
        ], ensure_ascii=False, indent=1))
        return
    for e in rows:
        where = f"{e.release or '':<10} {e.item or '':<5}"
        titles = " / ".join(t for t in (e.en.title if e.en else None, e.es.title if e.es else None) if t)
        typer.echo(f"{where} {titles}  [{e.confidence}]  ({e.id})")
    typer.echo(f"{len(rows)} entries", err=True)


def _item_key(item: str | None) -> tuple:
    if not item:
        return (0, "")
    major, _, minor = item.partition(".")
    return (int(major) if major.isdigit() else ord(major), int(minor) if minor.isdigit() else 0)


# --- command groups, one module each (each exposes register(app)) ---
def _register_groups() -> None:
    from assistant.cli import digest, documents, evaluation, kpi, owners, quiz, serve

    for group in (kpi, quiz, evaluation, owners, documents, digest, serve):
        group.register(app)


_register_groups()


def main() -> None:
    app()


if __name__ == "__main__":  # `python -m assistant.cli.main`, as the contract test runs it
    main()
