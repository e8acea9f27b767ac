"""Evaluation metric functions, against hand-computed expectations."""

from __future__ import annotations

import pytest

from assistant.evaluation.metrics import (
    entry_ids,
    item_lookup_correct,
    latency_summary,
    names_release,
    percentile,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
    release_of,
)


# --- metrics ---------------------------------------------------------------------------------


def test_recall_at_k_counts_any_acceptable_id_within_k():
    ranked = ["kpi-aht", "gloss-acw", "kpi-occupancy", "kpi-fcr"]
    assert recall_at_k(ranked, ["kpi-aht"], 1) == 1.0
    assert recall_at_k(ranked, ["kpi-occupancy"], 1) == 0.0
    assert recall_at_k(ranked, ["kpi-occupancy"], 3) == 1.0
    assert recall_at_k(ranked, ["kpi-fcr"], 3) == 0.0
    assert recall_at_k(ranked, ["nope", "gloss-acw"], 3) == 1.0
    assert recall_at_k([], ["kpi-aht"], 3) == 0.0
    with pytest.raises(ValueError):
        recall_at_k(ranked, [], 3)
    with pytest.raises(ValueError):
        recall_at_k(ranked, ["kpi-aht"], 0)


def test_reciprocal_rank_uses_first_acceptable_id():
    ranked = ["a", "b", "c", "d"]
    assert reciprocal_rank(ranked, ["a"]) == 1.0
    assert reciprocal_rank(ranked, ["c"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, ["d", "b"]) == 0.5  # b at rank 2 comes first
    assert reciprocal_rank(ranked, ["z"]) == 0.0


def test_release_of_and_names_release():
    assert release_of("csp51-2.10") == "CSP 5.1"
    assert release_of("cx70co-2.3") == "CX 7.0 CO"
    assert release_of("gmd50a-b.2") == "GMD 5.0a"
    assert release_of("kpi-aht") is None
    assert release_of("concept-gold") is None
    assert names_release("Item 2.3 (COPC CSP 5.1): ...", "CSP 5.1")
    assert names_release("En la versión cx 6.0 ...", "CX 6.0")
    assert not names_release("Item 2.3 of CSP 5.2", "CSP 5.1")


def test_item_lookup_needs_first_citation_and_release_named():
    text = "Item 2.3 in CSP 5.1 is Corrective Action and Continuous Improvement [1]."
    assert item_lookup_correct(["csp51-2.3", "cx60-2.3"], text, ["csp51-2.3"])
    # Right item cited second only: wrong.
    assert not item_lookup_correct(["cx60-2.3", "csp51-2.3"], text, ["csp51-2.3"])
    # Right citation but the answer never says which release it is answering for.
    assert not item_lookup_correct(["csp51-2.3"], "Corrective Action and Continuous Improvement", ["csp51-2.3"])
    # Names a release, but not the cited item's release.
    assert not item_lookup_correct(["csp51-2.3"], "In CX 6.0 item 2.3 is ...", ["csp51-2.3"])
    assert not item_lookup_correct([], text, ["csp51-2.3"])
    # Either acceptable id; the release checked is the one actually cited.
    assert item_lookup_correct(["cx70co-2.1"], "CX 7.0 CO, item 2.1", ["cx70cc-2.1", "cx70co-2.1"])


def test_refusal_scores_hand_computed():
    # 4 out-of-scope (3 refused), 6 in scope (1 refused).
    should = [True, True, True, True, False, False, False, False, False, False]
    refused = [True, True, True, False, True, False, False, False, False, False]
    s = refusal_scores(should, refused)
    assert (s.true_positives, s.false_positives, s.false_negatives) == (3, 1, 1)
    assert s.precision == 0.75
    assert s.recall == 0.75
    assert s.in_scope_refused == 1
    none = refusal_scores([False, False], [False, False])
    assert none.precision is None and none.recall is None
    with pytest.raises(ValueError):
        refusal_scores([True], [])


def test_percentile_linear_interpolation():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 50) == 25.0  # position 1.5 between 20 and 30
    assert percentile(values, 95) == pytest.approx(38.5)  # position 2.85: 30 + 0.85 * 10
    assert percentile([5.0], 95) == 5.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)
    lat = latency_summary([1.0, 2.0, 3.0, 4.0, 100.0])
    assert lat["p50_ms"] == 3.0 and lat["max_ms"] == 100.0 and lat["mean_ms"] == 22.0
    assert lat["p95_ms"] == pytest.approx(80.8)  # position 3.8: 4 + 0.8 * 96


def test_entry_ids_drop_language_suffix_and_duplicates():
    assert entry_ids(["csp51-2.3#en", "csp51-2.3#es", "kpi-aht", "kpi-aht#es"]) == ["csp51-2.3", "kpi-aht"]

