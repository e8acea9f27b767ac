"""English/Spanish detection for short, colloquial, unaccented or mixed questions.

General-purpose detectors are unreliable on five-word questions without accents ("q es el fcr",
"como va mi equipo"). We first count function words and question words that only one of the two
languages uses; lingua (restricted to EN/ES) decides only when those cues tie, and the configured
default language breaks a complete tie.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.base.text import fold

Language = str  # "en" | "es"

_ES_MARKS = re.compile(r"[¿¡ñÑáéíóúÁÉÍÓÚ]")

# Words that are (nearly) unambiguous markers of one language in contact-centre questions.
# Shared words (de? "no", "item", "a", acronyms, numbers) are deliberately absent.
_ES_WORDS = frozenset(
    """
    que q qué como cual cuales cuando donde quien quienes cuanto cuanta cuantos cuantas por para porque
    de en el la los las lo un una unos unas del al es son esta estan este estos estas ese esa eso
    mi mis tu tus su sus nuestro nuestra y o pero con sin sobre entre hasta desde segun
    hay ser estar tiene tienen pide piden exige requiere requieren significa quiere dice decir
    dame muestrame explicame explica explicas dime necesito puedes podrias hola gracias ayuda
    semana mes hoy ayer dia dias ultimos ultima ultimo pasado pasada
    equipo equipos agente agentes indicador indicadores meta metas objetivo calculo calcula calcular
    se hace hacen cómo norma item items ítem ítems punto requisito requisitos mejora
    nivel servicio tasa tiempo medio promedio abandono rotacion ausentismo satisfaccion cliente clientes
    llamadas llamada contacto contactos primer primera resolucion calidad proceso procesos
    repaso examen prueba preguntas pregunta capacitacion reclutamiento seleccion diferencia entre
    perfecto perfecta listo bueno buenas buenos chao chau adios vemos nos luego saludos entendido claro dale
    """.split()
)
_EN_WORDS = frozenset(
    """
    what whats which who whom whose when where why how the an of to in on for with without about
    is are was were be been does do did doing done can could should would will shall may might must
    my our your their his her its this that these those there here
    and or but not give show tell please explain mean means meaning require requires required
    calculate calculated calculation compute computed team teams agent agents week month
    today yesterday last days day between difference item release standard hello hi thanks help
    service level rate time average handle first call contact resolution customer satisfaction
    quality process processes quiz refresher recap test about doing
    you see bye goodbye great cool awesome later again
    """.split()
)
# Words in both lists above are not decisive; remove them from the scoring.
_BOTH = _ES_WORDS & _EN_WORDS
_ES_ONLY = _ES_WORDS - _BOTH
_EN_ONLY = _EN_WORDS - _BOTH


# Word endings that are common in Spanish and rare in English ("rotación", "ausentismo",
# "calidad", "monitoreo"); they count half a cue each, enough to decide two-word questions.
_ES_SUFFIX = re.compile(r"(cion|ciones|dad|dades|ismo|mente|eo|eos|ando|iendo|ado|ados|ida|idas|ito|ita)$")
_EN_SUFFIX = re.compile(r"(tion|tions|ing|ness|ity|ment|ments|ed|ship)$")


def cue_scores(text: str) -> tuple[float, float]:
    """(english, spanish) cue counts; Spanish-only characters count double."""
    tokens = fold(text).split()
    es = sum(1.0 for t in tokens if t in _ES_ONLY)
    en = sum(1.0 for t in tokens if t in _EN_ONLY)
    for t in tokens:
        if t in _ES_ONLY or t in _EN_ONLY or len(t) < 5:
            continue
        if _ES_SUFFIX.search(t):
            es += 0.5
        elif _EN_SUFFIX.search(t):
            en += 0.5
    es += 2 * len(_ES_MARKS.findall(text))
    return en, es


@lru_cache(maxsize=1)
def _lingua():
    try:
        from lingua import Language as L, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua is a declared dependency
        return None
    return LanguageDetectorBuilder.from_languages(L.ENGLISH, L.SPANISH).with_preloaded_language_models().build()


# Question words: the clause that holds one is the sentence frame ("In release 7.0, what's item
# 1.4, la revisión de resultados?" asks in English; the Spanish title is only quoted).
_QUESTION_WORDS = frozenset(
    "what whats which who how when where why que cual cuales como cuando donde quien quienes cuanto cuantos cuantas".split()
)
_CLAUSES = re.compile(r"[,;:()\u2014]")


def _frame(text: str) -> str | None:
    """The clause asking the question, when a message has several and the others do not ask."""
    clauses = [c for c in _CLAUSES.split(text) if c.strip()]
    if len(clauses) < 2:
        return None
    asking = [c for c in clauses if _QUESTION_WORDS & set(fold(c).split())]
    return asking[0] if len(asking) == 1 else None


def detect_language(text: str, default: Language = "en") -> Language:
    frame = _frame(text)
    if frame is not None:
        en, es = cue_scores(frame)
        if en != es:
            return "en" if en > es else "es"
    en, es = cue_scores(text)
    if es > en:
        return "es"
    if en > es:
        return "en"
    detector = _lingua()
    if detector is not None and fold(text):
        from lingua import Language as L

        found = detector.detect_language_of(text)
        if found is L.SPANISH:
            return "es"
        if found is L.ENGLISH:
            return "en"
    return default
