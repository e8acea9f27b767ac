"""The gaps report as text (terminal table, Markdown / Slack mrkdwn), CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from assistant.base.messages import message
from assistant.feedback.report import GapsReport

FORMATS = ("table", "md", "csv", "json")
REASON_KEYS = {
    "wrong": "feedback.reason.wrong",
    "outdated": "feedback.reason.outdated",
    "not_asked": "feedback.reason.not_asked",
    "missing_info": "feedback.reason.missing_info",
    "other": "feedback.reason.other",
}


def reason_label(reason: str, language: str) -> str:
    key = REASON_KEYS.get(reason)
    return message(key, language) if key else reason


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def render(report: GapsReport, fmt: str, language: str = "en") -> str:
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report, language)
    return to_text(report, language, markdown=fmt == "md")


def to_json(report: GapsReport) -> str:
    data = asdict(report)
    data["since"], data["until"] = report.since.isoformat(), report.until.isoformat()
    for row, src in zip(data["rates"], report.rates):
        row["answer_rate"], row["refusal_rate"] = round(src.answer_rate, 4), round(src.refusal_rate, 4)
    for row, src in zip(data["weekly"], report.weekly):
        row["week"], row["answer_rate"] = src.week.isoformat(), round(src.answer_rate, 4)
    if not report.show_people:
        for row in data["downvotes"]:
            row.pop("who", None)
    return json.dumps(data, ensure_ascii=False, indent=1)


def to_csv(report: GapsReport, language: str) -> str:
    """One table: section, key, count, rate, detail (spreadsheet-friendly)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["section", "key", "count", "rate", "detail"])
    for t in report.gaps:
        w.writerow(["gap", " | ".join(f"{k}: {v}" for k, v in t.examples.items()), t.count, "",
                    f"escalated={t.escalated}"])
    for d in report.downvotes:
        detail = "; ".join([reason_label(r, language) for r in d.reasons] + d.comments)
        if report.show_people and d.who:
            detail += f" ({d.who})"
        w.writerow(["downvote", d.question, 1, "", detail])
    for r in report.rates:
        w.writerow(["rate", f"{r.language}/{r.surface}", r.questions, round(r.answer_rate, 4),
                    f"refused={r.refused} escalated={r.escalated}"])
    for wk in report.weekly:
        w.writerow(["week", wk.week.isoformat(), wk.questions, round(wk.answer_rate, 4), ""])
    for a in report.top_topics:
        w.writerow(["topic", a.label, a.count, "", a.entry_id])
    for a in report.top_items:
        w.writerow(["item", a.label, a.count, "", a.entry_id])
    return out.getvalue()


def to_text(report: GapsReport, language: str, *, markdown: bool) -> str:
    m = lambda key, **kw: message(key, language, **kw)  # noqa: E731
    head = (lambda s: f"*{s}*") if markdown else (lambda s: f"== {s} ==")
    bullet = "• " if markdown else "  - "
    lines = [head(m("report.title", since=report.since.date().isoformat(), until=report.until.date().isoformat())),
             m("report.summary", questions=report.questions, gaps=report.gap_questions,
               downvotes=report.downvote_total), ""]
    lines.append(head(m("report.gaps")))
    if not report.gaps:
        lines.append(bullet + m("report.none"))
    for t in report.gaps[:20]:
        examples = " / ".join(f"[{lang}] “{text}”" for lang, text in t.examples.items())
        lines.append(f"{bullet}{t.count}× {examples}" + (f" ({m('report.escalated', n=t.escalated)})" if t.escalated else ""))
    lines += ["", head(m("report.downvotes"))]
    if report.reasons:
        lines.append(bullet + ", ".join(f"{reason_label(r, language)}: {n}" for r, n in report.reasons.items()))
    if not report.downvotes:
        lines.append(bullet + m("report.none"))
    for d in report.downvotes[:20]:
        why = ", ".join(reason_label(r, language) for r in d.reasons) or "—"
        comments = f" — {' / '.join(d.comments)}" if d.comments else ""
        who = f" ({d.who})" if report.show_people and d.who else ""
        lines.append(f"{bullet}“{d.question}” [{d.language}, {d.surface}]: {why}{comments}{who}")
    lines += ["", head(m("report.rates"))]
    for r in report.rates:
        lines.append(f"{bullet}{r.language} · {r.surface}: {r.questions} — "
                     f"{m('report.answered')} {_pct(r.answer_rate)}, {m('report.refused')} {_pct(r.refusal_rate)}, "
                     f"{m('report.escalated', n=r.escalated)}")
    lines += ["", head(m("report.weekly"))]
    for wk in report.weekly:
        lines.append(f"{bullet}{wk.week.isoformat()}: {wk.questions} — {m('report.answered')} {_pct(wk.answer_rate)}")
    lines += ["", head(m("report.top_topics"))]
    lines += [f"{bullet}{a.label}: {a.count}" for a in report.top_topics] or [bullet + m("report.none")]
    lines += ["", head(m("report.top_items"))]
    lines += [f"{bullet}{a.label}: {a.count}" for a in report.top_items] or [bullet + m("report.none")]
    return "\n".join(lines)
