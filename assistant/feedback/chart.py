"""The weekly volume and answer-rate chart as a PNG (matplotlib, headless Agg backend)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on servers; must be chosen before pyplot is imported
import matplotlib.pyplot as plt  # noqa: E402

from assistant.base.messages import message  # noqa: E402
from assistant.feedback.report import WeekRow  # noqa: E402


def weekly_chart_png(weeks: list[WeekRow], language: str = "en") -> bytes:
    """Bars: questions per week; line (right axis): share answered."""
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    try:
        labels = [w.week.isoformat() for w in weeks]
        ax.bar(labels, [w.questions for w in weeks], color="#8fb3d9", label=message("report.questions_axis", language))
        ax.set_ylabel(message("report.questions_axis", language))
        ax.tick_params(axis="x", labelrotation=30)
        rate = ax.twinx()
        rate.plot(labels, [w.answer_rate * 100 for w in weeks], color="#c0392b", marker="o",
                  label=message("report.rate_axis", language))
        rate.set_ylim(0, 100)
        rate.set_ylabel(message("report.rate_axis", language))
        ax.set_title(message("report.chart_title", language))
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
