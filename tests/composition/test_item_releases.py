"""Item and overview answers name the release asked for, show the official title, and say "not
covered" plainly (issue 11). Wordings are our own; expectations come from the fact sheet."""

import pytest

from assistant.base.caller import Caller

pytestmark = pytest.mark.slow


def ask(assistant, question):
    return assistant.answer(question, caller=Caller.local_operator())


def test_spanish_answer_shows_the_official_english_title(assistant):
    a = ask(assistant, "explícame el ítem 2.3 de la siete punto cero para operaciones de clientes")
    assert a.language == "es" and a.citations[0].id == "cx70co-2.3"
    assert "título oficial en inglés: Analyzing and Managing Service Journeys" in a.text


def test_english_answer_on_a_spanish_edition_shows_the_spanish_original(assistant):
    a = ask(assistant, "tell me about item 1.2 of the VMO standard")
    assert a.language == "en" and a.citations[0].release == "VMO 5.1"
    assert "Spanish original title:" in a.text


def test_no_other_title_when_the_answer_is_in_the_official_language(assistant):
    a = ask(assistant, "what is item 2.4 in CX 6.0 about?")
    assert "Quality Management" in a.text
    assert "Spanish original title" not in a.text and "título oficial" not in a.text


def test_a_bare_release_number_names_the_release(assistant):
    a = ask(assistant, "5.2 ítem 1.1, qué pide?")
    assert a.intent == "knowledge" and a.citations[0].release == "CSP 5.2"
    assert "5.2" in a.text


def test_item_missing_in_the_asked_release_is_not_covered(assistant):
    a = ask(assistant, "what does item 3.2 say in CX 7.0 for Customer Operations?")
    assert "not covered by the knowledge base" in a.text
    es = ask(assistant, "¿qué pide el ítem 3.2 en la CX 7.0 para customer operations?")
    assert "no está cubierto por la base de conocimiento" in es.text


def test_unnumbered_release_is_not_covered(assistant):
    a = ask(assistant, "item 2.3 in release 8.0")
    assert "not covered by the knowledge base" in a.text and "8.0" in a.text


def test_unknown_release_is_not_the_default(assistant):
    a = ask(assistant, "what changed in item 2.1 in version 9.5?")
    assert a.intent == "no_answer" and "not covered" in a.text and "9.5" in a.text
    assert "CSP 5.1" in a.text  # in the list of covered releases, not answered for it


def test_categories_of_a_named_release(assistant):
    a = ask(assistant, "¿cuáles son las categorías de la 6.0?")
    assert a.language == "es" and "6.0" in a.text
    assert "400 puntos" in a.text  # Category 1.0 of CX 6.0 is worth 400 points
    en = ask(assistant, "list the categories of release 5.1")
    assert "5.1" in en.text and "800 points" in en.text


def test_empty_item_list_is_not_covered(assistant):
    a = ask(assistant, "which items does release 8.0 have?")
    assert "not covered by the knowledge base" in a.text


def test_evidence_question_without_documents_answers_the_item(assistant):
    a = ask(assistant, "the auditor wants evidence for 2.2 of CX 6.0: what is that item?")
    assert a.intent == "knowledge" and a.citations[0].id == "cx60-2.2"
    assert "No documents of your own" in a.text


def test_english_frame_with_a_spanish_title_is_answered_in_english(assistant):
    a = ask(assistant, "For CX 6.0, which item is 2.4, la gestión de la calidad?")
    assert a.language == "en"
