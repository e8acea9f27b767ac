"""Following metrics from Slack: "/copc follow aht phoenix weekly", "/copc seguir nivel de servicio de mi
equipo diario", "/copc alert aht phoenix above 6:30", "/copc following", "/copc unfollow 3".

Words that set how (cadence, "at 9:00", "here" for this channel, "with chart") are taken out first;
the rest is read by the KPI question parser (catalog names and aliases, team names, "my team").
A follow is refused unless the person may see every team in it now; a channel digest says that it
uses its creator's rights. Every answer is one short message in the person's language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant.base.messages import message
from assistant.base.text import fold_name

from assistant.digests.subscriptions import Subscriptions

_FOLLOW = re.compile(r"^(follow|seguir|suscribir(?:me)?(?: a)?|subscribe(?: to)?)\b\s*")
_ALERT = re.compile(r"^(alert|alerta|avisame|alert me)\b\s*")
_LIST = re.compile(r"^(following|siguiendo|mis seguimientos|que sigo|subscriptions|suscripciones)\W*$")
_UNFOLLOW = re.compile(r"^(unfollow|dejar de seguir|dejar|unsubscribe|cancelar)\b\s*")
_CADENCE = re.compile(r"\b(daily|every day|diari[oa]|cada dia|todos los dias|weekly|every week|semanal|cada semana)\b")
_AT = re.compile(r"\b(?:at|a las|a la)\s+([01]?\d|2[0-3])(?::([0-5]\d))?\s*(am|pm|h)?\b")
_HERE = re.compile(r"\b(here|in this channel|to this channel|aqui|en este canal|a este canal)\b")
_CHART = re.compile(r"\b(with (?:a )?charts?|con graficas?|con grafico)\b")
_RULE = re.compile(
    r"\b(?:(?P<missed>missed|misses|below target|incumple|no cumple|bajo la meta)\s+(?:for\s+|por\s+)?(?P<n>\d{1,2})\s*(?:days?|dias)"
    r"|(?P<change>change|changes|moves|cambia|cambio)\s+(?:by\s+|de\s+|en\s+)?(?P<x>\d+(?:[.,]\d+)?)"
    r"|(?P<dir>above|over|below|under|encima de|arriba de|debajo de|por debajo de|por encima de)\s+(?P<t>\d{1,3}(?::\d{2}|[.,]\d+)?)\s*%?)")


@dataclass
class Parsed:
    cadence: str
    at: str
    here: bool
    chart: bool
    rest: str
    rule: str | None = None
    rule_value: float | None = None


def _number(token: str) -> float:
    if ":" in token:
        minutes, seconds = token.split(":")
        return int(minutes) * 60 + int(seconds)  # 6:30 is a time in m:ss, as the cards show it
    return float(token.replace(",", "."))


def _parse(folded: str, default_at: str) -> Parsed:
    cadence = "daily"
    m = _CADENCE.search(folded)
    if m and m.group(1).startswith(("weekly", "every week", "semanal", "cada semana")):
        cadence = "weekly"
    at = default_at
    t = _AT.search(folded)
    if t:
        hour, minute = int(t.group(1)), int(t.group(2) or 0)
        if t.group(3) == "pm" and hour < 12:
            hour += 12
        at = f"{hour:02d}:{minute:02d}"
    parsed = Parsed(cadence, at, bool(_HERE.search(folded)), bool(_CHART.search(folded)), folded)
    r = _RULE.search(folded)
    if r:
        if r.group("missed"):
            parsed.rule, parsed.rule_value = "missed_days", float(r.group("n"))
        elif r.group("change"):
            parsed.rule, parsed.rule_value = "change", _number(r.group("x"))
        else:
            parsed.rule = "above" if r.group("dir") in ("above", "over", "encima de", "arriba de", "por encima de") else "below"
            parsed.rule_value = _number(r.group("t"))
    rest = folded
    for pattern in (_RULE, _CADENCE, _AT, _HERE, _CHART):
        rest = pattern.sub(" ", rest)
    parsed.rest = re.sub(r"\s+", " ", rest).strip()
    return parsed


class FollowCommands:
    """The follow/unfollow/following/alert commands; ``handle`` returns None for anything else."""

    def __init__(self, kpi, store, settings):
        self.kpi = kpi
        self.subscriptions = Subscriptions(store)
        self.settings = settings

    def handle(self, text: str, *, user: str, channel: str | None, language: str) -> str | None:
        # Accents and case only: "6:30" and "9:00" must keep their colon.
        folded = re.sub(r"\s+", " ", fold_name(text or "")).strip().rstrip("?.!")
        if _LIST.match(folded):
            return self._list(user, language)
        m = _UNFOLLOW.match(folded)
        if m:
            return self._unfollow(folded[m.end():].strip(), user, language)
        m = _FOLLOW.match(folded) or _ALERT.match(folded)
        if m:
            kind = "alert" if _ALERT.match(folded) else "digest"
            return self._follow(kind, folded[m.end():], user, channel, language)
        return None

    def _follow(self, kind: str, body: str, user: str, channel: str | None, language: str) -> str:
        from assistant.base.caller import Caller

        p = _parse(body, self.settings.digests.default_time)
        if kind == "alert" and p.rule is None:
            return message("follow.usage", language)
        req = self.kpi.understanding.parse(p.rest, self.kpi.today(), self.kpi.timezone)
        person = self.kpi.directory.person(user)
        teams = list(req.teams)
        if req.metrics and not teams and req.unknown_name:
            # Same answer for a team that does not exist as for one the person may not see
            # (and never a quiet fall-back to the person's own teams for a misspelt name).
            return message("follow.not_allowed", language, teams=req.unknown_name)
        if not teams and (req.my_team or req.self_ref or not req.name_candidates) and person is not None:
            teams = list(person.teams)
        if not req.metrics or not teams:
            return message("follow.usage", language)
        visible = set(self.kpi.visible_team_ids(Caller.slack_user(user)))
        hidden = [t for t in teams if t not in visible]
        if hidden:
            # The same words for a team that exists and one that does not: nothing leaks.
            return message("follow.not_allowed", language, teams=self._team_names(hidden))
        target = channel if (p.here and channel and not channel.startswith("D")) else user
        f = self.subscriptions.add(
            kind=kind, owner=user, target=target, metrics=req.metrics, teams=teams, cadence=p.cadence, at=p.at,
            weekday=self.settings.digests.default_weekday, timezone=self.kpi.timezone, language=language,
            chart=p.chart, rule=p.rule, rule_value=p.rule_value, created_at=dt.datetime.now(dt.timezone.utc),
        )
        text = message("follow.ok", language, target=f"<#{target}>" if target != user else f"<@{user}>",
                       metrics=self._metric_names(f.metrics, language), teams=self._team_names(f.teams),
                       cadence=message("follow.weekly" if f.cadence == "weekly" else "follow.daily", language),
                       at=f.at, timezone=f.timezone, id=f.row_id)
        if target != user:
            text += "\n" + message("follow.channel_owner", language, user=f"<@{user}>")
        return text

    def _list(self, user: str, language: str) -> str:
        follows = self.subscriptions.of_owner(user)
        if not follows:
            return message("follow.list_empty", language)
        lines = [message("follow.list_header", language)]
        for f in follows:
            lines.append(message(
                "follow.list_line", language, id=f.row_id,
                what=message("digest.what_alert" if f.kind == "alert" else "digest.what_digest", language),
                metrics=self._metric_names(f.metrics, language), teams=self._team_names(f.teams),
                cadence=message("follow.weekly" if f.cadence == "weekly" else "follow.daily", language), at=f.at,
                target=f"<#{f.target}>" if f.is_channel else f"<@{f.target}>"))
        return "\n".join(lines)

    def _unfollow(self, what: str, user: str, language: str) -> str:
        follows = self.subscriptions.of_owner(user)
        chosen = []
        if what.isdigit():
            chosen = [f for f in follows if f.row_id == int(what)]
        elif what:
            req = self.kpi.understanding.parse(what, self.kpi.today(), self.kpi.timezone)
            chosen = [f for f in follows if (not req.metrics or set(req.metrics) & set(f.metrics))
                      and (not req.teams or set(req.teams) & set(f.teams)) and (req.metrics or req.teams)]
        if not chosen:
            return message("follow.not_found", language, what=what or "?")
        lines = []
        for f in chosen:
            self.subscriptions.disable(f.row_id, "unfollowed")  # type: ignore[arg-type]
            lines.append(message("follow.unfollowed", language, id=f.row_id,
                                 metrics=self._metric_names(f.metrics, language), teams=self._team_names(f.teams)))
        return "\n".join(lines)

    def _metric_names(self, ids, language: str) -> str:
        return ", ".join(self.kpi.catalog.metrics[m].name(language) if m in self.kpi.catalog.metrics else m for m in ids)

    def _team_names(self, ids) -> str:
        return ", ".join(self.kpi.directory.teams[t].name if t in self.kpi.directory.teams else t for t in ids)
