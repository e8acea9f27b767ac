"""Who may see which numbers. One function, used for Slack and for `copc kpi --user` alike.

  manager     everything
  supervisor  teams listed on them, and individual numbers of agents in those teams
  trainer     team numbers of the teams listed on them; no individual numbers (coaching data
              about a person belongs to their supervisor)
  agent       their own team's numbers and their own individual numbers
  nobody else anything.
The local operator (CLI without --user) has full access.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.base.caller import Caller
from assistant.people.directory import Directory, Person
from metrics_adapter.sources import Scope


@dataclass(frozen=True)
class Viewer:
    """Who is asking, resolved against the directory: the local operator (everything), a
    directory person (their role's rights) or an unknown user / service account (nothing)."""

    caller: Caller
    person: Person | None

    @property
    def is_operator(self) -> bool:
        return self.caller.is_operator

    @property
    def unknown(self) -> bool:
        """Not the operator and not in the directory: refused like an unknown team."""
        return not self.is_operator and self.person is None

    @property
    def label(self) -> str:
        return self.caller.label


def viewer_for(directory: Directory, caller: Caller) -> Viewer:
    person_id = caller.person_id
    return Viewer(caller, directory.person(person_id) if person_id else None)


def may_see(viewer: Viewer, scope: Scope, directory: Directory) -> bool:
    if viewer.is_operator:
        return True
    p = viewer.person
    if p is None or directory.team(scope.team_id) is None:
        return False
    if p.role == "manager":
        return True
    if scope.agent_id is not None:
        owner = directory.person_by_agent(scope.agent_id)
        if p.role == "supervisor":
            # An agent id the directory does not know still belongs to the team it is queried in.
            return scope.team_id in p.teams and (owner is None or scope.team_id in owner.teams)
        if p.role == "agent":
            return p.agent_id is not None and scope.agent_id == p.agent_id and scope.team_id in p.teams
        return False  # trainers: team numbers only
    return scope.team_id in p.teams


def visible_teams(viewer: Viewer, directory: Directory) -> list[str]:
    return [t for t in directory.teams if may_see(viewer, Scope(t), directory)]
