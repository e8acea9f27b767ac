"""Checks on the shipped knowledge content (categories, concepts, KPIs, glossary).

The expected values below are taken from the fact sheet (../shared/copc-facts.md §1.4, §2, §3, §4),
not copied from the YAML: if a content edit contradicts the sheet, these tests say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
import yaml

from assistant.base.settings import load_settings
from assistant.knowledge.kb.loader import load_knowledge

KNOWLEDGE_DIR = load_settings().knowledge_dir

# The KPI ids other code links to (COMMON id conventions); every one is defined in fact sheet §3.
KPI_IDS = [
    "kpi-service-level", "kpi-asa", "kpi-abandonment-rate", "kpi-aht", "kpi-fcr",
    "kpi-transaction-accuracy", "kpi-csat", "kpi-client-satisfaction", "kpi-forecast-accuracy",
    "kpi-schedule-adherence", "kpi-occupancy", "kpi-utilisation", "kpi-attrition", "kpi-absenteeism",
    "kpi-shrinkage", "kpi-cost-per-contact", "kpi-employee-satisfaction",
]

EN_LABEL = "Industry convention (not a COPC requirement)"
ES_LABEL = "Convención de la industria (no es un requisito COPC)"


@pytest.fixture(scope="module")
def kb():
    # Strict load: schema, unknown releases and dangling `related` ids all fail here.
    return load_knowledge(KNOWLEDGE_DIR)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _entries_with_alias(kb, alias: str):
    want = _fold(alias)
    return {
        e.id
        for e in kb.entries.values()
        for v in (e.en, e.es)
        if v is not None and any(_fold(a) == want for a in v.aliases)
    }


def test_ids_are_unique_across_all_files():
    # The loader keeps the first of two equal ids; count them in the raw files too.
    ids = []
    for path in sorted(KNOWLEDGE_DIR.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids += [e["id"] for e in data.get("entries", [])]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"


def test_glossary_has_at_least_60_bilingual_terms(kb):
    glossary = kb.by_kind("glossary")
    assert len(glossary) >= 60
    for e in glossary:
        assert e.id.startswith("gloss-")
        assert e.en and e.en.title and e.en.summary, e.id
        assert e.es and e.es.title and e.es.summary, e.id


@pytest.mark.parametrize(
    "english, spanish",
    [  # pairs from fact sheet §4
        ("Approach", "Enfoque"),
        ("Deployment", "Despliegue"),
        ("Calibration", "Calibración"),
        ("Category", "Categoría"),
        ("Item", "Ítem"),
        ("Absenteeism", "Ausentismo"),
        ("Occupancy", "Ocupación"),
        ("Target Setting", "Definición de Objetivos"),
        ("Process Capability", "Capacidad de los Procesos"),
        ("Corrective Action and Continuous Improvement", "Acciones Correctivas y Mejora Sostenida"),
    ],
)
def test_glossary_pairs_match_the_fact_sheet(kb, english, spanish):
    matches = [e for e in kb.by_kind("glossary") if e.en and _fold(e.en.title) == _fold(english)]
    assert matches, f"no glossary entry titled {english!r}"
    # Exact Spanish spelling, accents included.
    assert any(e.es and e.es.title.startswith(spanish) for e in matches), [e.es.title for e in matches]


def test_every_kpi_has_a_formula_in_both_languages(kb):
    for kpi_id in KPI_IDS:
        e = kb.entries.get(kpi_id)
        assert e is not None, f"missing {kpi_id}"
        assert e.kind == "kpi"
        assert e.en and e.en.formula and e.es and e.es.formula, kpi_id
        assert "÷" in e.en.formula and "÷" in e.es.formula, f"{kpi_id}: formula has no ratio"


def test_benchmarks_are_labelled_as_industry_conventions(kb):
    kpis = kb.by_kind("kpi")
    assert len(kpis) >= len(KPI_IDS)
    for e in kpis:
        if e.en and e.en.benchmark:
            assert e.en.benchmark.startswith(EN_LABEL), e.id
        if e.es and e.es.benchmark:
            assert e.es.benchmark.startswith(ES_LABEL), e.id


def test_service_level_benchmark_is_the_80_20_convention(kb):
    bench = kb.entries["kpi-service-level"].en.benchmark
    assert re.search(r"80\s*%?\s*in 20 seconds|80/20", bench)


def test_aht_alias_tmo_resolves_to_kpi_aht(kb):
    aht = kb.entries["kpi-aht"]
    assert "TMO" in aht.es.aliases
    assert aht.es.title.startswith("Tiempo medio operativo")
    carriers = _entries_with_alias(kb, "TMO")
    # Only kpi-aht among the KPIs; any other entry using the alias must point at kpi-aht.
    assert {i for i in carriers if i.startswith("kpi-")} == {"kpi-aht"}
    for other in carriers - {"kpi-aht"}:
        assert "kpi-aht" in kb.entries[other].related, other


@pytest.mark.parametrize(
    "alias, kpi_id",
    [
        ("SL", "kpi-service-level"),
        ("nivel de servicio", "kpi-service-level"),
        ("ASA", "kpi-asa"),
        ("tasa de abandono", "kpi-abandonment-rate"),
        ("FCR", "kpi-fcr"),
        ("resolucion en el primer contacto", "kpi-fcr"),
        ("CSAT", "kpi-csat"),
        ("rotación", "kpi-attrition"),
        ("ausentismo", "kpi-absenteeism"),
        ("adherencia", "kpi-schedule-adherence"),
        ("E-sat", "kpi-employee-satisfaction"),
    ],
)
def test_common_kpi_aliases_resolve_to_one_kpi(kb, alias, kpi_id):
    kpis = {i for i in _entries_with_alias(kb, alias) if i.startswith("kpi-")}
    assert kpis == {kpi_id}


def test_inferred_entries_carry_a_note(kb):
    for e in kb.entries.values():
        if e.confidence == "inferred":
            assert e.provenance.note, f"{e.id}: inferred content without a provenance note"


def test_uncertain_facts_are_not_marked_confirmed(kb):
    # Fact sheet §3: the utilisation formula is a single forum claim [F]; "compliance-critical"
    # was not found in any source [U]; absenteeism's formula source is truncated [P].
    assert kb.entries["kpi-utilisation"].confidence != "confirmed"
    assert kb.entries["gloss-compliance-critical-error"].confidence != "confirmed"
    assert kb.entries["kpi-absenteeism"].confidence != "confirmed"


def test_every_entry_names_sources_that_exist_in_the_fact_sheet(kb):
    known = re.compile(r"^(S\d{1,2}|SEED-EN|SEED-ES)$")
    mine = ("categories.yaml", "concepts.yaml", "kpis.yaml", "glossary.yaml")
    for e in kb.entries.values():
        if kb.files[e.id] in mine:
            bad = [s for s in e.provenance.sources if not known.match(s)]
            assert not bad, f"{e.id}: unknown source ids {bad}"


@pytest.mark.parametrize(
    "cat_id, points",
    [  # fact sheet §1.4
        ("cat-csp51-1.0", 300),
        ("cat-csp51-2.0", 800),
        ("cat-csp51-3.0", 500),
        ("cat-csp52-2.0", 800),
        ("cat-cx60-1.0", 400),
        ("cat-cx70cc-2.0", 1360),
        ("cat-cx70co-2.0", 1000),
    ],
)
def test_category_points_per_release(kb, cat_id, points):
    assert kb.entries[cat_id].kind == "category"
    assert kb.entries[cat_id].points == points


def test_generic_categories_have_the_sheet_names(kb):
    expected = {  # fact sheet §1.4
        "cat-1.0": ("Leadership and Planning", "Liderazgo y Planeamiento"),
        "cat-2.0": ("Processes", "Procesos"),
        "cat-3.0": ("People", "Recursos Humanos"),
        "cat-4.0": ("Performance", "Performance"),
    }
    for cat_id, (en, es) in expected.items():
        e = kb.entries[cat_id]
        assert e.category == cat_id.removeprefix("cat-")
        assert e.en.title.startswith(en) and e.es.title.startswith(es)


def test_required_concepts_exist(kb):
    concepts = {e.id for e in kb.by_kind("concept")}
    for cid in [
        "concept-approach-deployment", "concept-compliance-rules", "concept-roles", "concept-kcrp",
        "concept-metric-families", "concept-certification-audit", "concept-recertification",
        "concept-why-certify", "concept-gold", "concept-release-history", "concept-release-8-changes",
        "concept-standards-family", "concept-copc-origin", "concept-item-number-warnings",
    ]:
        assert cid in concepts, cid


def test_kccp_is_mapped_to_kcrp(kb):
    # Fact sheet §0 warning 3: "KCCP" is not a COPC term; map it to KCRP.
    carriers = _entries_with_alias(kb, "KCCP")
    assert "concept-kcrp" in carriers
    assert all("kcrp" in c or "warnings" in c for c in carriers), carriers


def test_item_number_warning_lists_the_meanings_of_2_3(kb):
    text = kb.entries["concept-item-number-warnings"].en.summary
    for title in [
        "Corrective Action and Continuous Improvement",
        "Knowledge and Content Management",
        "Minimizing Variation",
        "Analyzing and Managing Service Journeys",
    ]:
        assert title in text


def test_release_8_concept_is_not_numbered(kb):
    e = kb.entries["concept-release-8-changes"]
    assert e.release == "CX 8.0" and e.item is None
    assert "AI ethics policy" in e.en.summary
    assert "ética de IA" in e.es.summary


def test_recertification_cycle_is_two_years(kb):
    e = kb.entries["concept-recertification"]
    assert "two years" in e.en.summary and "dos años" in e.es.summary
