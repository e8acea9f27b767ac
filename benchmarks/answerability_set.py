"""Generate the answerability training set from the knowledge base's structure and templates.

Kept apart from every evaluation set: it is built only from the knowledge base's own titles,
aliases and summaries plus question templates for each kind (definitions, "what does the standard
say about", typos) and near-domain kinds the knowledge base cannot answer (prices, people and
companies today, products to buy, labour law, other standards, staffing calculations, salaries,
topics no entry mentions). It never reads tests/golden or tests/blind.

    python benchmarks/answerability_set.py      # writes benchmarks/answerability_train.yaml
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.answerability_templates import (  # noqa: E402
    ANSWERABLE_LOOKALIKES, ANSWERABLE_MORE, FOREIGN, FOREIGN_TEMPLATES, NEAR, PREAMBLE, SMALLTALK,
)

OUT = ROOT / "benchmarks" / "answerability_train.yaml"

ANSWERABLE = {
    "en": ["what is {t}?", "explain {t}", "how is {t} measured or applied?", "why does {t} matter for an audit?",
           "difference between {t} and {u}", "how does {t} relate to {u}?", "what does the standard say about {t}?", "{t}", "can you tell me about {t}",
           "what does COPC mean by {t}?", "how does COPC treat {t}?", "quick question, what's {t} in COPC"],
    "es": ["qué es {t}?", "explícame {t}", "cómo se mide o aplica {t}?", "por qué importa {t} en una auditoría?",
           "diferencia entre {t} y {u}", "qué relación hay entre {t} y {u}?", "qué dice la norma sobre {t}?", "{t}", "me puedes contar de {t}",
           "a qué se refiere COPC con {t}?", "cómo trata COPC {t}?", "una duda, qué es {t} en COPC"],
}


def typo(text: str, rng: random.Random) -> str:
    """Drop, double or swap one letter of the longest word (a one-edit slip)."""
    words = text.split()
    i = max(range(len(words)), key=lambda j: len(words[j]))
    w = words[i]
    if len(w) < 6:
        return text
    k = rng.randrange(1, len(w) - 2)
    op = rng.choice(("drop", "double", "swap"))
    w = w[:k] + w[k + 1:] if op == "drop" else w[:k] + w[k] + w[k:] if op == "double" else w[:k] + w[k + 1] + w[k] + w[k + 2:]
    words[i] = w
    return " ".join(words)


def generate(seed: int = 11) -> list[dict]:
    from assistant.base.settings import get_settings
    from assistant.knowledge.kb.loader import load_knowledge

    rng = random.Random(seed)
    kb = load_knowledge(get_settings().knowledge_dir)
    rows: list[dict] = []
    titles: dict[str, list[str]] = {"en": [], "es": []}
    for entry in kb.entries.values():
        for lang in ("en", "es"):
            v = entry.en if lang == "en" else entry.es
            if v is None:
                continue
            names = [v.title, *[a for a in v.aliases if len(a) > 3]]
            titles[lang].append(v.title.split("(")[0].strip())
            for name in rng.sample(names, min(2, len(names))):
                other = rng.choice(titles[lang]) if titles[lang] else name
                q = rng.choice(ANSWERABLE[lang]).format(t=name, u=other)
                rows.append({"q": q, "lang": lang, "label": 1, "kind": "named"})
            rows.append({"q": typo(rng.choice(ANSWERABLE[lang]).format(t=v.title, u=v.title), rng), "lang": lang, "label": 1, "kind": "typo"})
            if v.summary:
                words = [w.strip(".,;:()") for w in v.summary.split() if len(w) > 3][:9]
                rows.append({"q": " ".join(rng.sample(words, min(6, len(words)))) + "?", "lang": lang, "label": 1,
                             "kind": "paraphrase"})
    for lang in ("en", "es"):
        pool = titles[lang]
        for _ in range(260):  # in-scope forms of the same breadth as the near-domain ones below
            q = rng.choice(ANSWERABLE_MORE[lang]).format(t=rng.choice(pool))
            rows.append({"q": q, "lang": lang, "label": 1, "kind": "styled"})
        for q in ANSWERABLE_LOOKALIKES[lang]:
            rows.append({"q": q, "lang": lang, "label": 1, "kind": "lookalike"})
            rows.append({"q": rng.choice(PREAMBLE[lang]) + q, "lang": lang, "label": 1, "kind": "lookalike"})
        for kind, by_lang in NEAR.items():
            for template in by_lang[lang]:
                for _ in range(4):
                    q = template.format(t=rng.choice(pool).lower(), n=rng.choice((120, 450, 800, 1200, 3000)))
                    style = rng.choice(("plain", "plain", "typo", "rambling"))
                    if style == "typo":
                        q = typo(q, rng)
                    elif style == "rambling":
                        q = rng.choice(PREAMBLE[lang]) + q
                    rows.append({"q": q, "lang": lang, "label": 0, "kind": kind})
        for q in SMALLTALK[lang]:
            rows.append({"q": q, "lang": lang, "label": 0, "kind": "smalltalk"})
        for t in FOREIGN[lang]:
            for template in FOREIGN_TEMPLATES[lang]:
                rows.append({"q": template.format(t=t), "lang": lang, "label": 0, "kind": "foreign"})
    # No evaluation question, even a bare knowledge-base name ("KCCP"), is a training question:
    # the development sets are read only to leave their questions out (the blind set never).
    held_out = set()
    for path in sorted((ROOT / "benchmarks" / "dev").glob("*.yaml")):
        held_out |= {fold_q(c["question"]) for c in yaml.safe_load(path.read_text(encoding="utf-8")) or [] if "question" in c}
    rows = [r for r in rows if fold_q(r["q"]) not in held_out]
    rng.shuffle(rows)
    return rows


def fold_q(text: str) -> str:
    return " ".join(text.casefold().split())


def main() -> None:
    rows = generate()
    header = "# Generated by benchmarks/answerability_set.py from the knowledge base and templates. Training only.\n"
    OUT.write_text(header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    print(f"{len(rows)} questions ({sum(r['label'] for r in rows)} answerable) -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
