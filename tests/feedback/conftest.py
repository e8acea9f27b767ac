"""A store per test on SQLite and on the real PostgreSQL (the owners' tables run on both)."""

from __future__ import annotations

import uuid

import pytest

from assistant.base.store import Store
from assistant.composition import tables as _tables  # noqa: F401  (every feature's tables)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'copc.db'}")
        yield s
        s.engine.dispose()
        return
    import sqlalchemy

    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    name = f"copc_owners_{uuid.uuid4().hex[:10]}"
    try:
        admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not available: {exc}")
    s = Store(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    yield s
    s.engine.dispose()
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
