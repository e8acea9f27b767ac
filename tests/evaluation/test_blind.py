"""The blind-set scorer, loader and report on small hand-made cases.

The shipped blind set (tests/blind/blind.yaml) is only checked to load: it is a measurement, never
a tuning set, so no test asserts anything about how the assistant does on it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from assistant.base.answers import Citation, HelpAnswer, KnowledgeAnswer, KpiAnswer, NoAnswer
from assistant.evaluation.blind_cases import BlindCase, BlindSetError, load_blind
from assistant.evaluation.blind_report import BlindReport
from assistant.evaluation.blind_scoring import contains_any, run_blind, score_blind

ROOT = Path(__file__).resolve().parents[2]


def _case(expect="answer", kind="concept", language="en", expect_any=(), release_mentions=(), id="t1", item=None):
    return BlindCase(id, "q?", language, "agent", "plain", kind, expect, item, tuple(release_mentions), tuple(expect_any))


# --- matching ------------------------------------------------------------------------------------


def test_contains_any_ignores_case_accents_punctuation_and_line_breaks():
    assert contains_any("El ítem trata de *Gestión del\nConocimiento*.", ["gestion del conocimiento"])
    assert contains_any("Knowledge and Content Management", ["KNOWLEDGE AND CONTENT"])
    assert contains_any("CX 6.0, item 2.3", ["6.0"])
    assert not contains_any("CSP 5.1", ["6.0", "R6"])
    assert not contains_any("anything", [""])


# --- score_blind ------------------------------------------------------------------------------------


def test_answer_case_needs_a_phrase_and_not_a_refusal():
    case = _case(expect_any=["Transaction Monitoring", "Monitoreo de Transacciones"])
    ok = score_blind(case, intent="knowledge", language="en", text="2.4 Transaction monitoring: ...")
    assert ok.passed and ok.miss is None
    wrong = score_blind(case, intent="knowledge", language="en", text="2.4 Quality Management")
    assert not wrong.passed and wrong.miss == "missing_phrase"
    refused = score_blind(case, intent="no_answer", language="en", text="Transaction Monitoring?", reason="out_of_scope")
    assert not refused.passed and refused.miss == "refused_in_scope" and refused.refused
    as_kpi = score_blind(case, intent="kpi", language="en", text="AHT this week: 300 s")
    assert as_kpi.miss == "answered_as_kpi"


def test_release_mentions_must_be_named_when_given():
    case = _case(kind="item", item="2.1", expect_any=["Customer Information"], release_mentions=["7.0", "R7"])
    assert score_blind(case, intent="knowledge", language="en", text="CX 7.0 CC — 2.1 Gathering Customer Information").passed
    miss = score_blind(case, intent="knowledge", language="en", text="CSP 5.1 — 2.1 Customer Information")
    assert miss.miss == "release_not_named" and not miss.passed
    # Without release_mentions any release will do.
    free = _case(kind="item", item="2.1", expect_any=["Customer Information"])
    assert score_blind(free, intent="knowledge", language="en", text="CSP 5.1 — 2.1 Customer Information").passed


def test_refuse_case_passes_on_no_answer_or_not_covered():
    case = _case(expect="refuse", kind="near_domain")
    assert score_blind(case, intent="no_answer", language="en", text="I can't answer that").passed
    assert score_blind(case, intent="knowledge", language="en", text="Prices are not covered by the standard.").passed
    assert score_blind(_case(expect="refuse", language="es"), intent="knowledge", language="es",
                       text="Eso no está cubierto en la base.").passed
    miss = score_blind(case, intent="knowledge", language="en", text="Certification costs ...")
    assert miss.miss == "not_refused" and not miss.passed


def test_kpi_case_needs_kpi_intent():
    case = _case(expect="kpi", kind="kpi_request", language="es")
    assert score_blind(case, intent="kpi", language="es", text="TMO: 310 s").passed
    miss = score_blind(case, intent="knowledge", language="es", text="El TMO es ...")
    assert miss.miss == "kpi_not_routed"


def test_smalltalk_accepts_help_or_a_friendly_no_answer_only():
    case = _case(expect="smalltalk", kind="smalltalk")
    assert score_blind(case, intent="help", language="en", text="I answer questions about COPC").passed
    assert score_blind(case, intent="no_answer", language="en", text="I answer questions about COPC", reason="out_of_scope").passed
    assert not score_blind(case, intent="no_answer", language="en", text="too long", reason="too_long").passed
    miss = score_blind(case, intent="knowledge", language="en", text="2.3 Hiring")
    assert miss.miss == "smalltalk_answered"


def test_wrong_language_fails_a_met_expectation():
    case = _case(expect_any=["Absenteeism", "Ausentismo"], language="es")
    verdict = score_blind(case, intent="knowledge", language="en", text="Absenteeism is ...")
    assert verdict.expectation_met and not verdict.language_ok and not verdict.passed
    assert verdict.miss == "language"


# --- loader -----------------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "blind.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_load_blind_reads_and_validates(tmp_path):
    good = """\
        - id: a1
          question: "qué es el 2.3 en la 6.0?"
          language: es
          role: supervisor
          style: plain
          kind: item
          expect: answer
          item: '2.3'
          release_mentions: ['6.0']
          expect_any: ['Gestión del Conocimiento']
        - id: a2
          question: hola
          language: es
          role: agent
          style: colloquial
          kind: smalltalk
          expect: smalltalk
        """
    cases = load_blind(_write(tmp_path, good))
    assert [c.id for c in cases] == ["a1", "a2"]
    assert cases[0].item == "2.3" and cases[0].release_mentions == ("6.0",) and cases[0].line == 1
    assert cases[1].expect_any == ()

    bad = """\
        - {id: a1, question: x, language: fr, role: agent, style: plain, kind: concept, expect: answer}
        - {id: a1, question: y, language: en, role: agent, style: plain, kind: smalltalk, expect: smalltalk}
        - {id: a1, question: z, language: en, role: agent, style: plain, kind: smalltalk, expect: smalltalk}
        - {id: a4, question: w, language: en, role: boss, style: plain, kind: item, expect: refuse, expect_any: [x]}
        """
    with pytest.raises(BlindSetError) as err:
        load_blind(_write(tmp_path, bad))
    problems = err.value.problems
    assert "blind.yaml: case 0 (line 1): field 'language': must be one of en, es, got 'fr'" in problems
    assert any("case 0" in p and "'expect_any': an expect: answer case needs" in p for p in problems)
    assert any("case 2" in p and "'a1' is also case 1" in p for p in problems)
    assert any("case 3" in p and "'role'" in p for p in problems)
    assert any("case 3" in p and "'item'" in p for p in problems)
    assert any("case 3" in p and "'expect_any': only for expect: answer" in p for p in problems)


def test_shipped_blind_set_loads():
    # Validity only: nothing here looks at how the assistant does on it.
    cases = load_blind(ROOT / "tests" / "blind" / "blind.yaml")
    assert len(cases) >= 320 and len({c.id for c in cases}) == len(cases)


# --- run_blind and the report --------------------------------------------------------------------------


class _ScriptedAssistant:
    def __init__(self, script):
        self.script = script
        self.asked = []

    def answer(self, question, **kwargs):
        self.asked.append((question, kwargs))
        action = self.script[question]
        if isinstance(action, Exception):
            raise action
        return action


def test_run_blind_report_figures_and_misses():
    cite = Citation(1, "cx60-2.3", "CX 6.0", "2.3", "t", "es", "s", "inferred")
    cases = [
        BlindCase("i1", "2.3 en la 6.0", "es", "supervisor", "plain", "item", "answer", "2.3", ("6.0",), ("Gestión del Conocimiento",)),
        BlindCase("i2", "item 2.3", "en", "supervisor", "plain", "item", "answer", "2.3", (), ("Knowledge",)),
        BlindCase("r1", "price?", "en", "agent", "plain", "near_domain", "refuse"),
        BlindCase("r2", "CEO?", "es", "agent", "plain", "near_domain", "refuse"),
        BlindCase("k1", "AHT team", "en", "agent", "plain", "kpi_request", "kpi"),
        BlindCase("s1", "hola", "es", "agent", "plain", "smalltalk", "smalltalk"),
        BlindCase("e1", "boom", "en", "agent", "plain", "concept", "answer", None, (), ("x",)),
    ]
    script = {
        "2.3 en la 6.0": KnowledgeAnswer(question="2.3 en la 6.0", language="es", text="CX 6.0 — 2.3 Gestión del conocimiento", citations=[cite]),
        "item 2.3": NoAnswer(question="item 2.3", language="en", text="I can't answer that", reason="out_of_scope"),
        "price?": NoAnswer(question="price?", language="en", text="I can't answer that", reason="out_of_scope"),
        "CEO?": KnowledgeAnswer(question="CEO?", language="es", text="El CEO ..."),
        "AHT team": KpiAnswer(question="AHT team", language="en", text="AHT 300 s"),
        "hola": HelpAnswer(question="hola", language="en", text="I answer ..."),
        "boom": RuntimeError("kaput"),
    }
    assistant = _ScriptedAssistant(script)
    report = BlindReport(run_blind(assistant, cases), path="b.yaml")
    # asked as a user would: no release, no language (only who asks)
    assert all(set(kwargs) == {"caller"} for _, kwargs in assistant.asked)
    s = report.summary
    assert s["cases"] == 7 and s["errors"] == 1
    assert s["overall"] == {"n": 7, "passed": 3, "rate": 3 / 7}
    assert s["item_lookup"]["all"]["passed"] == 1 and s["item_lookup"]["es"]["rate"] == 1.0
    assert s["refused"]["near_domain"] == {"n": 2, "passed": 1, "rate": 0.5}
    assert s["in_scope_refused"]["all"]["passed"] == 1  # i2
    assert s["kpi_routing"]["all"]["rate"] == 1.0
    assert s["smalltalk"]["all"]["passed"] == 1 and s["smalltalk"]["help"] == 1
    assert s["language_match"]["all"] == {"n": 6, "passed": 5, "rate": 5 / 6}
    assert report.miss_classes() == {"refused_in_scope": 1, "not_refused": 1, "language": 1, "error": 1}
    text = report.format()
    assert "[not_refused] r2 (es, near_domain, plain) 'CEO?'" in text
    assert "no targets" in text
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["blind"] == "b.yaml" and len(data["cases"]) == 7 and data["cases"][0]["passed"] is True


def test_cli_eval_blind_reports_bad_file_and_refuses_check(tmp_path):
    import typer
    from typer.testing import CliRunner

    from assistant.cli.evaluation import register

    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    bad = tmp_path / "b.yaml"
    bad.write_text("- {id: a, question: x, language: fr, role: agent, style: plain, kind: smalltalk, expect: smalltalk}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--blind", "--blind-set", str(bad)])
    assert result.exit_code == 2 and "case 0 (line 1): field 'language'" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(app, ["eval", "--blind", "--check"])
    assert result.exit_code == 2 and "has none" in result.output
