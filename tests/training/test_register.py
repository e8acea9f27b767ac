"""Spanish texts of refreshers and quizzes address the reader with "tú", like the rest of the product."""

from __future__ import annotations

from assistant.base.caller import Caller, cli_caller
import re

from assistant.base.messages import load_catalogs

# Formal (usted) forms that once slipped in, plus the generic markers of the formal register.
USTED = re.compile(
    r"\busted(?:es)?\b|(?:^|[*(.:]\s*)Su\b|\b(?:Toque|Pida|Pruebe|Escriba|Empiece|Elija|Eligió|Responda|Intente|"
    r"verifíquel\w*|había respondido|sus resultados|su primera respuesta|Puede hacer)\b",
    re.M,
)


def _spanish_texts(service) -> list[str]:
    # Every catalog sentence, not only the training ones: the whole product says "tú".
    texts = list(load_catalogs()["es"].values())
    texts.append(service.answer("mi progreso", language="es", caller=cli_caller("U_NEW")).text)  # nothing yet
    answer = service.answer("repaso del ítem 2.3", language="es", caller=cli_caller("U_ES"), seed=4)
    texts.append(answer.text)
    service.grade(answer.quiz_id, 0, answer.quiz[0].answer, "U_ES")
    texts.append(service.answer("mi progreso", language="es", caller=cli_caller("U_ES")).text)  # with activity
    texts.append(service.answer("repaso del ítem 9.9", language="es", caller=cli_caller(None)).text)
    texts.append(service.answer("repaso de escalamientos", language="es", caller=cli_caller(None)).text)
    texts.append(service.answer("repaso de la versión 8.0", language="es", caller=cli_caller(None)).text)
    return texts


def test_spanish_uses_tu(service):
    texts = _spanish_texts(service)
    offending = [(m.group(0), t[:80]) for t in texts for m in [USTED.search(t)] if m]
    assert not offending, offending
    joined = "\n".join(texts)
    assert "Tu progreso" in joined and "Toca una letra" in joined and "Tu respuesta" in joined


def test_the_register_check_can_fail():
    assert USTED.search("*Su progreso de capacitación*") and USTED.search("Quiz: 5 preguntas. Toque una letra.")
    assert not USTED.search("Publicado en el canal: cada persona puede responder por su cuenta.")
