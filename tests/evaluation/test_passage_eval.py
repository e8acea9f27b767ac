"""`copc eval --passages`: Recall@3 of the right page on the generated corpus, each language and
across languages (target 0.90), with the real model."""

import pytest

from assistant.evaluation.passages import TARGET, run_passage_eval

pytestmark = pytest.mark.slow


def test_passage_recall_meets_the_target(assistant):
    report = run_passage_eval(assistant)
    names = [r.name for r in report.runs]
    assert names == ["en", "es", "cross-lingual es->en", "cross-lingual en->es"]
    assert all(r.questions == 24 for r in report.runs)
    for run in report.runs:
        assert run.recall >= TARGET, (run.name, run.misses)
    assert "Recall@3" in report.format()
