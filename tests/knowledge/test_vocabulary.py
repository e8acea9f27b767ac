"""The knowledge base's own vocabulary: IDF-generic phrases and typo correction (rapidfuzz)."""

import pytest

from assistant.knowledge.kb.loader import load_knowledge
from assistant.knowledge.search.phrases import PhraseMatcher
from assistant.knowledge.search.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def kb():
    from assistant.base.settings import get_settings

    return load_knowledge(get_settings().knowledge_dir)


@pytest.fixture(scope="module")
def vocab(kb):
    return Vocabulary(kb)


@pytest.mark.parametrize("phrase", ["standard", "the standard", "norma", "la norma", "category", "copc standard"])
def test_common_words_name_nothing(vocab, phrase):
    assert vocab.generic(phrase)


@pytest.mark.parametrize("phrase", ["coaching", "calibration", "shrinkage", "process capability", "e-psic", "category 2"])
def test_specific_terms_stay_specific(vocab, phrase):
    assert not vocab.generic(phrase)


def test_generic_title_does_not_outrank_the_topic(kb):
    """"what does the standard say about coaching agents?" names Coaching, not the gloss of Standard."""
    matches = PhraseMatcher(kb).match("what does the standard say about coaching agents?")
    assert matches and all("standard" not in m.phrase for m in matches)
    assert any(m.phrase == "coaching" for m in matches)


@pytest.mark.parametrize("typed, fixed", [
    ("what is corective action", "what is corrective action"),
    ("forcast acuracy", "forecast accuracy"),
    ("shrinkagge", "shrinkage"),
])
def test_one_or_two_letter_slips_are_corrected_to_kb_words(vocab, typed, fixed):
    assert vocab.correct(typed) == fixed


def test_acronym_transposition_is_corrected(vocab):
    assert vocab.correct("KRCP") in {"kcrp", "kccp"}  # both are aliases of the same concept


def test_correct_questions_come_back_unchanged(vocab):
    for q in ["What does COPC stand for?", "¿Qué es el TMO?", "how is AHT calculated", "Calibración de evaluadores"]:
        assert vocab.correct(q) == q


def test_abbreviation_reads_as_its_kb_word(vocab):
    assert vocab.correct("recert every how many yrs") .startswith("recertif")


def test_unknown_words_weigh_by_specificity(vocab):
    assert vocab.unknown_share("what does the standard say about zebras") > 0.3
    assert vocab.unknown_share("what is shrinkage") == 0.0
