"""SQL source through SQLAlchemy: the embedded SQLite demo, PostgreSQL, or any warehouse with a dialect.

Queries are built with SQLAlchemy Core: table and column names come only from the governed
catalog (validated identifiers), and every value (team, agent, dates) is a bound parameter.
Metrics that live in the same table are computed in one query per window.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import defaultdict

from sqlalchemy import and_, bindparam, column, create_engine, func, literal_column, select, table
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from metrics_adapter.catalog import Metric, SqlCompute
from metrics_adapter.errors import SourceUnavailable
from metrics_adapter.windows import Window
from metrics_adapter.sources.base import Scope, ratio_value

log = logging.getLogger(__name__)


class SqlSource:
    kind = "sql"

    def __init__(self, name: str, url: str, *, schema: str | None = None, timeout_seconds: float = 5.0,
                 team_ids: dict[str, str] | None = None):
        self.name = name
        self.schema = schema
        self.team_ids = team_ids or {}
        self._url = url
        self._timeout = timeout_seconds
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            url = make_url(self._url)
            connect_args: dict = {}
            if url.get_backend_name() == "postgresql":
                # Fail fast when the server is unreachable instead of waiting for the OS TCP timeout.
                connect_args["connect_timeout"] = max(1, int(self._timeout + 0.999))
            elif url.get_backend_name() == "sqlite":
                connect_args["timeout"] = self._timeout  # wait for a writer's lock this long at most
            self._engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def fetch(self, metrics: list[Metric], scope: Scope, window: Window, deadline: float) -> dict[str, float | None]:
        groups: dict[tuple, list[Metric]] = defaultdict(list)
        for m in metrics:
            c = m.compute.sql
            assert c is not None, f"metric {m.id} has no sql computation"  # checked at start
            groups[(c.table, c.date_column, c.team_column, c.agent_column if scope.agent_id else None)].append(m)
        out: dict[str, float | None] = {}
        try:
            with self.engine.connect() as conn:
                raw = self._limit(conn, deadline)
                try:
                    for (tbl, date_col, team_col, agent_col), group in groups.items():
                        out.update(self._query(conn, tbl, date_col, team_col, agent_col, group, scope, window))
                finally:
                    if raw is not None:
                        raw.set_progress_handler(None, 0)
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None) or exc
            # Driver messages name host and table at most; SQLAlchemy never prints the password.
            raise SourceUnavailable(self.name, f"{type(orig).__name__}: {str(orig).splitlines()[0][:200]}") from None
        except (ImportError, OSError) as exc:  # a driver missing, a file that cannot be opened
            raise SourceUnavailable(self.name, f"{type(exc).__name__}: {str(exc)[:200]}") from None
        return out

    def _query(self, conn: Connection, tbl: str, date_col: str, team_col: str, agent_col: str | None,
               group: list[Metric], scope: Scope, window: Window) -> dict[str, float | None]:
        t = table(tbl, column(date_col), column(team_col), *([column(agent_col)] if agent_col else []), schema=self.schema)
        cols = []
        for i, m in enumerate(group):
            c: SqlCompute = m.compute.sql  # type: ignore[assignment]
            den_agg = func.avg if c.denominator_aggregate == "avg" else func.sum
            cols.append(func.sum(literal_column(f"({c.numerator})")).label(f"n{i}"))
            cols.append(den_agg(literal_column(f"({c.denominator})")).label(f"d{i}"))
        where = [
            t.c[team_col] == bindparam("team", self.team_ids.get(scope.team_id, scope.team_id)),
            t.c[date_col] >= bindparam("start", window.start),
            t.c[date_col] <= bindparam("end", window.end),
        ]
        if agent_col:
            where.append(t.c[agent_col] == bindparam("agent", scope.agent_id))
        row = conn.execute(select(*cols).select_from(t).where(and_(*where))).one()
        return {
            m.id: ratio_value(m, row[2 * i], row[2 * i + 1], complement=m.compute.sql.complement)  # type: ignore[union-attr]
            for i, m in enumerate(group)
        }

    # --- per-query time limits, where the engine supports them ---
    @staticmethod
    def _limit(conn: Connection, deadline: float) -> sqlite3.Connection | None:
        remaining_ms = max(int((deadline - time.monotonic()) * 1000), 1)
        dialect = conn.dialect.name
        if dialect == "postgresql":
            # is_local: the limit ends with this transaction, so pooled connections come back clean.
            conn.execute(select(func.set_config("statement_timeout", str(remaining_ms), True)))
        elif dialect == "mysql":
            conn.exec_driver_sql(f"SET SESSION max_execution_time = {remaining_ms}")
        elif dialect == "sqlite":
            raw = conn.connection.driver_connection
            if isinstance(raw, sqlite3.Connection):
                # The progress handler runs every N VM steps; a non-zero return aborts the query.
                raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
                return raw
        return None
