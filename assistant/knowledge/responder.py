"""Knowledge answers: release-aware item lookups and retrieval-backed topic answers.

Two paths. Exact: a question with an item number ("2.3", "ítem 2.10 en CX 6.0") is answered
from the item table of the named (or default) release, and says what the number means in other
releases. Retrieval: everything else goes through the hybrid retriever; an answer is given only
when the best entry is named verbatim or close enough, otherwise a polite refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Callable

from assistant.base.answers import Answer, KnowledgeAnswer, NoAnswer
from assistant.knowledge.views import Citations as _Citations, entry_view
from assistant.base.templates import render
from assistant.base.messages import message
from assistant.base.settings import ConfigError, Settings
from assistant.base.text import fold
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.knowledge.answerability import DETAIL_MESSAGES, AnswerabilityModel, Evidence, asked_detail, gather
from assistant.knowledge.overview import answer_overview, overview_kind
from assistant.knowledge.releases import ReleaseResolver, item_numbers, numbers_named_as_releases
from assistant.knowledge.release_context import WHICH_ITEM, item_naming, items_naming, which_item
from assistant.knowledge.scope import looks_out_of_scope
from assistant.knowledge.topic_queries import release_mentioned, release_question, search_texts
from assistant.knowledge.search.phrases import PhraseMatcher
from assistant.knowledge.search.retriever import Hit, Retriever

# Releases are listed newest first when saying where a number means something else.
_MAX_NUMBERS = 3
_SEE_ALSO_MARGIN = 0.025  # a "see also" entry must score this close to the best one
_NEAREST_FLOOR = 0.83  # below this, a topic is not offered as "nearest" when refusing
COVERAGE_WEIGHT = 0.15
_WHICH_ITEM_K = 40  # candidates searched for the items of one release


@dataclass
class ParsedQuestion:
    release: str | None  # named in the question or forced by the caller
    numbers: list[str]
    remaining: str  # folded text without the release phrase
    release_from_title: bool = False  # the release was taken from an item title named in the question
    # A number named as a release that releases.yaml does not list ("release 6.2"); ``other_known``
    # when the knowledge base still mentions it (the release history's "Release 3.4").
    other_release: str | None = None
    other_known: bool = False

    @property
    def release_not_covered(self) -> bool:
        """A release the knowledge base knows nothing about is named: answer "not covered"."""
        return self.other_release is not None and not self.other_known


class KnowledgeResponder:
    def __init__(self, settings: Settings, kb: KnowledgeBase, retriever: Callable[[], Retriever]):
        self.settings = settings
        self.kb = kb
        numbers = {e.item for e in kb.items() if e.item} | {e.category for e in kb.by_kind("category") if e.category}
        self.resolver = ReleaseResolver(kb.releases, frozenset(numbers))
        default = self.resolver.resolve(settings.default_release)
        if default is None:
            raise ConfigError(
                f"Invalid configuration: default_release: '{settings.default_release}' is not a known release "
                f"(known: {', '.join(kb.releases)})"
            )
        self.default_release = default
        self._retriever = retriever
        self._release_order = list(kb.releases)
        self.model = AnswerabilityModel.load()
        self._naming_items: dict[str, list[Entry]] = {}  # topic id -> the items naming it (release_context)

    @cached_property
    def phrases(self) -> PhraseMatcher:
        """Titles and aliases named verbatim (item lookups use it without loading the retriever)."""
        return PhraseMatcher(self.kb)

    # ---- parsing ----------------------------------------------------------------------------
    def parse(self, question: str, release: str | None) -> ParsedQuestion:
        mention, remaining = self.resolver.find(question)
        named = release or (mention.release if mention else None)
        parsed = ParsedQuestion(named, item_numbers(remaining, question)[:_MAX_NUMBERS], remaining)
        other = self.resolver.unknown_release(remaining) or next(
            (n for n in numbers_named_as_releases(question) if self.resolver.resolve(n) is None), None)
        if other is not None:
            parsed.other_release, parsed.other_known = other, release_mentioned(self.kb, other)
            parsed.numbers = [n for n in parsed.numbers if n != other]
        if parsed.numbers and named is None:
            titled = self._release_of_title(remaining, parsed.numbers)
            if titled is not None:
                parsed.release, parsed.release_from_title = titled, True
        return parsed

    def not_covered_release(self, question: str, parsed: ParsedQuestion, language: str) -> Answer:
        """A named release the knowledge base does not cover: say so and list the ones it covers."""
        text = render(self.settings.prompts_dir, "no_such_item", language, kind="release",
                      given=parsed.other_release, mentioned=parsed.other_known, releases=list(self.kb.releases))
        return NoAnswer(question=question, language=language, text=text, reason="release_not_covered")  # type: ignore[arg-type]

    def term_language(self, text: str) -> str | None:
        """"es" or "en" when ``text`` names a title or alias of only that language version."""
        en = {m.entry_id for m in self.phrases.match(text, "en")}
        es = {m.entry_id for m in self.phrases.match(text, "es")}
        if es and not en:
            return "es"
        if en and not es:
            return "en"
        # Named in both (an acronym kept as an alias in the other language too): the language
        # whose *title* carries it, e.g. "TMO" is in the Spanish title of average handle time.
        term = re.compile(rf"(?<!\w){re.escape(fold(text))}(?!\w)")
        in_title = {lang for e in en & es for lang in ("en", "es") if term.search(fold(self.kb.entries[e].version(lang).title))}
        return next(iter(in_title)) if len(in_title) == 1 else None

    def _release_of_title(self, text: str, numbers: list[str]) -> str | None:
        """"item 2.2 Process Capability": the title names 2.2 of CSP 4.x, not of the default
        release; the release the title belongs to is the one meant."""
        default_titles = {fold_title(e) for n in numbers for e in [self.kb.item(self.default_release, n)] if e}
        for match in self.phrases.match(text):
            entry = self.kb.entries[match.entry_id]
            if entry.kind == "item" and entry.item in numbers and fold_title(entry) not in default_titles:
                same = [e for e in self.kb.items_numbered(entry.item) if fold_title(e) == fold_title(entry)]
                newest = sorted(same, key=lambda e: self._release_order.index(e.release))[-1]
                return newest.release
        return None

    def release_name(self, release_id: str, language: str) -> str:
        rel = self.kb.releases[release_id]
        return rel.name_en if language == "en" else rel.name_es

    # ---- item lookups -----------------------------------------------------------------------
    def answer_items(self, question: str, parsed: ParsedQuestion, language: str) -> Answer:
        if parsed.release_not_covered or (parsed.other_release and parsed.release is None):
            return self.not_covered_release(question, parsed, language)
        release = parsed.release or self.default_release
        # "the ISO 9001 equivalent of item 2.4", "price of an audit of 2.3": the item is covered, the
        # detail is not. People/companies are left out: "certified centres" is often item context.
        detail = asked_detail(question, self._retriever().phrases.vocabulary.known)
        entry = self.kb.item(release, parsed.numbers[0]) if detail and detail != "people" and parsed.numbers else None
        if entry is not None:
            topic = self._label(entry, language)
            text = render(self.settings.prompts_dir, "no_answer", language, reason="detail_not_covered",
                          topic=topic, detail=message(DETAIL_MESSAGES[detail], language), nearest=[])
            return NoAnswer(question=question, language=language, text=text,  # type: ignore[arg-type]
                            reason="detail_not_covered", ranked_ids=[entry.id], nearest=[topic])
        cites = _Citations(language)
        results = []
        for number in parsed.numbers:
            if number.endswith(".0"):
                entry = self._category(number, release)
            else:
                entry = self.kb.item(release, number)
            others = [
                e for e in self.kb.items_numbered(number)
                if e.release != release and (entry is None or e.version(language).title != entry.version(language).title)
            ]
            if entry is None and not others and not number.endswith(".0"):
                continue
            view = entry_view(entry, language, cites.cite(entry)) if entry else None
            if view and entry.confidence == "partly_confirmed" and entry.provenance.note:
                view["note"] = entry.provenance.note
            if view:
                view["official_title"] = self.official_title(entry, language)
            # Releases sharing one meaning are listed together ("CSP 4.x, CSP 5.1: ...").
            elsewhere: list[dict[str, Any]] = []
            for other in sorted(others, key=lambda e: self._release_order.index(e.release)):
                title = other.version(language).title
                group = next((g for g in elsewhere if g["title"] == title), None)
                if group is None:
                    group = {"title": title, "releases": [], "ns": []}
                    elsewhere.append(group)
                group["releases"].append(other.release)
                # Cite the other meanings only when the asked-for release has no such item:
                # then they are the answer; otherwise they are a pointer and stay uncited.
                if entry is None:
                    group["ns"].append(cites.cite(other))
            rel = self.kb.releases[release]
            results.append({
                "number": number,
                "is_category": number.endswith(".0"),
                "release": release,
                "release_name": self.release_name(release, language),
                "defaulted": parsed.release is None and entry is not None,
                "from_title": parsed.release_from_title,
                "unnumbered": not rel.numbered,
                "entry": view,
                "elsewhere": elsewhere,
            })
        if not results:
            text = render(self.settings.prompts_dir, "no_such_item", language,
                          numbers=parsed.numbers, releases=[r for r in self.kb.releases if self.kb.releases[r].numbered])
            return NoAnswer(question=question, language=language, text=text, reason="no_such_item")  # type: ignore[arg-type]
        text = render(self.settings.prompts_dir, "item", language, results=results,
                      default_name=self.release_name(self.default_release, language))
        ranked = [c.id for c in cites.items]
        return KnowledgeAnswer(question=question, language=language, text=text, citations=cites.items,  # type: ignore[arg-type]
                               ranked_ids=ranked, release=release)

    def official_title(self, entry: Entry, language: str) -> str | None:
        """The title in the release's own language when the answer is in the other one and the two
        differ: audits use the official title (English for CSP/CX, Spanish for VMO 5.1, GMD 5.0a)."""
        rel = self.kb.releases.get(entry.release) if entry.release else None
        official = rel.language if rel else "en"
        if official == language or not entry.has_language(official):
            return None
        title = entry.version(official).title
        return title if fold(title) != fold(entry.version(language).title) else None

    def _category(self, number: str, release: str) -> Entry | None:
        candidates = [e for e in self.kb.by_kind("category") if e.category == number]
        for e in candidates:
            if e.release == release:
                return e
        generic = [e for e in candidates if e.release is None]
        return generic[0] if generic else None

    # ---- topic answers ----------------------------------------------------------------------
    def answer_topic(self, question: str, parsed: ParsedQuestion, language: str, history: list[str] | None) -> Answer:
        if parsed.release_not_covered:
            return self.not_covered_release(question, parsed, language)
        kind = overview_kind(parsed.remaining)
        if kind is not None:
            return self.answer_overview(question, parsed, language, kind)
        retriever = self._retriever()
        hits, evidence, query = self.evidence(question, language)
        if history and not (hits and self.model.answerable(evidence)):
            # A short follow-up ("and the formula?") is read with the thread's last question.
            hits, evidence, query = self.evidence(f"{history[-1]} {question}", language)
        ranked_ids = [h.id for h in hits]
        coverage = evidence.coverage
        # A detail no entry gives ("which companies got certified with 7.0") is not a release question.
        about_release = None if evidence.detail else self._release_question(parsed)
        if about_release is not None:
            hits = [Hit(about_release.id, 1.0, exact="release")] + [h for h in hits if h.id != about_release.id]
            ranked_ids = [h.id for h in hits]
        elif not hits or looks_out_of_scope(question) or not self.model.answerable(evidence):
            return self._refuse(question, query, hits, ranked_ids, language)

        main_entry = self._prefer_release(hits, parsed.release)
        elsewhere, in_release = None, None
        wanted = parsed.release or self.default_release
        if about_release is None and WHICH_ITEM.search(parsed.remaining) and main_entry.release != wanted:
            item = which_item(self.kb, self._naming(main_entry), main_entry, hits, wanted, self._release_order,
                              wider=lambda: retriever.search(query, language=language, k=_WHICH_ITEM_K))
            if item is not None:
                # "which item covers calibration?": the item answers; the topic's own entry leads
                # the other hits, so it is close enough to be "see also".
                if item.release != wanted:
                    elsewhere = message("knowledge.item_elsewhere", language, topic=main_entry.version(language).title,
                                        release=self.release_name(wanted, language))
                hits = [Hit(item.id, hits[0].score, exact=hits[0].exact)] + [h for h in hits if h.id != item.id]
                main_entry = item
        elif about_release is None and parsed.release and main_entry.release is None:
            # A release was named but the entry holds for all of them: say where it sits in that release.
            item = item_naming(self._naming(main_entry), hits, wanted, self._release_order)
            in_release = item if item is not None and item.release == parsed.release else False
        cites = _Citations(language)
        main = entry_view(main_entry, language, cites.cite(main_entry))
        release_note = None
        if in_release is not None:
            if in_release:
                release_note = message("knowledge.release_note.item", language, release=parsed.release,
                                       item=in_release.item, title=in_release.version(language).title,
                                       n=cites.cite(in_release))
            else:
                release_note = message("knowledge.release_note.general", language, release=parsed.release)
        if main_entry.kind == "item":
            main["official_title"] = self.official_title(main_entry, language)
        if main_entry.confidence == "partly_confirmed" and main_entry.provenance.note:
            main["note"] = main_entry.provenance.note
        same_title = []
        if main_entry.kind == "item":
            title = main_entry.version(language).title.casefold()
            for e in self.kb.items():
                if e.id != main_entry.id and e.version(language).title.casefold() == title:
                    same_title.append({"release": e.release, "item": e.item, "n": None})
        see_also = []
        top = hits[0].score
        for h in hits[1:]:
            e = self.kb.entries[h.id]
            if len(see_also) >= 2 or h.id == main_entry.id:
                continue
            if any(s["item"] == e.item and s["release"] == e.release for s in same_title):
                continue
            if e.version(language).title.casefold() == main["title"].casefold():
                continue  # the glossary twin of the answered KPI/item adds nothing
            close = top - h.score <= _SEE_ALSO_MARGIN or (h.exact is not None and hits[0].exact is not None)
            if close and (h.exact is not None or self.relevance(h, coverage) >= self.settings.search.min_score):
                see_also.append(entry_view(e, language, cites.cite(e)))
        lead = elsewhere
        if about_release is not None and parsed.release:
            rel = self.kb.releases[parsed.release]
            lead = f"{self.release_name(parsed.release, language)}{': ' + rel.date if rel.date else ''}"
        text = render(self.settings.prompts_dir, "topic", language, main=main, same_title=same_title, see_also=see_also,
                      lead=lead, release_note=release_note)
        # The answered entry leads the ranking even when the release preference moved it up.
        ranked_ids = [main_entry.id] + [i for i in ranked_ids if i != main_entry.id]
        return KnowledgeAnswer(question=question, language=language, text=text, citations=cites.items,  # type: ignore[arg-type]
                               ranked_ids=ranked_ids)

    def _naming(self, topic: Entry) -> list[Entry]:
        if topic.id not in self._naming_items:
            self._naming_items[topic.id] = items_naming(self.kb, self.phrases.vocabulary, topic)
        return self._naming_items[topic.id]

    def _release_question(self, parsed: ParsedQuestion) -> Entry | None:
        return release_question(self.kb, self._retriever().phrases.vocabulary, parsed.release, parsed.numbers,
                                parsed.remaining)

    def search_texts(self, question: str) -> list[str]:
        return search_texts(question, self._retriever().phrases)

    def evidence(self, question: str, language: str) -> tuple[list[Hit], Evidence, str]:
        """Ranked hits for ``question`` and the answerability features (also used to train the
        model, so training sees exactly what answering sees). Of several searched texts, the one
        the answerability model supports best is kept."""
        retriever = self._retriever()
        vocabulary = retriever.phrases.vocabulary
        best: tuple[tuple[bool, float], list[Hit], Evidence, str] | None = None
        for typed in self.search_texts(question):
            query = vocabulary.correct(typed)
            # At least 3 candidates: the answer, up to two "see also" entries and the ranking that
            # `copc eval` scores at Recall@3.
            hits = retriever.search(query, language=language, k=max(self.settings.search.top_k, 3))
            found = gather(query, hits, retriever, original=typed)
            if typed != question and not found.detail and asked_detail(question, vocabulary.known):
                # A detail asked anywhere in the message (a price, a vendor...) still counts.
                found = replace(found, detail=1.0)
            support = (bool(hits) and self.model.answerable(found), self.model.probability(found))
            if best is None or support > best[0]:
                best = (support, hits, found, query)
        assert best is not None
        return best[1], best[2], best[3]

    def _refuse(self, question: str, query: str, hits: list[Hit], ranked_ids: list[str], language: str) -> Answer:
        """The honest refusal. When the question asks for a detail the knowledge base never gives
        (a price, a vendor, a law...) about a topic it does cover, say exactly that."""
        out_of_scope = looks_out_of_scope(question)
        nearest = []
        if not out_of_scope:
            nearest = [self._label(self.kb.entries[h.id], language) for h in hits[:3]
                       if h.exact is not None or (h.dense or 0) >= _NEAREST_FLOOR]
        known = self._retriever().phrases.vocabulary.known
        detail = None if out_of_scope else (asked_detail(question, known) or asked_detail(query, known))
        if detail and nearest:
            text = render(self.settings.prompts_dir, "no_answer", language, reason="detail_not_covered",
                          topic=nearest[0], detail=message(DETAIL_MESSAGES[detail], language), nearest=nearest[1:])
            return NoAnswer(question=question, language=language, text=text,  # type: ignore[arg-type]
                            reason="detail_not_covered", ranked_ids=ranked_ids, nearest=nearest)
        text = render(self.settings.prompts_dir, "no_answer", language, reason="out_of_scope",
                      nearest=nearest, kpis=True, detail=detail and message(DETAIL_MESSAGES[detail], language))
        return NoAnswer(question=question, language=language, text=text,  # type: ignore[arg-type]
                        reason="out_of_scope", ranked_ids=ranked_ids, nearest=nearest)

    def answer_overview(self, question: str, parsed: ParsedQuestion, language: str, kind: str) -> Answer:
        """Categories, or the items of one release, built from the knowledge base's structure."""
        return answer_overview(self, question, parsed, language, kind)

    def relevance(self, hit: Hit, coverage: float) -> float:
        """Dense similarity plus a bonus for questions whose words the knowledge base uses.

        Calibrated on benchmarks/calibration.yaml (not the golden set): e5 similarities of
        off-topic questions reach 0.85, in-topic ones start at 0.84, but off-topic questions
        share at most half their words with the knowledge base. The sum separates the two.
        """
        return (hit.dense or 0.0) + COVERAGE_WEIGHT * coverage

    def _prefer_release(self, hits: list[Hit], release: str | None) -> Entry:
        """Among entries matched equally well (one title in several releases), prefer the asked-for
        release, then the default release."""
        best = self.kb.entries[hits[0].id]
        if best.kind != "item":
            return best
        title = best.version("en").title.casefold()
        group = [e for e in self.kb.items() if e.version("en").title.casefold() == title]
        for wanted in (release, self.default_release):
            for e in group:
                if e.release == wanted:
                    return e
        return best

    def _label(self, entry: Entry, language: str) -> str:
        title = entry.version(language).title
        if entry.kind == "item":
            return f"{title} ({message('knowledge.item', language)} {entry.item}, {entry.release})"
        return title


def fold_title(entry: Entry) -> str:
    return fold(entry.version("en").title)
