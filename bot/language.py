"""Cheap, dependency-free guesses the bot needs before (or without) the answering core.

The core detects the language of each question itself; the bot only needs a guess for its own
sentences (an apology when the core failed) and to tell when a question is too short to carry a
language (then the channel's default language is passed to the core).
"""

from __future__ import annotations

import re

from assistant.base.language import cue_scores

_WORD = re.compile(r"[a-záéíóúüñ]+")
_QUESTION_START = frozenset(
    "what how which when where who why is are does do can could should explain define "
    "qué que cómo como cuál cual cuáles cuándo dónde quién por explica define puedo debo".split()
)


def guess_language(text: str) -> str | None:
    """"en", "es", or None when the text has no clear cue (e.g. "2.3", "AHT").

    Uses the core's cue counts (no model), but unlike the core's detector gives up on a tie
    instead of falling back to a default, so the caller can choose the fallback (channel, person).
    """
    en, es = cue_scores(text or "")
    if en == es:
        return None
    return "es" if es > en else "en"


def looks_like_question(text: str) -> bool:
    """True for messages worth answering in channels that answer every question."""
    stripped = (text or "").strip()
    if not stripped:
        return False
    if "?" in stripped or stripped.startswith("¿"):
        return True
    words = _WORD.findall(stripped.lower())
    return bool(words) and words[0] in _QUESTION_START
