"""Answers that combine the knowledge base with the organisation's own documents.

- item answers quote the requirement from the organisation's copy of the standard (confidence
  ``quoted``), keeping the knowledge base's summary and release notes;
- "how do we ... here?" answers from site procedures and decks, cited to the page;
- "which of our documents cover 2.3?" answers from the evidence map.

Audience rules live here because they need both the people directory and the documents: in a
shared channel only documents for everyone are quoted; elsewhere a person sees documents for
everyone, their role, their user groups and, for knowledge owners, "owner".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.base.answers import Answer, Citation, KnowledgeAnswer, NoAnswer
from assistant.base.caller import Caller
from assistant.base.messages import message
from assistant.documents.model import EVERYONE, Passage
from assistant.people.directory import audiences_of

if TYPE_CHECKING:
    from assistant.composition.assistant import Assistant
    from assistant.composition.router import ParsedQuestion

# "which of our documents cover 2.3?", "what procedures address item 2.3", "evidence for 2.3";
# "¿qué documentos cubren el 2.3?", "¿cuáles procedimientos tratan el ítem 2.3?", "evidencia del 2.3".
COVERAGE_QUESTION = re.compile(
    r"\b(which|what)\b.*\b(documents?|docs|procedures?|files?|decks?)\b.*\b(cover|covers|address|addresses|mention|mentions|support)\b"
    r"|\bevidence (for|of)\b"
    r"|\b(que|cuales?)\b.*\b(documentos?|procedimientos?|archivos?)\b.*\b(cubren?|tratan?|mencionan?|abordan?|soportan?)\b"
    r"|\bevidencias? (del?|para)\b"
)
# How the site does something: "how do we handle corrective actions here?", "our procedure for
# calibration", "¿cuál es nuestro procedimiento de calibración?", "¿cómo lo hacemos aquí?".
SITE_QUESTION = re.compile(
    r"\b(here|at our site|at this site|our (procedures?|process|policy|policies|site|sop)|do we|we do|our own)\b"
    r"|\b(aqui|aca|nuestros? (procedimientos?|procesos?|sitio)|nuestras? (politicas?|forma)|en (el|este|nuestro) sitio|hacemos)\b"
)
_SITE_KINDS = ("procedure", "training", "other")


def audiences(assistant: Assistant, caller: Caller, shared: bool) -> frozenset[str] | None:
    """None = everything (the local operator at the terminal, outside shared channels)."""
    if shared:
        return frozenset({EVERYONE})
    if caller.is_operator:
        return None
    person = assistant.directory.person(caller.person_id)
    return audiences_of(person)


def passage_citation(assistant: Assistant, p: Passage, n: int) -> Citation:
    language = p.language if p.language in ("en", "es") else "en"
    return Citation(
        n=n, id=p.id, item=p.item, release=p.release, title=p.section or p.document,
        language=language,  # type: ignore[arg-type]
        source=message("documents.source", language, document=p.document, page=p.page),
        confidence="quoted", document=p.document, page=p.page, section=p.section or None,
        url=assistant.documents.url(p),
    )


def quote_items(assistant: Assistant, answer: Answer, numbers: list[str], allowed: frozenset[str] | None) -> Answer:
    """Add the organisation's own requirement text to an item answer (short quote, cited)."""
    if not isinstance(answer, KnowledgeAnswer) or not answer.release or not assistant.documents.has_documents():
        return answer
    lines: list[str] = []
    for number in numbers:
        found = assistant.documents.requirement(answer.release, number, allowed)
        if not found:
            continue
        p = found[0]
        citation = passage_citation(assistant, p, len(answer.citations) + 1)
        answer.citations.append(citation)
        lines.append(message("documents.quote_intro", answer.language, item=number, document=p.document,
                             page=p.page, section=p.section or p.document))
        lines.append(f"> {assistant.documents.quote(p)} [{citation.n}]")
    if lines:
        answer.text = answer.text.rstrip() + "\n\n" + "\n".join(lines)
        answer.ranked_ids = [*answer.ranked_ids, *(c.id for c in answer.citations if c.document)]
    return answer


def is_coverage_question(q: ParsedQuestion) -> bool:
    return bool(COVERAGE_QUESTION.search(q.folded))


def answer_coverage(q: ParsedQuestion, assistant: Assistant) -> Answer:
    release = q.knowledge.release or assistant.knowledge.default_release
    allowed = audiences(assistant, q.caller, q.request.shared)
    lines: list[str] = []
    citations: list[Citation] = []
    for number in q.knowledge.numbers:
        rows = assistant.documents.evidence(number, allowed)
        if not rows:
            lines.append(message("documents.evidence_none", q.language, item=number, release=release))
            continue
        lines.append(message("documents.evidence_head", q.language, item=number, release=release))
        passages = assistant.documents.passages()
        for row in rows[:10]:
            citation = passage_citation(assistant, passages[row.passage_id], len(citations) + 1)
            citations.append(citation)
            how = message("documents.how_mentions" if row.how == "mentions" else "documents.how_related", q.language)
            lines.append(f"• {row.document}, {message('documents.page', q.language)} {row.page} · "
                         f"{row.section or row.document} ({how}) [{citation.n}]")
    return KnowledgeAnswer(question=q.text, language=q.language, text="\n".join(lines),  # type: ignore[arg-type]
                           citations=citations, ranked_ids=[c.id for c in citations], release=release)


def answer_site(q: ParsedQuestion, assistant: Assistant) -> Answer | None:
    """A passage answer from site documents, or None when none is close enough (the knowledge
    base answers instead)."""
    allowed = audiences(assistant, q.caller, q.request.shared)
    hits = assistant.documents.search(q.text, k=3, audiences=allowed, kinds=_SITE_KINDS)
    floor = assistant.settings.documents.answer_min_similarity
    hits = [(p, s) for p, s in hits if s >= floor]
    if not hits:
        return None
    best = hits[0][1]
    hits = [(p, s) for p, s in hits if best - s <= 0.03][:2]  # near-ties only: one answer, not a list
    lines = [message("documents.site_intro", q.language)]
    citations: list[Citation] = []
    for p, _score in hits:
        citation = passage_citation(assistant, p, len(citations) + 1)
        citations.append(citation)
        lines.append(f"> {assistant.documents.quote(p)} [{citation.n}]")
    return KnowledgeAnswer(question=q.text, language=q.language, text="\n".join(lines),  # type: ignore[arg-type]
                           citations=citations, ranked_ids=[c.id for c in citations])


def looks_like_site_question(q: ParsedQuestion) -> bool:
    return bool(SITE_QUESTION.search(q.folded))


def no_documents(q: ParsedQuestion, assistant: Assistant) -> Answer:
    """"Evidence for 1.5 of 5.1" with no documents ingested: the item itself is still answered
    from the knowledge base, with one line saying the organisation's documents are not there yet."""
    answer = assistant.knowledge.answer_items(q.text, q.knowledge, q.language) if q.knowledge.numbers else None
    if isinstance(answer, KnowledgeAnswer):
        answer.text = answer.text.rstrip() + "\n\n" + message("documents.none_ingested_note", q.language)
        return answer
    text = message("documents.none_ingested", q.language)
    return NoAnswer(question=q.text, language=q.language, text=text, reason="no_documents")  # type: ignore[arg-type]



# ---- documents shared with the bot in a direct message --------------------------------------------
_KIND_WORDS = (("standard", ("standard", "norma", "estandar")), ("procedure", ("procedure", "procedimiento", "sop")),
               ("training", ("training", "deck", "capacitacion", "curso", "presentacion")))


def may_add_documents(assistant: Assistant, user_id: str | None) -> bool:
    from assistant.people.directory import is_knowledge_owner

    return is_knowledge_owner(assistant.directory.person(user_id))


def ingest_upload(assistant: Assistant, path, note: str):
    """Ingest one file a knowledge owner sent; the message text may say its kind, release and
    audience ("procedure for managers", "norma CX 7.0 CC"). Returns the file's report line."""
    from assistant.base.text import fold as fold_text
    from assistant.documents.sources import Target

    folded = fold_text(note or "")
    kind = next((k for k, words in _KIND_WORDS if any(re.search(rf"\b{w}\b", folded) for w in words)), "other")
    mention, _rest = assistant.knowledge.resolver.find(note or "")
    audience = next((role for role in ("manager", "supervisor", "trainer", "owner")
                     if re.search(rf"\b(for|para|solo)\s+(the\s+|los\s+)?{role}s?\b", folded)), EVERYONE)
    target = Target(path, kind=kind, release=mention.release if mention else None, audience=audience)
    result = assistant.ingestor().run([target])
    return result.files[-1]
