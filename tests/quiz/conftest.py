"""Fixtures for the refresher/quiz tests: the shipped knowledge base and a real store."""

from __future__ import annotations

import uuid

import pytest

from assistant.config import load_settings
from assistant.kb.loader import load_knowledge
from assistant.store.db import Store


@pytest.fixture(scope="session")
def quiz_settings(tmp_path_factory):
    return load_settings(data_dir=tmp_path_factory.mktemp("quiz-var"))


@pytest.fixture(scope="session")
def kb(quiz_settings):
    # The real, shipped knowledge base: the tests are generic over its content.
    return load_knowledge(quiz_settings.knowledge_dir)


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'quiz.db'}")


@pytest.fixture
def pg_store():
    """A throw-away PostgreSQL database (the store also runs on PostgreSQL in production)."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    name = f"copc_quiz_{uuid.uuid4().hex[:10]}"
    try:
        admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not available: {exc}")
    store = Store(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    yield store
    store.engine.dispose()
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def service(quiz_settings, kb, store):
    from assistant.quiz.service import TrainingService

    return TrainingService(quiz_settings, kb, store)
