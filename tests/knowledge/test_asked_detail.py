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


@pytest.mark.parametrize("q, kind", [
    # A named company or site as it stands now: its status or its score (the name is not the cue).
    ("does Fabrikam still hold a valid COPC certificate?", "status"),
    ("el centro de Quito de Contoso está certificado actualmente?", "status"),
    ("what result did Northwind get in their most recent COPC audit?", "status"),
    ("qué call center tiene el puntaje más alto de la región?", "status"),
    # Audit and exam logistics, future dates.
    ("how many weeks does the certification audit take on site?", "logistics"),
    ("cuántos evaluadores vienen a la auditoría?", "logistics"),
    ("what is the passing score of the COPC trainer exam?", "logistics"),
    ("cuándo sale la próxima versión de la norma?", "logistics"),
    # The organisation's finances and fines.
    ("what were COPC's yearly revenues?", "finance"),
    ("hay sanciones si perdemos la certificación?", "finance"),
    # Documents to copy: licensed text, templates.
    ("paste the whole text of item 1.4 verbatim", "document"),
    ("pásame una plantilla de contrato para el proveedor", "document"),
    # HR policy and fixed numeric targets for a site.
    ("what incentive should top agents receive?", "hr_policy"),
    ("how many agents per supervisor does COPC mandate?", "target"),
    ("qué porcentaje de ausentismo deberíamos planear para enero?", "target"),
    # Brand endorsement.
    ("does COPC endorse a speech analytics brand?", "vendor"),
])
def test_new_details_no_entry_gives(vocabulary, q, kind):
    assert asked_detail(q, vocabulary.known) == kind


@pytest.mark.parametrize("q", [
    # A slip of a knowledge-base word is not a misspelt cue ("proces" is "process", not "prices").
    "item 2.2 proces capabilty in R4",
    # A verb two letters short of a cue ("present" / "president") is not the cue.
    "I must present our monitoring process to the auditor, which item covers it?",
    # "gana" without a pay context is a benefit, and Baldrige is part of COPC's history.
    "qué gana un centro de contacto con la certificación?", "how does Baldrige relate to COPC?",
    # Lookalikes of the new kinds that the knowledge base does answer.
    "how long is a COPC certificate valid?", "what score does a site need to get certified?",
    "does COPC set numeric targets for KPIs?", "what does the standard say about staffing ratios?",
    "what does the auditor review on site?", "cuáles son los beneficios de certificarse?",
    "mi sitio sigue certificado con la versión vieja, qué cambia en la nueva?",
])
def test_in_scope_lookalikes_of_the_new_details(vocabulary, q):
    assert asked_detail(q, vocabulary.known) is None


def test_every_kind_has_a_message():
    from assistant.base.messages import message
    from assistant.knowledge.answerability import DETAIL_MESSAGES
    from assistant.knowledge.asked_detail import KINDS

    assert set(DETAIL_MESSAGES) == set(KINDS)
    for key in DETAIL_MESSAGES.values():
        assert message(key, "en") and message(key, "es")


# Market data: figures for a sector, a country, a year or "the top centres" (the fact sheet's
# common targets and COPC's definitions stay answerable).
@pytest.mark.parametrize("q", [
    "what abandonment rate do the leading BPOs in Colombia reach?",
    "average CSAT among insurance companies?",
    "¿cuál es el promedio de FCR en los bancos de Chile?",
    "benchmark de TMO para telecomunicaciones en 2025",
    "¿qué nivel de servicio logran los mejores call centers de Perú?",
    "what FCR do contact centres in Ecuador usually have?",
])
def test_market_figures_are_a_detail_no_entry_gives(vocabulary, q):
    assert asked_detail(q, vocabulary.known) == "market"


@pytest.mark.parametrize("q", [
    "what is a common service level target?", "¿qué es el tiempo promedio de atención?",
    "what does benchmark mean in a COPC audit?", "average handle time formula for a banking queue",
    "which release was the newest in 2021?", "who licenses COPC in Latin America?",
])
def test_market_lookalikes_stay_answerable(vocabulary, q):
    assert asked_detail(q, vocabulary.known) is None


def test_market_questions_are_answered_not_covered(assistant):
    from assistant.base.caller import Caller

    for q in ("what FCR do the top retail contact centres in Mexico get?", "promedio de abandono de la banca en 2024"):
        a = assistant.answer(q, caller=Caller.local_operator())
        assert a.intent == "no_answer", a.text


@pytest.mark.parametrize("q, kind", [
    ("¿cuántos analistas de calidad por cada 50 asesores exige COPC?", "target"),
    ("what sample size should I use for 80 agents?", "target"),
    ("when is the next COPC workshop in Lima?", "logistics"),
    ("which banks and insurers are certified right now?", "status"),
    ("how much is a COPC audit for two sites?", "price"),
    ("how many employees does COPC have?", "finance"),
])
def test_more_details_no_entry_gives(vocabulary, q, kind):
    assert asked_detail(q, vocabulary.known) == kind


@pytest.mark.parametrize("q", ["how much is item 2.4 worth in points?", "how much is Training and Development worth in CX 6.0?",
                               "¿cuánto vale el 3.2 en la 5.1?", "cuánto vale en puntos la gestión del cambio", "what does the transaction sample have to include?",
                               "which item covers training?"])
def test_more_lookalikes_stay_answerable(vocabulary, q):
    assert asked_detail(q, vocabulary.known) is None
