"""The governed list of document sources (config/documents.yaml) and the targets of one run."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.base.config_files import ConfigFileError, load_model
from assistant.documents.model import EVERYONE
from assistant.documents.parsers import SUFFIXES


class DocumentSourcesError(ConfigFileError):
    heading = "Document sources are invalid"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    path: str = Field(min_length=1)  # file, folder or glob; relative to the folder of documents.yaml
    kind: Literal["standard", "training", "procedure", "other"] = "other"
    release: str | None = None  # a standard's release ("CX 7.0 CC"); None = read from its title page
    language: Literal["en", "es"] | None = None  # None = detected from the text
    # "everyone", a directory role (manager, supervisor, trainer, agent, owner) or a Slack user group id.
    audience: str = EVERYONE


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[Source] = Field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """One file to ingest, with what the command line or the sources file says about it."""

    path: Path
    kind: str = "other"
    release: str | None = None
    language: str | None = None
    audience: str = EVERYONE


def load_sources(path: Path) -> list[Source]:
    if not path.is_file():
        return []
    parsed, _doc = load_model(path, SourcesFile, DocumentSourcesError)
    return list(parsed.sources)


def expand(paths: list[Path], **options) -> tuple[list[Target], list[Path]]:
    """Files under ``paths`` (folders recursively, supported formats only) and paths that do not
    exist. A file named explicitly is kept whatever its format: the report says why it is refused."""
    targets: list[Target] = []
    missing: list[Path] = []
    for path in paths:
        path = path.expanduser().resolve()
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in SUFFIXES and not found.name.startswith(("~$", ".")):
                    targets.append(Target(found, **options))
        elif path.is_file():
            targets.append(Target(path, **options))
        else:
            missing.append(path)
    return targets, missing


def targets_from_sources(sources: list[Source], base: Path) -> tuple[list[Target], list[Path]]:
    targets: list[Target] = []
    missing: list[Path] = []
    for source in sources:
        pattern = Path(source.path).expanduser()
        pattern = pattern if pattern.is_absolute() else base / pattern
        matches = [Path(p) for p in sorted(glob.glob(str(pattern), recursive=True))] if glob.has_magic(str(pattern)) else [pattern]
        found, gone = expand(matches, kind=source.kind, release=source.release, language=source.language,
                             audience=source.audience)
        targets.extend(found)
        missing.extend(gone)
    return targets, missing
