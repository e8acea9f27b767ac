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
OUT = ROOT / "benchmarks" / "answerability_train.yaml"

ANSWERABLE = {
    "en": ["what is {t}?", "explain {t}", "how is {t} measured or applied?", "why does {t} matter for an audit?",
           "difference between {t} and {u}", "how does {t} relate to {u}?", "what does the standard say about {t}?", "{t}", "can you tell me about {t}",
           "what does COPC mean by {t}?", "how does COPC treat {t}?", "quick question, what's {t} in COPC"],
    "es": ["qué es {t}?", "explícame {t}", "cómo se mide o aplica {t}?", "por qué importa {t} en una auditoría?",
           "diferencia entre {t} y {u}", "qué relación hay entre {t} y {u}?", "qué dice la norma sobre {t}?", "{t}", "me puedes contar de {t}",
           "a qué se refiere COPC con {t}?", "cómo trata COPC {t}?", "una duda, qué es {t} en COPC"],
}
DETAIL = {
    "price": {"en": ["how much does {t} cost?", "what is the price of {t}?", "what fees apply for {t}?"],
              "es": ["cuánto cuesta {t}?", "qué precio tiene {t}?", "cuál es la tarifa de {t}?"]},
    "people": {"en": ["which companies are certified in {t}?", "who is the CEO in charge of {t}?", "who runs COPC today?"],
               "es": ["qué empresas están certificadas en {t}?", "quién es el presidente de COPC hoy?", "quiénes tienen la certificación de {t}?"]},
    "vendor": {"en": ["which software do you recommend for {t}?", "what tool should we buy for {t}?", "best vendor for {t}?"],
               "es": ["qué software recomiendas para {t}?", "qué herramienta cumple con COPC para {t}?", "qué proveedor debemos contratar para {t}?"]},
    "law": {"en": ["what does labour law say about {t}?", "is it legal to change {t} without notice?", "does GDPR affect {t}?"],
            "es": ["qué dice la ley laboral sobre {t}?", "es legal cambiar {t} sin aviso?", "qué dice el código del trabajo de {t}?"]},
    "other_standard": {"en": ["how does ISO 9001 handle {t}?", "what is the ISO 18295 score for {t}?", "six sigma vs COPC on {t}"],
                       "es": ["cómo maneja la ISO 9001 {t}?", "qué puntaje da la norma ISO 18295 a {t}?", "six sigma contra COPC en {t}"]},
    "calculation": {"en": ["how many agents do I need for 1200 calls with {t}?", "calculate staffing with Erlang C for {t}"],
                    "es": ["cuántos agentes necesito para 1200 llamadas con {t}?", "calcula el dimensionamiento con Erlang para {t}"]},
    "salary": {"en": ["what is the salary of someone doing {t}?", "how much does a person in {t} earn?"],
               "es": ["cuál es el sueldo de quien hace {t}?", "cuánto gana alguien de {t}?"]},
}
# Topics of a contact centre that no entry of this knowledge base talks about.
FOREIGN = {
    "en": ["the dress code", "parking spaces", "the office dress policy", "coffee break length", "gamification badges",
           "remote work stipends", "maternity leave", "desk ergonomics", "christmas party budget", "headset brands",
           "the cafeteria menu", "employee discounts", "team building trips", "laptop refresh cycles", "agent tattoos policy"],
    "es": ["el código de vestimenta", "los estacionamientos", "la duración del café", "las insignias de gamificación",
           "el bono de teletrabajo", "la licencia de maternidad", "la ergonomía de escritorios", "la fiesta de navidad",
           "las marcas de diademas", "el menú de la cafetería", "los descuentos para empleados", "los viajes de integración",
           "la renovación de laptops", "la política de tatuajes"],
}
FOREIGN_TEMPLATES = {
    "en": ["what does COPC say about {t}?", "does the standard require {t}?", "what is the COPC rule for {t}?"],
    "es": ["qué dice COPC sobre {t}?", "la norma exige {t}?", "cuál es la regla COPC para {t}?"],
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
    for kind, by_lang in DETAIL.items():
        for lang, templates in by_lang.items():
            for _ in range(45):
                q = rng.choice(templates).format(t=rng.choice(titles[lang]).lower())
                rows.append({"q": q, "lang": lang, "label": 0, "kind": kind})
    for lang in ("en", "es"):
        for t in FOREIGN[lang]:
            for template in FOREIGN_TEMPLATES[lang]:
                rows.append({"q": template.format(t=t), "lang": lang, "label": 0, "kind": "foreign"})
    rng.shuffle(rows)
    return rows


def main() -> None:
    rows = generate()
    header = "# Generated by benchmarks/answerability_set.py from the knowledge base and templates. Training only.\n"
    OUT.write_text(header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    print(f"{len(rows)} questions ({sum(r['label'] for r in rows)} answerable) -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
