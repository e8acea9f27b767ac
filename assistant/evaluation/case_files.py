"""Reading an evaluation file (golden or blind set): a YAML list of case mappings.

Both sets share the structural checks (a non-empty list of mappings with known and required
fields, errors naming the case and its line); each loader then checks its own fields through
``RawCase.bad`` and skips a case that has any problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.base.yaml_files import YamlFileError, read_yaml_file


@dataclass
class RawCase:
    index: int  # 0-based position in the file
    data: dict[str, Any]
    line: int | None
    where: str  # "golden.yaml: case 3 (line 17)"
    problems: list[str] = field(repr=False, default_factory=list)  # shared by every case of the file
    _own: int = 0

    def bad(self, field_name: str, message: str) -> None:
        self.problems.append(f"{self.where}: field '{field_name}': {message}")
        self._own += 1

    @property
    def failed(self) -> bool:
        return self._own > 0


def read_cases(path: str | Path, error: type[Exception], *, fields: tuple[str, ...],
               required: tuple[str, ...]) -> tuple[list[RawCase], list[str]]:
    """The file's cases that are mappings, with unknown and missing fields already reported.

    Raises ``error([...])`` when the file cannot be read or is not a non-empty list; returns the
    shared problem list, which the caller extends and raises at the end.
    """
    path = Path(path)
    name = path.name
    try:
        data, value_lines = read_yaml_file(path)
    except YamlFileError as exc:
        raise error([str(exc)]) from None
    if not isinstance(data, list) or not data:
        raise error([f"{name}: must be a non-empty YAML list of cases"])
    problems: list[str] = []
    cases: list[RawCase] = []
    for index, raw in enumerate(data):
        line = value_lines.get((index,))
        where = f"{name}: case {index}" + (f" (line {line})" if line else "")
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a mapping with fields {', '.join(fields)}")
            continue
        case = RawCase(index, raw, line, where, problems)
        for key in raw:
            if key not in fields:
                case.bad(str(key), f"unknown field (allowed: {', '.join(fields)})")
        for key in required:
            if key not in raw:
                case.bad(key, "missing")
        cases.append(case)
    return cases, problems
