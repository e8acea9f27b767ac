"""Line numbers for YAML values, so validation errors can say "file, line N: field 'x'".

Shared by the knowledge loader and the metrics adapter's catalog/directory readers: the people
editing those files need the line, not a Python traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class YamlFileError(Exception):
    """A YAML file cannot be read or parsed; the message names the file and, where known, the line."""


def read_yaml_file(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The file's data and the line of every value path (see ``node_lines``).

    Raises YamlFileError with "name, line N: YAML syntax error: ..." style messages, so each
    caller wraps one message in its own error type instead of re-implementing the reading.
    """
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlFileError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise YamlFileError(f"{name}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise YamlFileError(f"{path}: cannot read ({exc})") from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise YamlFileError(f"{name}, {where}: YAML syntax error: {getattr(exc, 'problem', None) or exc}") from None
    except ValueError as exc:  # a value YAML cannot build, e.g. the date 2026-13-45
        raise YamlFileError(f"{name}: invalid value: {exc}") from None
    return data, (node_lines(node) if node is not None else {})


def node_lines(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map each value path (keys and list indexes) to its 1-based line in the file.

    A key's own line is recorded for its path (not the line where its value starts), which is
    where a writer looks for a wrong field.
    """
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            child = node_lines(value_node, path + (key,))
            child[path + (key,)] = key_node.start_mark.line + 1
            lines.update(child)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(node_lines(item, path + (i,)))
    return lines


def line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    """Line of ``loc``; a missing field has no node, so the closest existing parent is reported."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1
