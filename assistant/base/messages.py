"""The product's own sentences and labels (everything user-facing outside the answer templates).

One catalog per language, ``messages/en.yaml`` and ``messages/es.yaml``, nested for reading and
looked up by dotted key ("bot.quiz.score"). Wording is edited there, not in code, so translators
see every string of a language in one file. Answers themselves are Jinja templates in prompts/.

The catalogs are read once per process and checked on load: a key or a ``{parameter}`` present in
one language but not the other would show English to a Spanish user, or fail at the moment a
rarely used message is sent; failing at start-up (and in the tests) is cheaper.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from assistant.base.yaml_files import read_yaml_file

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).with_name("messages")


class MessageCatalogError(Exception):
    """The catalogs disagree (missing key, different parameters) or a key is unknown."""


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        elif isinstance(value, str):
            flat[path] = value
        else:
            raise MessageCatalogError(f"Message '{path}' must be text, not {type(value).__name__}")
    return flat


def parameters(text: str) -> frozenset[str]:
    """The ``{name}`` parameters a message expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def validate(catalogs: dict[str, dict[str, str]]) -> None:
    """Raise MessageCatalogError unless every language has the same keys with the same parameters."""
    problems: list[str] = []
    keys = set().union(*(c.keys() for c in catalogs.values()))
    for key in sorted(keys):
        missing = [lang for lang, c in catalogs.items() if key not in c]
        if missing:
            problems.append(f"'{key}' missing in {', '.join(missing)}")
            continue
        params = {lang: parameters(c[key]) for lang, c in catalogs.items()}
        if len(set(params.values())) > 1:
            shown = "; ".join(f"{lang}: {sorted(p)}" for lang, p in params.items())
            problems.append(f"'{key}' has different parameters ({shown})")
    if problems:
        raise MessageCatalogError("Message catalogs disagree: " + " | ".join(problems))


def load_catalogs(directory: Path = _DIR) -> dict[str, dict[str, str]]:
    catalogs = {lang: _flatten(read_yaml_file(directory / f"{lang}.yaml")[0] or {}) for lang in LANGUAGES}
    validate(catalogs)
    return catalogs


@lru_cache(maxsize=1)
def _catalogs() -> dict[str, dict[str, str]]:
    return load_catalogs()


def message(key: str, language: str | None, /, **params: object) -> str:
    """Message ``key`` in ``language`` (English when the language is unknown), filled with ``params``."""
    catalog = _catalogs().get(language or DEFAULT_LANGUAGE) or _catalogs()[DEFAULT_LANGUAGE]
    try:
        text = catalog[key]
    except KeyError:
        raise MessageCatalogError(f"Unknown message '{key}'") from None
    expected = parameters(text)
    if expected != params.keys():
        raise MessageCatalogError(
            f"Message '{key}' takes {sorted(expected) or 'no parameters'}, got {sorted(params) or 'none'}"
        )
    return text.format(**params) if expected else text
