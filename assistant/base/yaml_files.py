"""Line numbers for YAML values, so validation errors can say "file, line N: field 'x'".

Shared by the knowledge loader and the metrics adapter's catalog/directory readers: the people
editing those files need the line, not a Python traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# Re-exported: callers import the error from here; reading itself is bounded in safe_yaml.
from assistant.base.safe_yaml import YamlFileError, read_yaml

__all__ = ["YamlFileError", "line_of", "node_lines", "read_yaml_file"]


def read_yaml_file(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The file's data and the line of every value path (see ``node_lines``).

    Raises YamlFileError with "name, line N: YAML syntax error: ..." style messages, so each
    caller wraps one message in its own error type instead of re-implementing the reading.
    """
    data, node = read_yaml(path)
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
