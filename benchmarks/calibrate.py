"""Show how the refusal threshold (search.min_score) separates in-scope from off-topic questions.

Uses benchmarks/calibration.yaml, which is kept apart from the golden set so the golden set can
measure the chosen threshold honestly. Prints each question's relevance and the margin.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from assistant.base.settings import get_settings
    from assistant.base.language import detect_language
    from assistant.composition.assistant import Assistant

    assistant = Assistant(get_settings())
    retriever, knowledge = assistant.retriever, assistant.knowledge
    cal = yaml.safe_load((ROOT / "benchmarks" / "calibration.yaml").read_text(encoding="utf-8"))
    scores: dict[str, list[float]] = {}
    for group in ("in_scope", "out_of_scope"):
        print(group)
        scores[group] = []
        for q in cal[group]:
            hits = retriever.search(q, language=detect_language(q), k=3)
            coverage = retriever.lexical.coverage(q)
            rel = knowledge.relevance(hits[0], coverage)
            exact = hits[0].exact
            if exact is None:
                scores[group].append(rel)
            print(f"  {rel:.3f} (dense {hits[0].dense:.3f}, coverage {coverage:.2f}{', exact ' + repr(exact) if exact else ''})  {q}")
    lo, hi = min(scores["in_scope"]), max(scores["out_of_scope"])
    print(f"\nlowest in-scope relevance (no exact match): {lo:.3f}; highest off-topic: {hi:.3f}; "
          f"midpoint {(lo + hi) / 2:.3f}; configured search.min_score = {assistant.settings.search.min_score}")


if __name__ == "__main__":
    main()
