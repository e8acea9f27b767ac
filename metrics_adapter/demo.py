"""Deterministic demo contact-centre data: 6 teams on an English (Austin) and a Spanish (Monterrey)
site, 66 agents, 190 days ending today.

Raw daily facts, the way an ACD/WFM/QA export delivers them (never pre-computed percentages):
  queue_daily      per team and day: offered, answered, answered within the team's threshold,
                   abandoned, total wait of answered contacts, forecast contacts
  agent_daily      per agent and day worked: contacts handled, talk/hold/after-call/idle seconds,
                   first-contact outcomes, quality evaluations and those with a critical error,
                   survey answers and top-two-box answers, scheduled/adherent/absent minutes
  headcount_daily  per team and day: headcount and leavers
plus `teams` and `agents`. Every value comes from a random generator seeded by (team, agent, day),
so the same day always has the same numbers and regenerating tomorrow only appends a day.
The stories below are functions of the calendar date, anchored at STORY_ANCHOR (not at the end
of the generated period): a past day keeps its numbers whichever day the demo is generated on.
Each story keeps going, at the same pace, for a while after the anchor and then levels off.

Visible stories for demos: Atlas's service level and abandonment deteriorate over the last six
weeks (volume outgrowing staffing); Halcón's AHT falls steadily (coaching programme); Orion's FCR
improves over the last 90 days; Cóndor has high absenteeism and attrition; Quetzal's CSAT dips in
the last three weeks.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import random
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Column, Date, Integer, MetaData, PrimaryKeyConstraint, String, Table, create_engine, inspect, select, text,
)
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

DEMO_DAYS = 190
DEMO_VERSION = "4"
# The stories' reference day: "the last six weeks", "the last 90 days" are counted back from here.
STORY_ANCHOR = dt.date(2026, 11, 23)
STORY_OVERRUN = 0.5  # after the anchor a trend continues until it has moved this much further, then levels off
DEMO_FILE = "metrics_demo.sqlite"
_WEEKDAY_VOLUME = [1.18, 1.08, 1.0, 1.0, 0.95, 0.62, 0.48]  # Monday .. Sunday


@dataclass(frozen=True)
class TeamSpec:
    id: str
    name: str
    site: str
    language: str
    threshold_s: int
    agents: tuple[str, ...]
    aht: float  # seconds at the end of the period
    aht_start: float | None = None  # linear trend from this value (start of the period)
    fcr: float = 0.75
    fcr_start: float | None = None  # trend over the last 90 days
    csat: float = 0.86
    csat_dip: float = 0.0  # drop over the last 21 days
    critical_error_rate: float = 0.04
    adherence: float = 0.93
    absence_rate: float = 0.03
    leave_rate: float = 0.0008  # per person per day
    sl: float = 0.84
    pressure_ramp: float = 0.0  # extra queue pressure reached at the end of the last 42 days


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("phoenix", "Phoenix", "Austin", "en", 20,
             ("Maya Chen", "Tom Walsh", "Aisha Johnson", "Ryan O'Neill", "Grace Park", "Daniel Brooks",
              "Olivia Carter", "Ethan Price", "Sofia Russo", "Liam Foster", "Hannah Lee", "Noah Bennett"),
             aht=335, fcr=0.78, csat=0.88, critical_error_rate=0.03, sl=0.86),
    TeamSpec("atlas", "Atlas", "Austin", "en", 20,
             ("Jordan Miles", "Emily Stone", "Marcus Bell", "Chloe Adams", "Kevin Nguyen", "Rachel Green",
              "Samuel Ortiz", "Megan Hughes", "Tyler Ross", "Ava Morgan", "Brandon Cole"),
             aht=350, fcr=0.74, csat=0.85, sl=0.85, pressure_ramp=0.30),
    TeamSpec("orion", "Orion", "Austin", "en", 20,
             ("Nina Patel", "Chris Howard", "Zoe Turner", "Jason Kim", "Lily Evans", "Adam Clarke",
              "Isabel Wright", "Owen Murphy", "Ruby Shaw", "Caleb Young"),
             aht=345, fcr=0.78, fcr_start=0.67, csat=0.86, sl=0.83),
    TeamSpec("halcon", "Halcón", "Monterrey", "es", 30,
             ("María Fernanda López", "José Luis Garza", "Daniela Treviño", "Luis Ángel Salinas",
              "Ximena Cantú", "Jorge Villarreal", "Valeria Rodríguez", "Carlos Elizondo", "Paola Martínez",
              "Diego Hernández", "Andrea González", "Ricardo Leal"),
             aht=385, aht_start=455, fcr=0.73, csat=0.87, sl=0.82),
    TeamSpec("condor", "Cóndor", "Monterrey", "es", 30,
             ("Fernanda Castillo", "Héctor Ramos", "Mariana Quintero", "Alejandro Peña", "Lucía Benavides",
              "Sergio Domínguez", "Camila Ríos", "Eduardo Sáenz", "Natalia Flores", "Óscar Medina",
              "Regina Torres"),
             aht=405, fcr=0.71, csat=0.84, critical_error_rate=0.06, adherence=0.90,
             absence_rate=0.075, leave_rate=0.0022, sl=0.80),
    TeamSpec("quetzal", "Quetzal", "Monterrey", "es", 30,
             ("Gabriela Morales", "Juan Pablo Reyes", "Sofía Garza", "Miguel Ángel Cruz", "Renata Silva",
              "Emilio Vargas", "Isabela Navarro", "Tomás Aguilar", "Victoria Luna", "Andrés Paredes"),
             aht=395, fcr=0.75, csat=0.88, csat_dip=0.10, sl=0.83),
)

# Days off per roster position: weekends are thinner because volume is.
_DAYS_OFF = [(5, 6), (6, 0), (5, 6), (0, 1), (5, 6), (1, 2), (6, 0), (2, 3), (5, 6), (3, 4), (4, 5), (5, 6)]


def agent_id(team: TeamSpec, index: int) -> str:
    return f"{team.id[:3]}-{index + 1:02d}"


def _rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("|".join(str(p) for p in parts).encode()))


def _binom(r: random.Random, n: int, p: float) -> int:
    p = min(max(p, 0.0), 1.0)
    if n <= 0:
        return 0
    if n <= 40:
        return sum(1 for _ in range(n) if r.random() < p)
    value = round(r.gauss(n * p, math.sqrt(n * p * (1 - p))))
    return min(max(value, 0), n)


def _clamp(x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


def metadata(schema: str | None = None) -> MetaData:
    md = MetaData(schema=schema)
    Table("teams", md, Column("team_id", String(40), primary_key=True), Column("name", String(80), nullable=False),
          Column("site", String(80)), Column("language", String(2)), Column("sl_threshold_seconds", Integer))
    Table("agents", md, Column("agent_id", String(64), primary_key=True), Column("name", String(120), nullable=False),
          Column("team_id", String(40), nullable=False, index=True))
    Table("queue_daily", md,
          Column("day", Date, nullable=False), Column("team_id", String(40), nullable=False),
          *(Column(c, Integer, nullable=False) for c in (
              "offered", "answered", "answered_in_threshold", "abandoned", "wait_seconds", "forecast_contacts")),
          PrimaryKeyConstraint("team_id", "day"))
    Table("agent_daily", md,
          Column("day", Date, nullable=False), Column("team_id", String(40), nullable=False),
          Column("agent_id", String(64), nullable=False),
          *(Column(c, Integer, nullable=False) for c in (
              "handled", "talk_seconds", "hold_seconds", "acw_seconds", "idle_seconds", "fcr_cases", "fcr_resolved",
              "qa_evaluations", "qa_critical_errors", "survey_responses", "survey_top2", "scheduled_minutes",
              "adherent_minutes", "unplanned_absence_minutes")),
          PrimaryKeyConstraint("agent_id", "day"))
    Table("headcount_daily", md,
          Column("day", Date, nullable=False), Column("team_id", String(40), nullable=False),
          Column("headcount", Integer, nullable=False), Column("leavers", Integer, nullable=False),
          PrimaryKeyConstraint("team_id", "day"))
    Table("demo_meta", md, Column("key", String(40), primary_key=True), Column("value", String(80)))
    # Team-and-date lookups are what every KPI query does.
    from sqlalchemy import Index

    Index("ix_agent_daily_team_day", md.tables[_q(schema, "agent_daily")].c.team_id, md.tables[_q(schema, "agent_daily")].c.day)
    return md


def _q(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def _story_age(day: dt.date) -> int:
    """Days before STORY_ANCHOR (negative after it). Trends depend on this, never on the generation date."""
    return (STORY_ANCHOR - day).days


def _trend(start: float, end: float, age: int, span: int) -> float:
    """``start`` at ``span`` days before the anchor, ``end`` at the anchor, linear in between and
    continuing past the anchor until STORY_OVERRUN of the change more, then flat."""
    progress = _clamp(1 - age / span, 0.0, 1 + STORY_OVERRUN)
    return start + (end - start) * progress


def _agent_day(team: TeamSpec, idx: int, day: dt.date) -> dict | None:
    """One agent's day, or None on a day off."""
    if day.weekday() in _DAYS_OFF[idx % len(_DAYS_OFF)]:
        return None
    a = _rng("agent-skill", team.id, idx)  # stable per-agent character
    skill_aht, skill_fcr = a.gauss(1.0, 0.08), a.gauss(0.0, 0.03)
    skill_csat, skill_adh = a.gauss(0.0, 0.025), a.gauss(0.0, 0.02)
    r = _rng("agent-day", team.id, idx, day.isoformat())

    scheduled = 480
    if r.random() < team.absence_rate:
        absence = scheduled
    elif r.random() < 0.03:
        absence = r.choice((60, 120, 180, 240))
    else:
        absence = 0
    present = scheduled - absence
    row = dict(day=day, team_id=team.id, agent_id=agent_id(team, idx), scheduled_minutes=scheduled,
               unplanned_absence_minutes=absence)
    zeros = ("handled", "talk_seconds", "hold_seconds", "acw_seconds", "idle_seconds", "fcr_cases", "fcr_resolved",
             "qa_evaluations", "qa_critical_errors", "survey_responses", "survey_top2", "adherent_minutes")
    if present == 0:
        return row | {k: 0 for k in zeros}

    adherent = round(present * _clamp(r.gauss(team.adherence + skill_adh, 0.025), 0.6, 1.0))
    age = _story_age(day)
    team_aht = team.aht if team.aht_start is None else _trend(team.aht_start, team.aht, age, DEMO_DAYS - 1)
    aht = _clamp(team_aht * skill_aht * r.gauss(1.0, 0.06), 150, 900)
    productive = present * 60 * 0.88  # breaks, lunch and coaching are not available time
    occ = _clamp(r.gauss(0.84 * _WEEKDAY_VOLUME[day.weekday()] ** 0.35, 0.04), 0.45, 0.96)
    handled = max(int(productive * occ / aht), 0)
    handle = handled * aht
    talk, hold = round(handle * 0.73), round(handle * 0.07)
    acw = round(handle) - talk - hold
    idle = max(round(productive - handle), 0)

    fcr_p = team.fcr if team.fcr_start is None else _trend(team.fcr_start, team.fcr, age, 90)
    csat_p = _trend(team.csat, team.csat - team.csat_dip, age, 21)
    evaluations = 2 if r.random() < 0.12 else 1 if r.random() < 0.62 else 0
    responses = _binom(r, handled, 0.12)
    return row | dict(
        handled=handled, talk_seconds=talk, hold_seconds=hold, acw_seconds=acw, idle_seconds=idle,
        fcr_cases=handled, fcr_resolved=_binom(r, handled, fcr_p + skill_fcr),
        qa_evaluations=evaluations, qa_critical_errors=_binom(r, evaluations, team.critical_error_rate),
        survey_responses=responses, survey_top2=_binom(r, responses, csat_p + skill_csat),
        adherent_minutes=adherent,
    )


def _queue_day(team: TeamSpec, day: dt.date, answered: int) -> dict:
    r = _rng("queue-day", team.id, day.isoformat())
    pressure = _trend(1.0, 1.0 + team.pressure_ramp, _story_age(day), 42)
    pressure *= _clamp(r.gauss(1.0, 0.05), 0.85, 1.2) * (1.04 if day.weekday() == 0 else 1.0)
    abandon_rate = _clamp(0.032 * pressure**4, 0.005, 0.30)
    offered = round(answered / (1 - abandon_rate)) if answered else 0
    sl_p = _clamp(team.sl / pressure**1.1, 0.2, 0.99)
    in_threshold = _binom(r, answered, sl_p / (1 - abandon_rate))
    asa = _clamp(16 * pressure**5 * r.gauss(1.0, 0.1), 3, 600)
    noise = 0.08 if day.weekday() >= 5 else 0.045
    return dict(day=day, team_id=team.id, offered=offered, answered=answered, answered_in_threshold=in_threshold,
                abandoned=offered - answered, wait_seconds=round(answered * asa),
                forecast_contacts=max(round(offered * r.gauss(1.0, noise)), 0))


def _leavers(team: TeamSpec, day: dt.date) -> int:
    r = _rng("leavers", team.id, day.isoformat())
    return _binom(r, len(team.agents) + 2, team.leave_rate)


def generate(end: dt.date, days: int = DEMO_DAYS) -> dict[str, list[dict]]:
    """All demo rows for the ``days`` days ending on ``end`` (inclusive)."""
    out: dict[str, list[dict]] = {"teams": [], "agents": [], "queue_daily": [], "agent_daily": [], "headcount_daily": []}
    for team in TEAMS:
        out["teams"].append(dict(team_id=team.id, name=team.name, site=team.site, language=team.language,
                                 sl_threshold_seconds=team.threshold_s))
        out["agents"] += [dict(agent_id=agent_id(team, i), name=n, team_id=team.id) for i, n in enumerate(team.agents)]
        roster = len(team.agents) + 2  # two more on the payroll than on the phones (leads, floor support)
        for age in range(days - 1, -1, -1):
            day = end - dt.timedelta(days=age)
            answered = 0
            for i in range(len(team.agents)):
                row = _agent_day(team, i, day)
                if row is not None:
                    out["agent_daily"].append(row)
                    answered += row["handled"]
            out["queue_daily"].append(_queue_day(team, day, answered))
            # Vacancies are refilled after 21 days, so headcount dips after each leaver.
            open_roles = sum(_leavers(team, day - dt.timedelta(days=k)) for k in range(1, 22))
            out["headcount_daily"].append(dict(day=day, team_id=team.id, headcount=max(roster - open_roles, 1),
                                               leavers=_leavers(team, day)))
    return out


def load_demo(engine: Engine, *, schema: str | None = None, end: dt.date, days: int = DEMO_DAYS) -> None:
    """(Re)create the demo tables in ``engine`` (optionally in ``schema``) and fill them."""
    md = metadata(schema)
    rows = generate(end, days)
    with engine.begin() as conn:
        if schema and engine.dialect.name != "sqlite":
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))  # schema name validated by settings
        md.drop_all(conn)
        md.create_all(conn)
        for name, table_rows in rows.items():
            if table_rows:
                conn.execute(md.tables[_q(schema, name)].insert(), table_rows)
        meta = md.tables[_q(schema, "demo_meta")]
        conn.execute(meta.insert(), [dict(key="version", value=DEMO_VERSION), dict(key="through", value=end.isoformat())])


_lock = threading.Lock()


def demo_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DEMO_FILE}"


def _current(path: Path, end: dt.date) -> bool:
    if not path.is_file():
        return False
    engine = create_engine(f"sqlite:///{path}")
    try:
        if "demo_meta" not in inspect(engine).get_table_names():
            return False
        md = metadata()
        with engine.connect() as conn:
            meta = dict(conn.execute(select(md.tables["demo_meta"])).all())
        return meta.get("version") == DEMO_VERSION and meta.get("through") == end.isoformat()
    except Exception:  # a corrupt or foreign file is simply rebuilt
        return False
    finally:
        engine.dispose()


def ensure_demo_db(data_dir: Path, today: dt.date) -> str:
    """Create or refresh the embedded demo database so it ends ``today``; return its URL."""
    path = data_dir / DEMO_FILE
    with _lock:
        if not _current(path, today):
            data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.unlink(missing_ok=True)
            log.info("building demo metrics database %s (through %s)", path, today)
            engine = create_engine(f"sqlite:///{tmp}")
            try:
                load_demo(engine, end=today)
            finally:
                engine.dispose()
            os.replace(tmp, path)  # atomic: readers never see a half-built file
    return demo_url(data_dir)
