"""Training fixtures (tests/fixtures/training.py) for every test of refreshers and quizzes."""
from tests.fixtures.training import *  # noqa: F401,F403
