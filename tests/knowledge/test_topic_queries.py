"""What a topic question is searched by, release questions, and terms framed by definition words
(issue 11: rambling messages, "what's new in <release>", "what's an X in COPC terms")."""

import pytest

from assistant.base.settings import get_settings
from assistant.base.text import fold
from assistant.knowledge.kb.loader import load_knowledge
from assistant.knowledge.releases import ReleaseResolver
from assistant.knowledge.search.phrases import PhraseMatcher
from assistant.knowledge.search.vocabulary import Vocabulary
from assistant.knowledge.topic_queries import RAMBLING_WORDS, asks_release_changes, release_question, search_texts


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(get_settings().knowledge_dir)


@pytest.fixture(scope="module")
def vocabulary(kb):
    return Vocabulary(kb)


@pytest.fixture(scope="module")
def phrases(kb, vocabulary):
    return PhraseMatcher(kb, vocabulary)


def test_short_question_is_searched_as_typed(phrases):
    assert search_texts("what is calibration?", phrases) == ["what is calibration?"]


def test_rambling_message_is_searched_by_question_richest_sentence_and_whole(phrases):
    message = ("Quick context first: our site has a big audit coming and the whole floor is nervous about it. "
               "The trainer said we must prove the calibration of quality evaluators with data. "
               "Honestly I do not know where to start. Can you help?")
    assert len(message.split()) >= RAMBLING_WORDS
    texts = search_texts(message, phrases)
    assert texts == [
        "Can you help?",  # the last question (topic-less here)
        "The trainer said we must prove the calibration of quality evaluators with data.",  # names the topic
        message,
    ]


def _ask(kb, vocabulary, question):
    resolver = ReleaseResolver(kb.releases)
    mention, remaining = resolver.find(question)
    entry = release_question(kb, vocabulary, mention.release if mention else None, [], remaining)
    return entry.id if entry else None


@pytest.mark.parametrize("question, expected", [
    ("What does Release 8.0 bring that is new?", "concept-release-8-changes"),
    ("¿Qué cambios trae la versión 8.0 de la norma?", "concept-release-8-changes"),
    ("What changed in CX 7.0?", "concept-release-history"),  # no entry of its own: the history
    ("which version was the current one back in 2022?", "concept-release-history"),
    ("¿cuál era la versión vigente en 2022?", "concept-release-history"),
    ("what does the 8.0 release change in the AI ethics policy?", None),  # names a topic: retrieval answers
    ("what is calibration?", None),
])
def test_release_questions(kb, vocabulary, question, expected):
    assert _ask(kb, vocabulary, question) == expected


def test_release_changes_needs_a_change_word(vocabulary):
    assert asks_release_changes(vocabulary, fold("what's new in the standard"))
    assert not asks_release_changes(vocabulary, fold("tell me about the standard"))


@pytest.mark.parametrize("question, entry", [
    ("In COPC terminology, what is a PSIC?", "gloss-csp"),
    ("¿qué significan las siglas PSIC?", "gloss-csp"),
    ("que quiere decir COPC", "gloss-copc"),
    ("what does COPC stand for?", "gloss-copc"),
])
def test_generic_term_framed_by_definition_words_is_named(phrases, question, entry):
    assert entry in {m.entry_id for m in phrases.match(question)}


def test_framing_words_alone_name_nothing(phrases):
    assert phrases.match("what is the standard in COPC terms?") == []


@pytest.mark.parametrize("q, off", [
    ("Les cuento: el auditor viene el lunes. ¿Qué ítem cubre el autoservicio?", False),
    ("Te cuento que cambiamos de CRM, ¿qué dice la norma de gestión del cambio?", False),
    ("cuéntame un cuento de agentes", True),
    ("escribe un cuento corto sobre un supervisor", True),
])
def test_te_cuento_opens_a_question_it_is_not_a_story_request(q, off):
    from assistant.knowledge.scope import looks_out_of_scope

    assert looks_out_of_scope(q) is off
