"""Who may see which numbers: teams, and Slack users with a role and teams (directory.yaml).

Roles and what they see (enforced in ``access.py``):
  agent       their own team's numbers and their own individual numbers
  supervisor  team and individual numbers of the teams listed on them
  trainer     team numbers (not individuals) of the teams listed on them
  manager     everything

The directory is YAML by default (settings.metrics.directory_path). Any other source (HR system,
SQL table, LDAP) plugs in through settings.metrics.directory_loader = "package.module:function",
a function taking the settings and returning a ``Directory``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.base.config_files import ConfigFileError, load_model
from assistant.base.text import fold_name as fold

if TYPE_CHECKING:
    from assistant.base.settings import Settings

class DirectoryError(ConfigFileError):
    """The people directory (file or loader) is invalid; the message names file, line and field."""

    heading = "People directory is invalid"


Role = Literal["agent", "supervisor", "trainer", "manager"]
SLACK_ID = r"^[UW][A-Z0-9]{5,20}$"
TEAM_ID = r"^[a-z][a-z0-9_-]{0,40}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Team(_Strict):
    id: str = Field(pattern=TEAM_ID)
    name: str = Field(min_length=1)
    site: str | None = None
    language: Literal["en", "es"] = "en"
    aliases: list[str] = Field(default_factory=list)


class Person(_Strict):
    user_id: str = Field(pattern=SLACK_ID)
    name: str = Field(min_length=1)
    role: Role
    teams: list[str] = Field(default_factory=list)
    language: Literal["en", "es"] = "en"
    # The person's id in the metrics source (agent_daily.agent_id), for "my AHT".
    agent_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    # A knowledge owner (quality manager, trainer...): sees the gaps report with names, gets the
    # weekly gaps post and the monthly list of entries due for review, and may add documents (a
    # file shared with the bot in a DM). Independent of the KPI role.
    owner: bool = False
    # Slack user groups (S...) the person belongs to: documents may be meant for one of them.
    groups: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _role_needs_teams(self) -> "Person":
        if self.role in ("agent", "supervisor") and not self.teams:
            raise ValueError(f"a {self.role} needs at least one team")
        if self.role == "agent" and len(self.teams) != 1:
            raise ValueError("an agent belongs to exactly one team")
        return self


class DirectoryFile(_Strict):
    teams: list[Team] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)


@dataclass
class Directory:
    teams: dict[str, Team]
    people: dict[str, Person]
    source: str = "directory.yaml"
    _by_agent: dict[str, Person] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_agent = {p.agent_id: p for p in self.people.values() if p.agent_id}

    def person(self, slack_user_id: str | None) -> Person | None:
        if not slack_user_id:
            return None
        return self.people.get(slack_user_id.strip())

    def is_owner(self, slack_user_id: str | None) -> bool:
        person = self.person(slack_user_id)
        return bool(person and person.owner)

    def owners_for(self, owner: str) -> list[Person]:
        """The people behind a content owner: a Slack user id, or a role (its flagged owners;
        everyone with the role when none is flagged)."""
        if owner in self.people:
            return [self.people[owner]]
        with_role = [p for p in self.people.values() if p.role == owner]
        flagged = [p for p in with_role if p.owner]
        return sorted(flagged or with_role, key=lambda p: p.user_id)

    def team(self, team_id: str) -> Team | None:
        return self.teams.get(team_id)

    def person_by_agent(self, agent_id: str) -> Person | None:
        return self._by_agent.get(agent_id)

    def team_phrases(self) -> list[tuple[str, str]]:
        """(folded name or alias, team id), longest first."""
        out = {(fold(t.name), t.id) for t in self.teams.values()}
        out |= {(fold(a), t.id) for t in self.teams.values() for a in t.aliases}
        out |= {(t.id, t.id) for t in self.teams.values()}
        return sorted(out, key=lambda x: (-len(x[0]), x[0]))

    def lookup_team(self, text: str) -> Team | None:
        key = fold(text.strip())
        for phrase, tid in self.team_phrases():
            if phrase == key:
                return self.teams[tid]
        return None

    def agent_phrases(self) -> list[tuple[str, str]]:
        """(folded full name, agent id) of people who have individual numbers."""
        out = {(fold(p.name), p.agent_id) for p in self.people.values() if p.agent_id}
        return sorted(out, key=lambda x: (-len(x[0]), x[0]))  # type: ignore[arg-type]


def is_knowledge_owner(person: Person | None) -> bool:
    """Whether ``person`` may add documents: the one place that reads the owner flag."""
    return bool(person is not None and person.owner)


def audiences_of(person: Person | None) -> frozenset[str]:
    """Document audiences a person belongs to: everyone, their role, their user groups, and
    "owner" for knowledge owners (documents' ``audience`` names one of these)."""
    if person is None:
        return frozenset({"everyone"})
    out = {"everyone", person.role, *person.groups}
    if person.owner:
        out.add("owner")
    return frozenset(out)


def _from_yaml(path) -> Directory:
    parsed, doc = load_model(path, DirectoryFile, DirectoryError)
    problems: list[str] = []
    team_ids: set[str] = set()
    for i, t in enumerate(parsed.teams):
        if t.id in team_ids:
            problems.append(doc.problem(("teams", i, "id"), f"team id '{t.id}' is defined twice"))
        team_ids.add(t.id)
    seen_users: set[str] = set()
    seen_agents: set[str] = set()
    for i, p in enumerate(parsed.people):
        if p.user_id in seen_users:
            problems.append(doc.problem(("people", i, "user_id"), f"user '{p.user_id}' is listed twice"))
        seen_users.add(p.user_id)
        if p.agent_id:
            if p.agent_id in seen_agents:
                problems.append(doc.problem(("people", i, "agent_id"), f"agent id '{p.agent_id}' is used twice"))
            seen_agents.add(p.agent_id)
        for j, tid in enumerate(p.teams):
            if tid not in team_ids:
                problems.append(doc.problem(("people", i, "teams", j), f"unknown team '{tid}' (not under 'teams')"))
    if problems:
        raise DirectoryError(problems)
    return Directory({t.id: t for t in parsed.teams}, {p.user_id: p for p in parsed.people}, source=path.name)


def load_directory(settings: "Settings") -> Directory:
    """The configured directory; raises DirectoryError naming file and field when invalid."""
    loader = settings.metrics.directory_loader
    if loader:
        module_name, _, func_name = loader.partition(":")
        try:
            func = getattr(importlib.import_module(module_name), func_name)
        except (ImportError, AttributeError, ValueError) as exc:
            raise DirectoryError([f"settings metrics.directory_loader: cannot import '{loader}' ({exc})"]) from None
        directory = func(settings)
        if not isinstance(directory, Directory):
            raise DirectoryError([f"settings metrics.directory_loader: '{loader}' did not return a Directory"])
        return directory
    return _from_yaml(settings.metrics.directory_path)
