"""Terminal presentation is a pure function of the Answer."""

from assistant.base.answers import Citation, NoAnswer, QuizQuestion, RefresherAnswer
from assistant.cli.presentation import format_answer, source_line


def cite(**kw):
    base = dict(n=1, id="csp51-2.3", item="2.3", release="CSP 5.1", title="Corrective Action and Continuous Improvement",
                language="en", source="COPC fact sheet §1.5 A; sources S16", confidence="inferred")
    base.update(kw)
    return Citation(**base)


def test_source_line_names_item_release_title_confidence():
    line = source_line(cite(), "en")
    assert line.startswith("[1] Item 2.3 · CSP 5.1 · Corrective Action")
    assert "(inferred)" in line and "S16" in line
    es = source_line(cite(language="es", confidence="partly_confirmed"), "es")
    assert "Ítem 2.3" in es and "parcialmente confirmado" in es


def test_concept_citation_has_no_item():
    line = source_line(cite(item=None, release=None, title="Approach and deployment", confidence="confirmed"), "en")
    assert line.startswith("[1] Approach and deployment (confirmed)")


def test_answer_with_sources_and_quiz():
    c = cite(language="es")
    a = RefresherAnswer(question="q", language="es", text="Repaso", citations=[c],
                        quiz=[QuizQuestion(question="¿Qué ítem...?", choices=("A", "B"), answer=1, explanation="",
                                           citation=c, kind="item_number", subject=c.id)])
    text = format_answer(a)
    assert text.startswith("Repaso") and "Fuentes:" in text
    assert "1. ¿Qué ítem...?" in text and "   b) B" in text and "copc quiz" in text


def test_no_sources_section_without_citations():
    assert format_answer(NoAnswer(question="q", language="en", text="I can't answer that", reason="out_of_scope")) == "I can't answer that"
