"""The one way this project reads YAML: bounded in size, alias expansion and nesting.

Why: PyYAML builds aliases as shared objects, which is cheap, but everything that walks the
result afterwards (the line-number helper, pydantic validation, json) expands them. A 700-byte
"billion laughs" file in ``knowledge/`` ran for 112 s and grew to 5.6 GB before this. The
composed node graph is therefore checked first, in time proportional to the number of distinct
nodes (expanded sizes are memoised, never walked), and refused when aliases would add more than
``MAX_ALIAS_NODES`` nodes, when anchors are recursive, or when nesting is deeper than
``MAX_DEPTH``. Files over ``MAX_FILE_BYTES`` are refused before they are read. None of the
project's own files uses aliases; the bounds only have to leave room for a reasonable hand-written
file.

Every reader (knowledge, catalog, directory, sources, channels, golden set, ``COPC_CONFIG``) calls
``read_yaml_text``/``load_yaml``; errors are ``YamlFileError`` with "file, line N: ..." messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024  # the largest file shipped (concepts.yaml) is ~70 KB
MAX_ALIAS_NODES = 10_000  # nodes that alias expansion may add to a document
MAX_DEPTH = 100  # nesting levels (the shipped files use fewer than 10)

# The C parser when available: several times faster at start-up (knowledge files are read on
# every start); the checks below do not depend on which parser built the nodes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlFileError(Exception):
    """A YAML file cannot be read, parsed or is refused; the message names the file and, where known, the line."""


def read_yaml_text(path: Path, name: str | None = None) -> str:
    """The file's text, refusing files over the size limit before reading them whole."""
    name = name or path.name
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise YamlFileError(f"{path}: file not found") from None
    except OSError as exc:
        raise YamlFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlFileError(f"{name}: file is larger than {MAX_FILE_BYTES // 1024} KB; refused")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(f"{name}: not UTF-8 text ({exc.reason})") from None


def load_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse ``text`` (named ``name`` in errors) into (data, root node); None, None for an empty document."""
    if len(text) > MAX_FILE_BYTES:
        raise YamlFileError(f"{name}: file is larger than {MAX_FILE_BYTES // 1024} KB; refused")
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check_node(node, name)
        return loader.construct_document(node), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise YamlFileError(f"{name}, {where}: YAML syntax error: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:  # the pure-Python composer on a deeply nested file
        raise YamlFileError(f"{name}: nested more than {MAX_DEPTH} levels deep; refused") from None
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_node(root: yaml.Node, name: str) -> None:
    """Refuse alias bombs, recursive anchors and deep nesting, without expanding anything.

    Iterative depth-first walk: each distinct node is entered once; meeting a finished node again
    means an alias, which adds that node's (memoised) expanded size to the running total.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    added = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, leaving = stack.pop()
        key = id(node)
        if leaving:
            in_progress.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            continue
        if key in sizes:
            added += sizes[key]
            if added > MAX_ALIAS_NODES:
                raise YamlFileError(
                    f"{name}, line {node.start_mark.line + 1}: aliases expand to more than "
                    f"{MAX_ALIAS_NODES:,} extra values; refused")
            continue
        if key in in_progress:
            raise YamlFileError(f"{name}, line {node.start_mark.line + 1}: recursive alias; refused")
        if depth > MAX_DEPTH:
            raise YamlFileError(f"{name}, line {node.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep; refused")
        in_progress.add(key)
        stack.append((node, depth, True))
        for child in reversed(_children(node)):
            stack.append((child, depth + 1, False))


def read_yaml(path: Path, name: str | None = None) -> tuple[Any, yaml.Node | None]:
    """``read_yaml_text`` then ``load_yaml``; errors name ``name`` (default: the file name)."""
    name = name or path.name
    text = read_yaml_text(path, name)
    try:
        return load_yaml(text, name)
    except ValueError as exc:  # a value YAML cannot build, e.g. the date 2026-13-45
        raise YamlFileError(f"{name}: invalid value: {exc}") from None
