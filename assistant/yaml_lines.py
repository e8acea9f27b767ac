"""Line numbers for YAML values, so validation errors can say "file, line N: field 'x'".

Shared by the knowledge loader and the metrics adapter's catalog/directory readers: the people
editing those files need the line, not a Python traceback.
"""

from __future__ import annotations

from typing import Any

import yaml


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
