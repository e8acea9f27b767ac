"""KPI fixtures (tests/fixtures/kpi.py) for every test of the KPI feature."""
from tests.fixtures.kpi import *  # noqa: F401,F403
