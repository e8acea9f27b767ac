"""What every `copc` command shares: one-line errors, settings and logging set up for a terminal,
and the errors whose message is meant for the person at the terminal (no traceback)."""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def load_settings_or_fail():
    from assistant.base.settings import ConfigError, get_settings

    try:
        settings = get_settings()
    except ConfigError as exc:
        fail(str(exc))
    logging.basicConfig(level=getattr(logging, settings.log_level.upper(), logging.INFO) if settings.log_level else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # Library chatter (model loading, HTTP clients) is noise on a terminal.
    for noisy in ("sentence_transformers", "httpx", "chromadb", "bm25s", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "Loading weights" bars on answers
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    return settings


def valid_utf8(text: str) -> str:
    """``text`` with every undecodable input byte replaced by U+FFFD.

    Python keeps invalid input bytes (stdin, argv) as lone surrogates and writes them back out as
    the same raw bytes, so a line of garbage in became a line that is not UTF-8 out and broke the
    JSON consumer. Bytes kept by surrogateescape become one U+FFFD each; any other lone surrogate
    is replaced too.
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def known_errors() -> tuple[type[BaseException], ...]:
    """Errors whose message is meant for the person at the terminal (no traceback needed)."""
    from assistant.base.templates import TemplateError
    from assistant.base.settings import ConfigError
    from assistant.knowledge.kb.loader import KnowledgeError
    from assistant.knowledge.search.embedder import EmbedderError
    from assistant.knowledge.search.vector_index import VectorIndexError
    from assistant.composition.assistant import AssistantError

    known: list[type[BaseException]] = [
        AssistantError, ConfigError, KnowledgeError, EmbedderError, VectorIndexError, TemplateError,
    ]
    from assistant.base.config_files import ConfigFileError

    known.append(ConfigFileError)  # catalog, directory, sources: file, line and field
    return tuple(known)
