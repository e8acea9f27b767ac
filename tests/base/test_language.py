"""Language detection on short, colloquial, unaccented and mixed questions."""

import pytest

from assistant.base.language import detect_language

SPANISH = [
    "q es el fcr", "como va mi equipo", "que pide el 2.3", "¿qué es el TMO?", "reclutamiento",
    "formula del nivel de servicio", "como se calcula la rotacion", "dame el AHT de Phoenix",
    "capacitacion de agentes", "repaso del item 2.3", "explicame el enfoque y despliegue",
    "cual es la diferencia entre 2.3 y 2.4", "ítem 2.10 en la versión 6.0", "tasa de abandono",
]
ENGLISH = [
    "what does item 2.3 require?", "how is AHT calculated", "Process Capability", "explain KCRP",
    "whats fcr", "quiz me on kpis", "2.3 in CX 6.0", "difference between approach and deployment",
    "how do we get certified", "Forecast accuracy", "what is the service level formula",
]


@pytest.mark.parametrize("q", SPANISH)
def test_spanish(q):
    assert detect_language(q) == "es"


@pytest.mark.parametrize("q", ENGLISH)
def test_english(q):
    assert detect_language(q) == "en"


def test_no_cue_falls_back_to_default():
    assert detect_language("2.3", default="es") == "es"
    assert detect_language("2.3", default="en") == "en"


# Spanish small talk carries no question words; its greetings and farewells are the cue
# (the help text must come back in Spanish), while English small talk stays English.
@pytest.mark.parametrize("q", ["vale, perfecto, hasta pronto", "listo, chau", "buenas!", "dale, nos vemos el lunes"])
def test_spanish_small_talk(q):
    assert detect_language(q, "en") == "es"


@pytest.mark.parametrize("q", ["ok great, see you", "cool, bye", "thanks again"])
def test_english_small_talk(q):
    assert detect_language(q, "es") == "en"
