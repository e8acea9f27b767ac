"""The App Home tab: what to ask, in English and Spanish."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

_HOME = {
    "en": {
        "header": "COPC Assistant",
        "intro": "I answer questions about the COPC standard with cited sources, show live KPIs "
        "against their targets, and run short refreshers and quizzes. Ask in English or Spanish.",
        "how": "*Where to ask*\n"
        "• Mention me in a channel: `@COPC Assistant what does item 2.3 require?` (I answer in the thread)\n"
        "• Send me a direct message\n"
        "• Use `/copc QUESTION` anywhere\n"
        "• Reply in one of my threads to follow up: I read the thread's earlier questions",
        "examples": "*Try*\n"
        "• `/copc 2.3` — what an item requires (for the default release; add a release, e.g. `2.3 CX 7.0 CC`)\n"
        "• `/copc what is service level?` — a concept or KPI definition\n"
        "• `/copc kpi AHT for my team last week` — a live number (only you see it in channels)\n"
        "• `/copc refresher on forecasting` or `/copc quiz 2.3` — a refresher or a quiz\n"
        "• `/copc help` — everything I can do",
        "trust": "Every answer lists its sources with the item, release and how confirmed it is. "
        "Use :+1: / :-1: under an answer to tell us whether it helped.",
    },
    "es": {
        "header": "Asistente COPC",
        "intro": "Respondo preguntas sobre la norma COPC citando fuentes, muestro KPI en vivo "
        "frente a su meta y preparo repasos y cuestionarios breves. Pregunta en español o en inglés.",
        "how": "*Dónde preguntar*\n"
        "• Mencióname en un canal: `@COPC Assistant ¿qué pide el ítem 2.3?` (respondo en el hilo)\n"
        "• Envíame un mensaje directo\n"
        "• Usa `/copc PREGUNTA` en cualquier lugar\n"
        "• Responde en uno de mis hilos para seguir: leo las preguntas anteriores del hilo",
        "examples": "*Prueba*\n"
        "• `/copc 2.3` — qué exige un ítem (para la versión por defecto; añade una versión, p. ej. `2.3 CX 7.0 CC`)\n"
        "• `/copc ¿qué es el nivel de servicio?` — un concepto o la definición de un KPI\n"
        "• `/copc kpi TMO de mi equipo la semana pasada` — un número en vivo (en canales solo lo ves tú)\n"
        "• `/copc repaso de pronósticos` o `/copc cuestionario 2.3` — un repaso o un cuestionario\n"
        "• `/copc ayuda` — todo lo que sé hacer",
        "trust": "Cada respuesta lista sus fuentes con el ítem, la versión y qué tan confirmada está. "
        "Usa :+1: / :-1: bajo una respuesta para decirnos si te sirvió.",
    },
}


def _section_for(language: str) -> list[Any]:
    texts = _HOME[language]
    return [
        HeaderBlock(text=texts["header"]),
        SectionBlock(text=MarkdownTextObject(text=texts["intro"])),
        SectionBlock(text=MarkdownTextObject(text=texts["how"])),
        SectionBlock(text=MarkdownTextObject(text=texts["examples"])),
        ContextBlock(elements=[MarkdownTextObject(text=texts["trust"])]),
    ]


def home_view(language: str | None) -> dict[str, Any]:
    """The home view; both languages (the user's first) when ``language`` is known, else EN then ES."""
    first = language if language in _HOME else "en"
    second = "es" if first == "en" else "en"
    blocks = [*_section_for(first), DividerBlock(), *_section_for(second)]
    return View(type="home", blocks=blocks).to_dict()
