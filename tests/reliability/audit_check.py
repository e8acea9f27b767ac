"""Suite-wide accounting: every KPI answer that shows numbers must have its audit row.

tests/conftest.py wraps KpiService.answer/query for the whole session with ``checked``; each answer
with numbers is looked up by the audit row id it carries, in the store it was written to, right
after it was produced. The totals are printed at the end and any miss fails the run.
"""

from __future__ import annotations

import functools
from typing import Any

TOTALS: dict[str, Any] = {"shown": 0, "audited": 0, "missing": []}


def has_audit_row(store, answer) -> bool:
    from metrics_adapter.audit import KpiAuditEntry

    audit_id = getattr(answer, "audit_id", None)
    if audit_id is None:
        return False
    with store.session() as s:
        row = s.get(KpiAuditEntry, audit_id)
        return row is not None and row.allowed and row.outcome in ("ok", "no_data")


def checked(fn):
    @functools.wraps(fn)
    def inner(self, *args, **kwargs):
        answer = fn(self, *args, **kwargs)
        if answer.metrics:
            TOTALS["shown"] += 1
            if has_audit_row(self.store, answer):
                TOTALS["audited"] += 1
            else:
                TOTALS["missing"].append(answer.question[:80])
        return answer

    return inner
