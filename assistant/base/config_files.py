"""Governed configuration files (catalog, directory, sources, channels): read a YAML file into a
pydantic model, reporting every problem as "file, line N: field 'x.y': ..." (never a traceback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.base.yaml_files import YamlFileError, line_of, read_yaml_file

M = TypeVar("M", bound=BaseModel)


class ConfigFileError(Exception):
    """A governed configuration file is invalid; ``problems`` name file, line and field.

    Each feature subclasses it with its own heading (``MetricsConfigError``, ``DirectoryError``).
    """

    heading = "Configuration file is invalid"

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{self.heading}:\n  " + "\n  ".join(problems))


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


class YamlDoc:
    """Parsed YAML plus line numbers, so later cross-checks can also point at a line."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple[Any, ...], int]):
        self.path = path
        self.data = data
        self.lines = lines

    def problem(self, loc: tuple[Any, ...], message: str) -> str:
        return f"{self.path.name}, line {line_of(self.lines, loc)}{self._owner(loc)}: field '{field_path(loc)}': {message}"

    def _owner(self, loc: tuple[Any, ...]) -> str:
        """" (metric 'aht')" when the field sits inside a list element that has an id."""
        try:
            element = self.data[loc[0]][loc[1]] if len(loc) >= 2 and isinstance(loc[1], int) else None
        except (KeyError, IndexError, TypeError):
            return ""
        if isinstance(element, dict):
            for key in ("id", "user_id"):
                if isinstance(element.get(key), str):
                    return f" ({key} '{element[key]}')"
        return ""


def read_yaml(path: Path, error: type[ConfigFileError] = ConfigFileError) -> YamlDoc:
    try:
        data, lines = read_yaml_file(path)
    except YamlFileError as exc:
        raise error([str(exc)]) from None
    if data is None:
        raise error([f"{path.name}, line 1: file is empty"])
    return YamlDoc(path, data, lines)


def validate(doc: YamlDoc, model: type[M], error: type[ConfigFileError] = ConfigFileError) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(doc.problem(loc, msg))
        raise error(problems) from None


def load_model(path: Path, model: type[M], error: type[ConfigFileError] = ConfigFileError) -> tuple[M, YamlDoc]:
    doc = read_yaml(path, error)
    return validate(doc, model, error), doc
