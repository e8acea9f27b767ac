"""Asked-detail lexicons (issue 11): cue words never occur in the knowledge base, requests are found
in new wordings of each kind in both languages, and in-scope questions using the same words
("cost per contact", "legal requirements", "Vendor Management") are not taken for requests.
Examples are invented here, not taken from any evaluation set."""

import pytest

from assistant.knowledge.asked_detail import CUES, asked_detail


@pytest.fixture(scope="module")
def vocabulary():
    from assistant.base.settings import get_settings
    from assistant.knowledge.kb.loader import load_knowledge
    from assistant.knowledge.search.vocabulary import Vocabulary

    return Vocabulary(load_knowledge(get_settings().knowledge_dir))


def test_cue_words_are_never_knowledge_base_words(vocabulary):
    # A cue alone marks a request, so it must never be the topic of an answerable question.
    assert [c for cues in CUES.values() for c in cues if vocabulary.known(c)] == []


@pytest.mark.parametrize("q, kind", [
    ("roughly what would the recert set us back, pricing wise?", "price"),
    ("cuanto nos cobrarian por la auditoria de recertificacion", "price"),
    ("whats the presio of the COPC course", "price"),
    ("how much does a quality analyst make in Bogota", "salary"),
    ("sueldo promedio de un supervisor de calidad", "salary"),
    ("is Acme Contact certified?", "people"),
    ("quien dirige la organizacion COPC actualmente", "people"),
    ("which WFM platform would you recommend for intraday?", "vendor"),
    ("conviene comprar un marcador predictivo?", "vendor"),
    ("is it legal to listen to agents' calls at home?", "law"),
    ("segun la ley cuantas horas puede trabajar un asesor", "law"),
    ("iso 18295 vs copc for complaints", "other_standard"),
    ("how many seats do we need for 2,000 chats a day?", "calculation"),
    ("erlnag c para 600 llamadas", "calculation"),
])
def test_requests_for_details_no_entry_gives(vocabulary, q, kind):
    assert asked_detail(q, vocabulary.known) == kind


@pytest.mark.parametrize("q", [
    "what is cost per contact?", "cómo se calcula el costo por contacto", "what are the legal and regulatory requirements?",
    "qué es la Organización de Gestión de Proveedores (VMO)?", "what is the Vendor Management Organization standard?",
    "how many points is item 2.2 worth?", "who can be certified?", "what is the certified entity?",
    "what is performance management system?", "qué es PSIC (Proveedor de Servicios Integrales al Cliente)?",
    "how is service level calculated?", "what does feedback mean in 2.1?", "which organizations is the CSP standard for?",
    "can we pick our own metrics in release 8?", "what tools does COPC give for planning?", "what does 80/20 service level mean?", "qué es el error crítico que cuesta dinero al cliente?",
])
def test_in_scope_questions_sharing_words_are_not_requests(vocabulary, q):
    assert asked_detail(q, vocabulary.known) is None
