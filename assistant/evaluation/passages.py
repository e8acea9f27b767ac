"""Passage retrieval on a generated corpus (`copc eval --passages`): for each question the page
that holds its answer is known; Recall@3 of that page per language and across languages.

The corpus (assistant.evaluation.document_corpus): a standard-shaped PDF, site procedures in
English (PDF) and Spanish (DOCX), and training decks in both languages, all written for this
project. It is ingested into a temporary collection with the assistant's own model, so the
figures are those of the shipped configuration.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET = 0.90


@dataclass
class PassageRun:
    name: str
    questions: int = 0
    hits: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.questions if self.questions else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "questions": self.questions, "recall_at_3": round(self.recall, 3),
                "target": TARGET, "met": self.recall >= TARGET, "misses": self.misses}


@dataclass
class PassageReport:
    runs: list[PassageRun]
    passages: int
    seconds: float

    @property
    def met(self) -> bool:
        return all(r.recall >= TARGET for r in self.runs)

    def to_json(self) -> dict[str, Any]:
        return {"passages": self.passages, "seconds": round(self.seconds, 1), "runs": [r.to_json() for r in self.runs]}

    def format(self) -> str:
        lines = [f"Passage retrieval on the generated corpus ({self.passages} passages): Recall@3 of the right page"]
        for r in self.runs:
            mark = "ok" if r.recall >= TARGET else "MISSED"
            lines.append(f"  {r.name:<24} {r.recall:.3f} ({r.hits}/{r.questions})  target >= {TARGET:.2f} {mark}")
            for miss in r.misses[:5]:
                lines.append(f"      miss: {miss['question']} -> {miss['got']}")
        return "\n".join(lines)


def build_corpus(folder: Path) -> list[tuple[Path, str]]:
    """(file, kind) of the evaluation corpus, written into ``folder``."""
    from assistant.evaluation import document_corpus as c

    half = len(c.TOPICS) // 2
    return [
        (c.standard_pdf(folder / "standard.pdf"), "standard"),
        (c.procedure_pdf(folder / "procedures-en.pdf", c.TOPICS, "en"), "procedure"),
        (c.procedure_docx(folder / "procedimientos-es.docx", c.TOPICS, "es"), "procedure"),
        (c.deck_pptx(folder / "deck-en.pptx", c.TOPICS[:half], "en"), "training"),
        (c.deck_pptx(folder / "deck-es.pptx", c.TOPICS[half:], "es"), "training"),
    ]


def _right_pages(language: str) -> dict[str, set[tuple[str, int]]]:
    """Topic key -> the (document, page) pairs in ``language`` that answer it."""
    from assistant.evaluation.document_corpus import TOPICS

    half = len(TOPICS) // 2
    out: dict[str, set[tuple[str, int]]] = {}
    for i, t in enumerate(TOPICS):
        pages = {("procedures-en.pdf" if language == "en" else "procedimientos-es.docx", i + 1)}
        if language == "en" and i < half:
            pages.add(("deck-en.pptx", i + 1))
        if language == "es" and i >= half:
            pages.add(("deck-es.pptx", i - half + 1))
        out[t.key] = pages
    return out


def run_passage_eval(assistant, progress=lambda items: items) -> PassageReport:
    from assistant.composition.assistant import Assistant
    from assistant.documents.sources import Target
    from assistant.evaluation.document_corpus import TOPICS

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="copc-passage-eval-") as tmp:
        folder = Path(tmp)
        settings = assistant.settings.model_copy(update={
            "data_dir": folder / "var",
            "search": assistant.settings.search.model_copy(update={"chroma_host": None}),
            "documents": assistant.settings.documents.model_copy(update={"collection": f"eval{uuid.uuid4().hex[:8]}"}),
        })
        evaluator = Assistant(settings)
        evaluator._embedder = assistant.embedder
        evaluator._kb = assistant.kb
        docs = folder / "docs"
        docs.mkdir()
        result = evaluator.ingestor().run([Target(path, kind=kind) for path, kind in build_corpus(docs)])
        library = evaluator.documents
        runs = []
        for name, ask, pages in (("en", "en", "en"), ("es", "es", "es"),
                                 ("cross-lingual es->en", "es", "en"), ("cross-lingual en->es", "en", "es")):
            run = PassageRun(name)
            right = _right_pages(pages)
            for topic in progress(TOPICS):
                questions = (topic.question_en, topic.paraphrase_en) if ask == "en" else (topic.question_es, topic.paraphrase_es)
                for question in (q for q in questions if q):
                    hits = library.search(question, k=3, kinds=("procedure", "training"), doc_language=pages)
                    got = [(p.document, p.page) for p, _ in hits]
                    run.questions += 1
                    if set(got) & right[topic.key]:
                        run.hits += 1
                    else:
                        run.misses.append({"question": question, "got": got, "want": sorted(right[topic.key])})
            runs.append(run)
        return PassageReport(runs, result.passages, time.perf_counter() - started)
