"""Trend charts as PNG (matplotlib, Agg backend: no display, thread-safe with its own Figure) and the
same points as a text table and alt text, in the asker's language with the units of the KPI cards.

    png = render_png(series, "es")     # bytes of a PNG
    table = text_table(series, "es")   # monospace table for the message
    alt = alt_text(series, "es")       # one-paragraph description for screen readers
"""

from __future__ import annotations

import io
import threading

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: never open a window on a server

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from assistant.base.messages import message  # noqa: E402
from assistant.base.units import format_change, format_target, format_value  # noqa: E402

from metrics_adapter.trend import TrendPoint, TrendSeries  # noqa: E402

_MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "es": "ene feb mar abr may jun jul ago sep oct nov dic".split(),
}
# Font caches and the text layout engine are shared module state; one render at a time is safe
# and still fast (a render takes tens of milliseconds).
_LOCK = threading.Lock()
GOOD, LINE, TARGET, PARTIAL = "#d8f0dc", "#1f5fa8", "#b03a2e", "#8a8a8a"


def _day(d, language: str) -> str:
    month = _MONTHS["es" if language == "es" else "en"][d.month - 1]
    return f"{d.day} {month}" if language == "es" else f"{month} {d.day}"


def point_label(p: TrendPoint, granularity: str, language: str) -> str:
    label = _day(p.start, language)
    if granularity == "week":
        label = message("chart.week_of", language, date=label)
    return label


def title(series: TrendSeries, language: str) -> str:
    key = "chart.title_weekly" if series.granularity == "week" else "chart.title_daily"
    return message(key, language, metric=series.metric.name(language), team=series.team_name,
                   start=(series.points[0].start if series.points else series.window.start).isoformat(),
                   end=(series.points[-1].end if series.points else series.window.end).isoformat())


def _direction_note(series: TrendSeries, language: str) -> str:
    return message("chart.better_higher" if series.metric.direction == "higher" else "chart.better_lower", language)


def render_png(series: TrendSeries, language: str, *, dpi: int = 100) -> bytes:
    unit = series.metric.unit
    # Fixed margins instead of a layout engine: the labels' sizes are known, and the constrained
    # layout solver costs about a third of the render.
    fig = Figure(figsize=(8, 4.2), dpi=dpi)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.91, bottom=0.2)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    xs = list(range(len(series.points)))
    ys = [p.value for p in series.points]
    whole = [(x, y) for x, y, p in zip(xs, ys, series.points) if y is not None and not p.partial]
    partial = [(x, y) for x, y, p in zip(xs, ys, series.points) if y is not None and p.partial]
    ax.plot(xs, [float("nan") if y is None else y for y in ys], color=LINE, linewidth=2, zorder=3)
    if whole:
        ax.scatter(*zip(*whole), color=LINE, s=28, zorder=4)
    if partial:
        ax.scatter(*zip(*partial), facecolors="white", edgecolors=LINE, s=48, linewidths=2, zorder=5,
                   label=message("chart.partial", language))
    values = [y for y in ys if y is not None] + ([series.target] if series.target is not None else [])
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((high - low) * 0.15, abs(high) * 0.02, 1.0)
    ax.set_ylim(low - pad, high + pad)
    if series.target is not None:
        t = series.target
        ax.axhline(t, color=TARGET, linestyle="--", linewidth=1.5, zorder=2,
                   label=message("chart.target", language, target=format_target(t, unit, language, "compact")))
        top, bottom = ax.get_ylim()[1], ax.get_ylim()[0]
        ax.axhspan(t, top, color=GOOD, zorder=0) if series.metric.direction == "higher" else \
            ax.axhspan(bottom, t, color=GOOD, zorder=0)
        ax.set_ylim(bottom, top)
    ax.set_xticks(xs, [point_label(p, series.granularity, language) for p in series.points],
                  rotation=45 if len(xs) > 8 else 0, ha="right" if len(xs) > 8 else "center", fontsize=8)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(v, unit, language, "compact")))
    # The axis unit is what the tick labels show: m:ss from a minute up, plain seconds below.
    axis_key = ("chart.axis_percent" if str(unit) == "percent"
                else "chart.axis_seconds" if high + pad >= 60 else "chart.axis_seconds_short")
    ax.set_ylabel(message(axis_key, language, metric=series.metric.name(language)))
    ax.set_xlabel(message("chart.axis_week" if series.granularity == "week" else "chart.axis_day", language))
    ax.set_title(title(series, language), fontsize=11)
    ax.grid(axis="y", color="#e4e4e4", zorder=1)
    ax.legend(loc="best", fontsize=8, title=_direction_note(series, language), title_fontsize=8, frameon=False)
    buf = io.BytesIO()
    with _LOCK:
        fig.savefig(buf, format="png")
    return buf.getvalue()


def text_table(series: TrendSeries, language: str) -> str:
    """``period  value  vs target`` rows in a code block (the accessible twin of the chart)."""
    unit = series.metric.unit
    head = (message("chart.col_period", language), message("chart.col_value", language),
            message("chart.col_vs_target", language))
    rows = []
    for p in series.points:
        label = point_label(p, series.granularity, language) + (" *" if p.partial else "")
        if p.value is None or series.target is None:
            gap = "—"
        else:
            gap = format_change(p.value - series.target, unit, language, "compact")
        rows.append((label, format_value(p.value, unit, language, "compact"), gap))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [head, *rows]]
    if any(p.partial for p in series.points):
        lines.append(message("chart.partial_note", language))
    return "\n".join(lines)


def alt_text(series: TrendSeries, language: str) -> str:
    unit = series.metric.unit
    vals = [p for p in series.points if p.value is not None]
    if not vals:
        return message("chart.alt_empty", language, title=title(series, language))
    first, last = vals[0], vals[-1]
    return message(
        "chart.alt", language, title=title(series, language), n=len(series.points),
        first=format_value(first.value, unit, language, "compact"),
        last=format_value(last.value, unit, language, "compact"),
        target=format_target(series.target, unit, language, "compact"),
        better=_direction_note(series, language),
    )[:1000]
