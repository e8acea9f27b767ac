"""The few sentences the bot itself says (not answers: those come from the answering core)."""

from __future__ import annotations

_MESSAGES: dict[str, dict[str, str]] = {
    "apology": {
        "en": "Sorry, something went wrong on my side and I could not answer. "
        "Please try again in a minute. Reference: `{ref}`",
        "es": "Lo siento, algo falló de mi lado y no pude responder. "
        "Inténtalo de nuevo en un minuto. Referencia: `{ref}`",
    },
    "sources": {"en": "Sources", "es": "Fuentes"},
    "no_sources": {
        "en": ":warning: No source is cited for this answer: check it against the standard.",
        "es": ":warning: Esta respuesta no cita ninguna fuente: compruébala con la norma.",
    },
    "nearest": {"en": "Closest topics I know", "es": "Temas más cercanos que conozco"},
    "private_note": {
        "en": ":lock: Only you can see this answer.",
        "es": ":lock: Solo tú puedes ver esta respuesta.",
    },
    "truncated": {
        "en": "_The answer was shortened to fit in Slack. Ask a narrower question for the rest._",
        "es": "_La respuesta se acortó para caber en Slack. Haz una pregunta más concreta para ver el resto._",
    },
    "more_metrics": {
        "en": "_{n} more metrics not shown: ask for one metric to see it._",
        "es": "_{n} métricas más no se muestran: pregunta por una métrica para verla._",
    },
    "helpful": {"en": "Was this helpful?", "es": "¿Te fue útil?"},
    "thumbs_up": {"en": "Helpful", "es": "Útil"},
    "thumbs_down": {"en": "Not helpful", "es": "No útil"},
    "feedback_thanks_up": {
        "en": "Thanks for the feedback :+1:",
        "es": "Gracias por tu opinión :+1:",
    },
    "feedback_thanks_down": {
        "en": "Thanks: your :-1: is recorded and helps us improve the answers.",
        "es": "Gracias: tu :-1: queda registrado y nos ayuda a mejorar las respuestas.",
    },
    "working": {"en": "Looking that up…", "es": "Buscando la respuesta…"},
    "value": {"en": "Value", "es": "Valor"},
    "target": {"en": "Target", "es": "Meta"},
    "status": {"en": "Status", "es": "Estado"},
    "change": {"en": "Change vs previous period", "es": "Cambio vs. periodo anterior"},
    "met": {"en": ":white_check_mark: met", "es": ":white_check_mark: cumplida"},
    "missed": {"en": ":x: missed", "es": ":x: no cumplida"},
    "no_target": {"en": "no target", "es": "sin meta"},
    "partial": {"en": "period still running", "es": "periodo en curso"},
    "previous": {"en": "previous", "es": "anterior"},
    "confirmed": {"en": "confirmed", "es": "confirmado"},
    "partly_confirmed": {"en": "partly confirmed", "es": "parcialmente confirmado"},
    "inferred": {"en": "inferred", "es": "inferido"},
}


def t(key: str, language: str | None, **values: object) -> str:
    """The bot's sentence ``key`` in ``language`` (English when the language is unknown)."""
    texts = _MESSAGES[key]
    text = texts.get(language or "en", texts["en"])
    return text.format(**values) if values else text
