"""Text normalisation shared by language detection, release parsing and lexical search.

Users type fast: no accents, mixed case, "q" for "qué". Matching therefore happens on a folded
form (lower case, accents removed, punctuation as spaces) while answers keep the original text.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w.%+/-]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    # NFKD splits "í" into "i" + combining accent; dropping combining marks keeps "ñ" as "n",
    # which is what people who type without accents write anyway.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(text: str) -> str:
    """Lower-case and strip accents only, so "Cóndor" == "condor" (names, aliases, ids)."""
    return strip_accents(text.casefold())


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text with punctuation turned into spaces.

    Dots between digits survive ("2.10"), as do '%', '+', '/', '-' inside tokens.
    """
    text = strip_accents(text).casefold()
    text = _NON_WORD.sub(" ", text)
    # A trailing dot or dash (end of sentence) is punctuation, not part of a number.
    text = re.sub(r"(?<=\w)[.\-/]+(?=\s|$)", " ", text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Folded word tokens (numbers like 2.10 stay whole)."""
    return [w for w in fold(text).split(" ") if w]


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """Whole-word phrase match on folded text ("fcr" matches "el fcr", not "fcrx")."""
    if not folded_phrase:
        return False
    return re.search(rf"(?<![\w.]){re.escape(folded_phrase)}(?![\w]|\.\d)", folded_text) is not None
