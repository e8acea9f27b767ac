"""Out-of-scope and hostile questions: refuse politely instead of citing something irrelevant.

Dense similarity alone is a weak judge (a poem request about "customer service" sits close to
contact-centre passages), so requests for things this bot never does (creative writing, weather,
trivia, jailbreaks) are recognised from their wording first; everything else must be close enough
to the knowledge base or name something in it verbatim.
"""

from __future__ import annotations

import re

from assistant.base.text import fold

# Folded (lower case, no accents) patterns. Keep them about the *request*, not the topic.
_OFF_TOPIC = [
    # prompt injection / jailbreak attempts
    r"\bignore (all |any |the |your |previous |prior |above )*(instructions|rules|prompt)",
    r"\b(system|hidden|initial) prompt\b", r"\bjailbreak\b", r"\bdeveloper mode\b", r"\bdan mode\b",
    r"\b(olvida|ignora|omite) (todas |tus |las |sus )*(instrucciones|reglas|indicaciones)",
    r"\bprompt (del|de) sistema\b", r"\bpretend (you are|to be)\b", r"\bact as\b", r"\bhaz de cuenta\b",
    r"\bactua como\b", r"\bfinge (que|ser)\b", r"\breveal your\b", r"\brevela tu",
    r"<\s*/?\s*(script|system|im_start|im_end)", r"\bapi key\b", r"\bpassword\b", r"\bcontrasena\b",
    r"\brm -rf\b", r"\bdrop table\b", r";\s*--",
    # creative writing, jokes, small talk
    # ("te cuento" / "les cuento" is "let me tell you", the opening of a real question)
    r"\b(poem|poema|haiku|sonnet|soneto|song|cancion|lyrics|letra de|story|(?<!te )(?<!le )(?<!les )(?<!os )cuento|"
    r"historia corta|joke|chiste|rap)\b",
    # weather, news, sports, recipes, trivia
    r"\b(weather|forecast for (today|tomorrow)|clima|tiempo (hace|hara)|llovera|rain tomorrow|temperature in|temperatura en)\b",
    r"\b(recipe|receta|cook|cocinar|ingredients|ingredientes)\b",
    r"\b(football|futbol|soccer|world cup|mundial|nba|super bowl|champions league)\b",
    r"\bcapital (of|de)\b", r"\bwhat time is it\b", r"\bque hora es\b", r"\bhow much (is|does|do) (a|an|the)? ?(iphone|car|house|ticket)", r"\b(president|presidente) (of|de)\b", r"\bwho won\b", r"\bquien gano\b",
    r"\b(bitcoin|crypto|stock price|precio de la accion|lottery|loteria)\b",
    r"\b(movie|pelicula|netflix|horoscope|horoscopo)\b",
    r"\btranslate (this|the following)\b", r"\btraduce (esto|lo siguiente)\b",
    r"\bwrite (me )?(a|an) (essay|email|letter|code|program|script)\b",
    r"\b(escribe|escribeme) (un|una) (ensayo|correo|carta|codigo|programa)\b",
]
_OFF_TOPIC_RE = re.compile("|".join(f"(?:{p})" for p in _OFF_TOPIC))


def looks_out_of_scope(question: str) -> bool:
    return _OFF_TOPIC_RE.search(fold(question)) is not None or _OFF_TOPIC_RE.search(question.lower()) is not None
