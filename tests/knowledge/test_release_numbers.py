"""Release numbers standing alone, spelled or misspelled release names, and releases the knowledge
base does not cover (issue 11: "release not named", release numbers read as item numbers)."""

import pytest

from assistant.base.settings import get_settings
from assistant.knowledge.kb.loader import load_knowledge
from assistant.knowledge.responder import KnowledgeResponder


@pytest.fixture(scope="module")
def responder():
    settings = get_settings()
    return KnowledgeResponder(settings, load_knowledge(settings.knowledge_dir), retriever=lambda: None)


@pytest.mark.parametrize("question, release, numbers", [
    # a bare number that is no item anywhere but is a release's number names the release
    ("when was the 6.0 published", "CX 6.0", []),
    ("según la 5.2, qué se pide en el 1.2", "CSP 5.2", ["1.2"]),
    ("nos auditan con la 7.0 el próximo mes", "CX 7.0 CC", []),
    ("5.1 item 2.4 please", "CSP 5.1", ["2.4"]),
    ("6.0, ítem 2.2", "CX 6.0", ["2.2"]),
    # item numbers stay items
    ("y la 2.3?", None, ["2.3"]),
    ("item 4.4 en la 4.x", "CSP 4.x", ["4.4"]),
    # spelled numbers and word orders
    ("el 2.1 de la seis punto cero", "CX 6.0", ["2.1"]),
    ("cx siete, item 2.2", "CX 7.0 CC", ["2.2"]),
    ("2.4 in seven point zero for customer operations", "CX 7.0 CO", ["2.4"]),
    ("el 2.6 de la 7.0 de customer operations", "CX 7.0 CO", ["2.6"]),
    # one or two letters off in an edition phrase
    ("2.2 de la 7.0 para costumer operations", "CX 7.0 CO", ["2.2"]),
    ("item 2.1 in 7.0 for contac centres", "CX 7.0 CC", ["2.1"]),
    # "v1.2" is a document version of an edition, not a release
    ("CX 7.0 for Contact Centers v1.2 item 2.2", "CX 7.0 CC", ["2.2"]),
])
def test_release_and_items(responder, question, release, numbers):
    parsed = responder.parse(question, None)
    assert (parsed.release, parsed.numbers) == (release, numbers)
    assert parsed.other_release is None


@pytest.mark.parametrize("question, other, known", [
    ("what is new in release 9.0?", "9.0", False),
    ("la versión 11 ya salió?", "11", False),
    ("item 2.3 of CX 9.0", "9.0", False),
    ("how was release 3.4 scored", "3.4", True),  # the release history mentions it
])
def test_a_release_the_knowledge_base_does_not_list(responder, question, other, known):
    parsed = responder.parse(question, None)
    assert parsed.other_release == other and parsed.other_known is known
    assert other not in parsed.numbers


def test_not_covered_release_is_said_plainly(responder):
    for language, phrase in (("en", "not covered"), ("es", "no está cubierta")):
        question = "what does item 2.2 say in release 9.0" if language == "en" else "qué dice el ítem 2.2 en la versión 9.0"
        answer = responder.answer_items(question, responder.parse(question, None), language)
        assert answer.intent == "no_answer" and phrase in answer.text
        assert "CX 6.0" in answer.text  # lists the releases it does cover


def test_a_sub_version_alone_stays_an_item_number(responder):
    parsed = responder.parse("what is 4.3", None)
    assert parsed.release is None and parsed.numbers == ["4.3"]


@pytest.mark.parametrize("question, release, category", [
    ("list the items of 4.x", "CSP 4.x", None),
    ("what are the 6.0 items", "CX 6.0", None),
    ("which are the 3.x items of CX 6.0", "CX 6.0", "3.0"),
    ("dame los ítems 1.x de la 7.0", "CX 7.0 CC", "1.0"),
])
def test_x_versions_and_x_items(responder, question, release, category):
    from assistant.knowledge.overview import category_filter

    parsed = responder.parse(question, None)
    assert parsed.release == release and category_filter(parsed.remaining) == category


# A number named as a release by the word AFTER it ("the 3.4 release"): never an item; read on the
# question as asked, so removing "en la 6.0" from "el 2.3 en la 6.0 edición" leaves 2.3 an item.
@pytest.mark.parametrize("question, numbers, other", [
    ("what was in the 3.4 release?", [], "3.4"),
    ("la 9.0 version trae IA?", [], "9.0"),
    ("el 2.3 en la 6.0 edición", ["2.3"], None),
    ("item 2.3 version 6.0", ["2.3"], None),
    ("what does 2.4 require in the 5.2 release", ["2.4"], None),
])
def test_a_number_before_a_release_word_is_a_release(responder, question, numbers, other):
    parsed = responder.parse(question, None)
    assert parsed.numbers == numbers and parsed.other_release == other, parsed


@pytest.mark.parametrize("question, release, numbers", [
    ("the 6.0's item 2.4, what is it?", "CX 6.0", ["2.4"]),
    ("5.1’s item 3.2 please", "CSP 5.1", ["3.2"]),
])
def test_a_possessive_release_number_is_a_release(responder, question, release, numbers):
    parsed = responder.parse(question, None)
    assert (parsed.release, parsed.numbers) == (release, numbers)


def test_a_number_before_a_release_word_and_its_number_stays_an_item(responder):
    parsed = responder.parse("¿qué pide el 2.4 versión 6.0?", None)
    assert (parsed.release, parsed.numbers, parsed.other_release) == ("CX 6.0", ["2.4"], None)
