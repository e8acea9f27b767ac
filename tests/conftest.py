"""Fixtures shared by the whole suite.

``core_settings`` / ``assistant`` give every test module the same real Assistant (real model,
real chromadb in a temporary folder, the shipped knowledge base), built once per session because
loading the model and building the index costs seconds on a 2-core machine.
"""

from __future__ import annotations

import pytest

from assistant.base.settings import load_settings


@pytest.fixture(scope="session")
def core_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("copc-var")


@pytest.fixture(scope="session")
def core_settings(core_data_dir):
    return load_settings(data_dir=core_data_dir)


@pytest.fixture(scope="session")
def assistant(core_settings):
    from assistant.composition.assistant import Assistant

    a = Assistant(core_settings)
    a.warm_up()
    return a


# ---------------------------------------------------------------- KPI answers vs audit rows
# Issue 9: "0 KPI answers without an audit row across the whole suite". Every KpiService answer
# that shows numbers, in any test, is checked against the store it was audited in.
@pytest.fixture(scope="session", autouse=True)
def _kpi_answers_are_audited():
    from metrics_adapter.service import KpiService
    from tests.reliability.audit_check import checked

    originals = {name: getattr(KpiService, name) for name in ("answer", "query")}
    for name, fn in originals.items():
        setattr(KpiService, name, checked(fn))
    yield
    for name, fn in originals.items():
        setattr(KpiService, name, fn)


def pytest_terminal_summary(terminalreporter):
    from tests.reliability.audit_check import TOTALS

    if TOTALS["shown"]:
        terminalreporter.write_line(
            f"KPI answers with numbers: {TOTALS['shown']}, with their audit row: {TOTALS['audited']}, "
            f"without: {len(TOTALS['missing'])}")
    for question in TOTALS["missing"][:10]:
        terminalreporter.write_line(f"  no audit row: {question}")


def pytest_sessionfinish(session, exitstatus):
    from tests.reliability.audit_check import TOTALS

    if TOTALS["missing"] and session.exitstatus == 0:
        session.exitstatus = 1
