"""Load and validate the knowledge base files.

Errors name the file, the line and the field, because the people who edit these files are
content writers, not programmers.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.base.safe_yaml import YamlFileError, load_yaml, read_yaml_text
from assistant.base.yaml_files import line_of, node_lines
from assistant.knowledge.kb.schema import Entry, EntryFile, Release, ReleaseFile

RELEASES_FILE = "releases.yaml"


class KnowledgeError(Exception):
    """The knowledge base is invalid; ``problems`` lists every error found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Knowledge base is invalid:\n  " + "\n  ".join(problems))


@dataclass
class KnowledgeBase:
    releases: dict[str, Release]
    entries: dict[str, Entry]
    # Hash of every entry's canonical content, for incremental indexing.
    hashes: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # entry id -> file it came from

    def items(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "item"]

    def by_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def item(self, release: str, number: str) -> Entry | None:
        for e in self.entries.values():
            if e.kind == "item" and e.release == release and e.item == number:
                return e
        return None

    def items_numbered(self, number: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "item" and e.item == number]


def _line_of_id(text: str, entry_id: str) -> int:
    """Line of ``id: <entry_id>`` in a file (for problems found after parsing, across files)."""
    pattern = re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(entry_id)}['\"]?\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def _line_of_bad_value(text: str, exc: ValueError) -> int:
    """Best guess at the line of a value YAML could not build: the first date-like value that
    does not exist on the calendar."""
    import datetime as dt

    for number, line in enumerate(text.splitlines(), start=1):
        for y, m, d in re.findall(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                dt.date(int(y), int(m), int(d))
            except ValueError:
                return number
    return 1


def _parse(path: Path, model: type, problems: list[str], rel: str) -> Any | None:
    """Parse and validate one file; problems are reported as "<rel>, line N: ..."."""
    try:
        text = read_yaml_text(path, rel)
        # Bounded parse (size, alias expansion, nesting: see assistant/safe_yaml.py); the node
        # tree it returns gives line numbers when validation fails, without parsing again.
        data, node = load_yaml(text, rel)
    except YamlFileError as exc:
        problems.append(str(exc))
        return None
    except ValueError as exc:  # a value YAML itself cannot build, e.g. the date 2026-13-45
        problems.append(f"{rel}, line {_line_of_bad_value(text, exc)}: invalid value: {exc}")
        return None
    if data is None:
        problems.append(f"{rel}, line 1: file is empty")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = node_lines(node)
        for err in exc.errors():
            loc = tuple(err["loc"])
            field_name = ".".join(str(p) for p in loc if not isinstance(p, int)) or "(file)"
            entry_id = ""
            if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
                try:
                    entry_id = f" (entry '{data[loc[0]][loc[1]].get('id', '?')}')"
                except Exception:
                    entry_id = ""
            problems.append(f"{rel}, line {line_of(lines, loc)}{entry_id}: field '{field_name}': {err['msg']}")
        return None


def load_knowledge(directory: Path | str) -> KnowledgeBase:
    """Load every YAML file under ``directory``; raise KnowledgeError listing all problems."""
    directory = Path(directory)
    problems: list[str] = []
    if not directory.is_dir():
        raise KnowledgeError([f"{directory}: knowledge folder not found"])

    releases: dict[str, Release] = {}
    release_file = directory / RELEASES_FILE
    if not release_file.is_file():
        problems.append(f"{RELEASES_FILE}: missing (every item must name a known release)")
    else:
        parsed = _parse(release_file, ReleaseFile, problems, RELEASES_FILE)
        if parsed is not None:
            for r in parsed.releases:
                if r.id in releases:
                    problems.append(f"{RELEASES_FILE}: release '{r.id}' is defined twice")
                releases[r.id] = r

    entries: dict[str, Entry] = {}
    hashes: dict[str, str] = {}
    files: dict[str, str] = {}
    numbered: dict[tuple[str, str], str] = {}  # (release, item) -> entry id
    texts: dict[str, str] = {}
    unreadable = False
    for path in sorted(directory.rglob("*.y*ml")):
        if path == release_file or path.suffix not in (".yaml", ".yml"):
            continue
        rel = str(path.relative_to(directory))
        parsed = _parse(path, EntryFile, problems, rel)
        if parsed is None:
            unreadable = True
            continue
        texts[rel] = path.read_text(encoding="utf-8")

        def where(entry_id: str) -> str:
            return f"{rel}, line {_line_of_id(texts[rel], entry_id)} (entry '{entry_id}')"

        for entry in parsed.entries:
            if entry.id in entries:
                problems.append(f"{where(entry.id)}: field 'id': already used in {files[entry.id]}")
                continue
            if entry.release is not None and releases and entry.release not in releases:
                problems.append(f"{where(entry.id)}: field 'release': unknown release '{entry.release}'")
            if entry.kind == "item" and entry.release and entry.item:
                key = (entry.release, entry.item)
                if key in numbered:
                    problems.append(
                        f"{where(entry.id)}: field 'item': {entry.release} item {entry.item} is already "
                        f"'{numbered[key]}' ({files[numbered[key]]})"
                    )
                else:
                    numbered[key] = entry.id
            entries[entry.id] = entry
            files[entry.id] = rel
            canonical = entry.model_dump_json(exclude={"reviewed"})
            hashes[entry.id] = hashlib.sha256(canonical.encode()).hexdigest()[:16]

    # With a file that could not be read, its ids are unknown: checking references into it would
    # bury the one real problem under dozens of false ones.
    if not unreadable:
        for entry in entries.values():
            for other in entry.related:
                if other not in entries:
                    rel = files[entry.id]
                    problems.append(
                        f"{rel}, line {_line_of_id(texts[rel], entry.id)} (entry '{entry.id}'): "
                        f"field 'related': unknown id '{other}'"
                    )
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(releases=releases, entries=entries, hashes=hashes, files=files)
