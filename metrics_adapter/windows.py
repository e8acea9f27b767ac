"""Reporting windows ("last week", "el mes pasado", "2026-03-01..2026-03-14") as inclusive date ranges.

Dates are local dates in the configured timezone (settings.metrics.timezone): "today" is today
where the operation runs, not in UTC. Weeks start on Monday. "Last N days" means the N complete
days before today (today is still running), as most WFM and BI tools report it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from metrics_adapter.catalog import fold
from metrics_adapter.errors import WindowError

MAX_DAYS = 800  # a window longer than the retention of any realistic source is a typo


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date  # inclusive
    key: str  # kind: today, yesterday, this_week, last_week, this_month, last_month, month, last_n_days, day, range
    today: dt.date
    timezone: str
    compare_to: "Window | None" = None  # "this month vs last month": the period asked to compare with

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def partial(self) -> bool:
        """The period is still running (it includes today)."""
        return self.start <= self.today <= self.end

    def previous(self) -> "Window":
        """The previous equal period: yesterday for today, the same weekdays last week for this week,
        the same days of last month for this month, the previous calendar month for last month,
        otherwise the same number of days immediately before. A period the question named
        ("este mes vs el mes pasado") wins over all of these."""
        if self.compare_to is not None:
            return self.compare_to
        if self.key in ("this_week", "last_week"):
            shift = dt.timedelta(days=7)
            return Window(self.start - shift, self.end - shift, self.key, self.today, self.timezone)
        if self.key == "this_month":
            start = _add_months(self.start, -1)
            last_day = calendar.monthrange(start.year, start.month)[1]
            end = start.replace(day=min(self.end.day, last_day))
            return Window(start, end, "range", self.today, self.timezone)
        if self.key in ("last_month", "month"):
            start = _add_months(self.start, -1)
            end = self.start - dt.timedelta(days=1)
            return Window(start, end, "last_month", self.today, self.timezone)
        shift = dt.timedelta(days=self.days)
        return Window(self.start - shift, self.end - shift, "range", self.today, self.timezone)

    def to_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "timezone": self.timezone, "partial": self.partial}


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return d.replace(year=d.year + y, month=m + 1, day=1)


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in ("june", "july", "mayo", "may")]
_MONTH_NAMES = "|".join(sorted(_FULL_MONTHS, key=len, reverse=True))
_MONTH_NAMES_NOT_MAY = "|".join(sorted((m for m in _FULL_MONTHS if m != "may"), key=len, reverse=True))
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "fourteen": 14,
    "thirty": 30, "ninety": 90, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "diez": 10, "catorce": 14, "treinta": 30, "noventa": 90,
}
_NUM = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"

# A single date: ISO, "march 14[, 2026]", "14 march [2026]", "14 de marzo [de 2026]".
_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:\s+de)?\s+(?:{_MONTH_RE})(?:\s+(?:de\s+|del\s+)?\d{{4}})?)"
)

_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"\b(?:from|between|del|desde(?:\s+el)?|entre(?:\s+el)?)\s+(?P<a>{_DATE})\s+(?:to|and|until|through|al|a|hasta(?:\s+el)?|y(?:\s+el)?)\s+(?P<b>{_DATE})\b"), "range"),
    (re.compile(r"(?P<a>\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|/|to|a)\s*(?P<b>\d{4}-\d{1,2}-\d{1,2})"), "range"),
    # "del 1 al 14 de marzo" / "from march 1 to 14"
    (re.compile(rf"\b(?:del|desde el|entre el)\s+(?P<d1>\d{{1,2}})\s+(?:al|hasta el|y el)\s+(?P<d2>\d{{1,2}})\s+de\s+(?P<m>{_MONTH_RE})(?:\s+(?:de\s+)?(?P<y>\d{{4}}))?\b"), "range_same_month"),
    (re.compile(rf"\b(?:last|past|previous|the last|ultimos|ultimas|pasados|pasadas)\s+{_NUM}\s+(?P<unit>days?|weeks?|dias|semanas)\b"), "last_n"),
    # "today" in everyday forms: "right now", "rn", "this morning", "ahorita", "esta mañana".
    (re.compile(r"\b(?:today|so far today|hoy|el dia de hoy|right now|as of now|rn|this morning|this afternoon|"
                r"ahorita|ahora mismo|en este momento|esta manana|esta tarde)\b"), "today"),
    (re.compile(r"\b(?:yesterday|ayer)\b"), "yesterday"),
    (re.compile(r"\b(?:last week|past week|previous week|la semana pasada|semana pasada|la semana anterior)\b"), "last_week"),
    (re.compile(r"\b(?:this week|week to date|wtd|esta semana|en la semana|lo que va de la semana)\b"), "this_week"),
    (re.compile(r"\b(?:last month|past month|previous month|el mes pasado|mes pasado|el mes anterior)\b"), "last_month"),
    (re.compile(r"\b(?:this month|month to date|mtd|este mes|en el mes|lo que va del mes)\b"), "this_month"),
    (re.compile(rf"\b(?:on\s+|el\s+|for\s+)?(?P<a>{_DATE})\b"), "day"),
    # A month on its own: "in March", "marzo", "March 2025", "el mes de marzo". "may" only with a
    # preposition or a year, since it is also an English verb.
    (re.compile(rf"\b(?:(?:in|for|during|en|durante|de|del)\s+(?:el\s+mes\s+de\s+)?(?P<m1>{_MONTH_NAMES})"
                rf"|(?:el\s+mes\s+de\s+)?(?P<m2>{_MONTH_NAMES_NOT_MAY}))(?:,?\s+(?:de\s+|del\s+)?(?P<y>\d{{4}}))?\b"
                rf"|\b(?P<m3>may)\s+(?P<y3>\d{{4}})\b"), "month"),
]
# Period phrases we do not support: when a question names one, say so instead of quietly using
# the default window.
_UNSUPPORTED = re.compile(
    r"\b(?:(?:this|last|next|previous|past|that)\s+(?:quarter|year|weekend|semester|half)|quarter to date|"
    r"year to date|ytd|qtd|q[1-4]|h[12]|(?:este|el|ultimo|pasado|anterior|esta)\s+(?:trimestre|ano|semestre)|"
    r"el ano pasado|fin de semana|(?:since|desde)\s+(?:monday|tuesday|wednesday|thursday|friday|lunes|martes|"
    r"miercoles|jueves|viernes))\b")
_VERSUS = re.compile(r"^\s*(?:vs\.?|versus|against|compared (?:to|with)|contra|frente a|comparado con)\s*$")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def _parse_date(text: str, today: dt.date) -> dt.date:
    text = text.strip().rstrip(".,")
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            y, m, d = (int(x) for x in text.split("-"))
            return dt.date(y, m, d)
        m1 = re.fullmatch(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", text)
        if m1:
            month, day, year = _MONTHS[m1.group(1)], int(m1.group(2)), m1.group(3)
        else:
            m2 = re.fullmatch(rf"(\d{{1,2}})(?:\s+de)?\s+({_MONTH_RE})(?:\s+(?:de\s+|del\s+)?(\d{{4}}))?", text)
            if not m2:
                raise WindowError(f"unknown date '{text}'")
            day, month, year = int(m2.group(1)), _MONTHS[m2.group(2)], m2.group(3)
        if year is None:
            # A date without a year means the most recent such date (not in the future).
            candidate = dt.date(today.year, month, day)
            return candidate if candidate <= today else dt.date(today.year - 1, month, day)
        return dt.date(int(year), month, day)
    except ValueError as exc:
        if isinstance(exc, WindowError):
            raise
        raise WindowError(f"'{text}' is not a valid date") from None


def find_window(text: str, today: dt.date, timezone: str) -> tuple[Window | None, tuple[int, int] | None]:
    """Find the window phrase in free text (any case/accents). Returns (window, span) or (None, None).

    Two periods joined by "vs"/"compared to" ("este mes vs el mes pasado") compare the first with the
    second; two periods otherwise, or a period phrase we cannot read ("last quarter"), raise
    WindowError so the user is asked rather than answered for another period."""
    folded = fold(text)
    work = folded
    found: list[tuple[int, int, str, re.Match]] = []
    for pattern, kind in _RULES:  # earlier rules are more specific: their matches are taken first
        for m in pattern.finditer(work):
            found.append((m.start(), m.end(), kind, m))
            work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end():]
    unsupported = _UNSUPPORTED.search(work)
    if unsupported:
        raise WindowError(
            f"I can't read the period '{text[unsupported.start():unsupported.end()].strip()}' (try: today, yesterday, "
            "this week, last week, this month, last month, a month name, last 7 days, 2026-03-14, 2026-03-01..2026-03-14)")
    if not found:
        return None, None
    found.sort(key=lambda f: f[0])
    first = found[0]
    window = _build(first[2], first[3], today, timezone)
    if len(found) == 1:
        return window, (first[0], first[1])
    second = found[1]
    if len(found) == 2 and _VERSUS.match(folded[first[1]:second[0]]):
        other = _build(second[2], second[3], today, timezone)
        return Window(window.start, window.end, window.key, window.today, window.timezone, compare_to=other), \
            (first[0], second[1])
    raise WindowError(
        "the question names more than one period; ask for one (\"last week\") or compare two with "
        "\"vs\" (\"this month vs last month\")")


def parse_window(text: str, today: dt.date, timezone: str) -> Window:
    """Parse a window given on its own (CLI --window, catalog default_window)."""
    cleaned = fold(text).strip().replace("_", " ")
    cleaned = re.sub(r"(?<=[a-z])-(?=[a-z0-9])|(?<=\d)-(?=[a-z])", " ", cleaned)  # last-week, last-7-days
    window, span = find_window(cleaned, today, timezone)
    if window is None or span is None or cleaned[: span[0]].strip() or cleaned[span[1]:].strip():
        raise WindowError(
            f"unknown window '{text}' (try: today, yesterday, this week, last week, this month, "
            "last month, last 7 days, 2026-03-14, 2026-03-01..2026-03-14)"
        )
    return window


def _build(kind: str, m: re.Match, today: dt.date, tz: str) -> Window:
    if kind == "today":
        return Window(today, today, "today", today, tz)
    if kind == "yesterday":
        y = today - dt.timedelta(days=1)
        return Window(y, y, "yesterday", today, tz)
    monday = today - dt.timedelta(days=today.weekday())
    if kind == "this_week":
        return Window(monday, today, "this_week", today, tz)
    if kind == "last_week":
        return Window(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "last_week", today, tz)
    first = today.replace(day=1)
    if kind == "this_month":
        return Window(first, today, "this_month", today, tz)
    if kind == "last_month":
        return Window(_add_months(first, -1), first - dt.timedelta(days=1), "last_month", today, tz)
    if kind == "last_n":
        n = _number(m.group(1)) * (7 if m.group("unit").startswith(("week", "semana")) else 1)
        if not 1 <= n <= MAX_DAYS:
            raise WindowError(f"a window must be between 1 and {MAX_DAYS} days")
        end = today - dt.timedelta(days=1)
        return Window(end - dt.timedelta(days=n - 1), end, "last_n_days", today, tz)
    if kind == "day":
        d = _parse_date(m.group("a"), today)
        return _checked(Window(d, d, "day", today, tz))
    if kind == "range":
        a, b = _parse_date(m.group("a"), today), _parse_date(m.group("b"), today)
        return _checked(Window(min(a, b), max(a, b), "range", today, tz))
    if kind == "month":
        name = m.group("m1") or m.group("m2") or m.group("m3")
        year = m.group("y") or m.group("y3")
        month = _MONTHS[name]
        if year is None:
            # The most recent such month: this month (still running) or one in the past year.
            year_i = today.year if month <= today.month else today.year - 1
        else:
            year_i = int(year)
        start = dt.date(year_i, month, 1)
        if (start.year, start.month) == (today.year, today.month):
            return Window(start, today, "this_month", today, tz)
        end = _add_months(start, 1) - dt.timedelta(days=1)
        return _checked(Window(start, end, "month", today, tz))
    if kind == "range_same_month":
        month, year = _MONTHS[m.group("m")], m.group("y")
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        a = _parse_date(f"{d1} {m.group('m')}" + (f" {year}" if year else ""), today)
        try:
            b = a.replace(day=d2)
        except ValueError:
            raise WindowError(f"day {d2} does not exist in that month") from None
        del month
        return _checked(Window(min(a, b), max(a, b), "range", today, tz))
    raise AssertionError(kind)  # pragma: no cover


def _checked(w: Window) -> Window:
    if w.start > w.today:
        raise WindowError(f"{w.start.isoformat()} is in the future: there are no numbers for it yet")
    if w.days > MAX_DAYS:
        raise WindowError(f"a window must be between 1 and {MAX_DAYS} days")
    if w.end > w.today:
        # "from March 1 to March 31" asked on March 20: report up to today, marked as running.
        return Window(w.start, w.today, w.key, w.today, w.timezone)
    return w
