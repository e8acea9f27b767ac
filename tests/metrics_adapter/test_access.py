"""The full access matrix: each role x own/other team x metric/overview/compare/individual, plus unknown users.

Expectations are written out by hand from the rules in issue 3 (not computed by the code under test).
"""

from __future__ import annotations

import pytest

from assistant.base.caller import Caller, cli_caller
from tests.fixtures.kpi import audit_rows

AGENT, SUPERVISOR, TRAINER, MANAGER, UNKNOWN, OPERATOR = (
    "U0AGT00001", "U0SUP00001", "U0TRN00001", "U0MGR00001", "U0NOBODY01", None)
# Maya Chen: agent on Phoenix (pho-01). Sarah Kim: supervisor of Phoenix and Orion.
# Priya Nair: trainer for Phoenix, Atlas, Orion. David Brooks: manager.
REQUESTS = {
    "own_metric": "AHT for Phoenix last week",
    "other_metric": "AHT for Halcón last week",
    "own_overview": "how is Phoenix doing last week?",
    "other_overview": "¿cómo va Halcón la semana pasada?",
    "compare_own_other": "compare AHT of Phoenix and Halcón last week",
    "compare_phoenix_orion": "compare AHT of Phoenix and Orion last week",
    "my_number": "my AHT last week",
    "teammate_individual": "Tom Walsh AHT last week",
    "other_team_individual": "María Fernanda López AHT last week",
    "unknown_team": "AHT for Zeus last week",
}
Y, N = True, False
MATRIX = {
    #              own_m own_o oth_m oth_o cmp_oo cmp_po my  mate  other_ind unknown
    AGENT:      dict(own_metric=Y, other_metric=N, own_overview=Y, other_overview=N, compare_own_other=N,
                     compare_phoenix_orion=N, my_number=Y, teammate_individual=N, other_team_individual=N, unknown_team=N),
    SUPERVISOR: dict(own_metric=Y, other_metric=N, own_overview=Y, other_overview=N, compare_own_other=N,
                     compare_phoenix_orion=Y, my_number=Y, teammate_individual=Y, other_team_individual=N, unknown_team=N),
    TRAINER:    dict(own_metric=Y, other_metric=N, own_overview=Y, other_overview=N, compare_own_other=N,
                     compare_phoenix_orion=Y, my_number=Y, teammate_individual=N, other_team_individual=N, unknown_team=N),
    MANAGER:    dict(own_metric=Y, other_metric=Y, own_overview=Y, other_overview=Y, compare_own_other=Y,
                     compare_phoenix_orion=Y, my_number=N, teammate_individual=Y, other_team_individual=Y, unknown_team=None),
    UNKNOWN:    {k: N for k in REQUESTS},
}
REFUSAL_EN = "Sorry, I can't share those numbers with you."


@pytest.mark.parametrize("user", list(MATRIX), ids=["agent", "supervisor", "trainer", "manager", "unknown"])
def test_access_matrix(service, store, user):
    refusal_texts = set()
    for name, question in REQUESTS.items():
        before = len(audit_rows(store))
        a = service.answer(question, language="en", caller=cli_caller(user))
        rows = audit_rows(store)
        assert len(rows) == before + 1, f"{name}: exactly one audit row per request"
        row = rows[-1]
        assert row.user_id == user and row.question == question
        expected = MATRIX[user][name]
        if name == "unknown_team" and user == MANAGER:
            # Managers may see every team, so saying a name is unknown reveals nothing to them.
            assert a.metrics == [] and 'called "Zeus"' in a.text and "Halcón" in a.text, a.text
            assert row.allowed is True and row.outcome == "unclear"
            continue
        if name == "my_number" and user == MANAGER:
            # A manager has no team or individual numbers of their own: asked which team, nothing denied.
            assert a.metrics == [] and "Which team" in a.text and row.allowed is True, a.text
            continue
        if expected:
            assert a.metrics and all(m.value is not None for m in a.metrics), f"{name}: {a.text}"
            assert row.allowed is True and row.outcome == "ok", name
        else:
            assert a.metrics == [] and a.citations == [], name
            assert a.text.startswith(REFUSAL_EN), f"{name}: {a.text}"
            assert row.allowed is False and row.outcome in ("denied", "unknown_user"), name
            refusal_texts.add(a.text)
    # One identical refusal whatever was asked: it names no team and does not say whether one exists.
    assert len(refusal_texts) <= 1
    for text in refusal_texts:
        for team in ("Phoenix", "Halcón", "Orion", "Zeus", "exist", "unknown"):
            assert team not in text


def test_individual_scopes_are_the_right_people(service):
    mine = service.answer("my AHT last week", language="en", caller=cli_caller(AGENT)).metrics
    assert [(m.team, m.agent) for m in mine] == [("phoenix", "pho-01")]
    sup = service.answer("my AHT last week", language="en", caller=cli_caller(SUPERVISOR)).metrics
    assert [(m.team, m.agent) for m in sup] == [("phoenix", None), ("orion", None)]
    mate = service.answer("Tom Walsh AHT last week", language="en", caller=cli_caller(SUPERVISOR)).metrics
    assert [(m.team, m.agent) for m in mate] == [("phoenix", "pho-02")]
    # "my service level" for an agent: a team-only metric is given for their team.
    sl = service.answer("my service level yesterday", language="en", caller=cli_caller(AGENT)).metrics
    assert [(m.metric, m.team, m.agent) for m in sl] == [("service_level", "phoenix", None)]


def test_operator_has_full_access_and_gets_real_help(service, store):
    for name, question in REQUESTS.items():
        a = service.answer(question, language="en", caller=cli_caller(OPERATOR))
        if name == "unknown_team":
            assert a.metrics == [] and 'called "Zeus"' in a.text and "Phoenix" in a.text
        elif name == "my_number":
            assert "Which team" in a.text
        else:
            assert a.metrics and all(m.value is not None for m in a.metrics), name
    assert {r.user_id for r in audit_rows(store)} == {"local-operator"}


def test_refusal_is_identical_for_unknown_and_forbidden_teams_in_spanish(service):
    forbidden = service.answer("TMO de Halcón la semana pasada", language="es", caller=cli_caller(AGENT))
    unknown = service.answer("TMO de Zeus la semana pasada", language="es", caller=cli_caller(AGENT))
    stranger = service.answer("TMO de Phoenix la semana pasada", language="es", caller=cli_caller(UNKNOWN))
    bad_window_forbidden = service.answer("TMO de Halcón el 2199-01-01", language="es", caller=cli_caller(AGENT))
    assert forbidden.text == unknown.text == stranger.text == bad_window_forbidden.text
    assert forbidden.text.startswith("Lo siento, no puedo compartir")


@pytest.mark.parametrize("user, teams", [
    (AGENT, ["phoenix"]), (SUPERVISOR, ["phoenix", "orion"]), (TRAINER, ["phoenix", "atlas", "orion"]),
    (MANAGER, ["phoenix", "atlas", "orion", "halcon", "condor", "quetzal"]), (UNKNOWN, []),
    (OPERATOR, ["phoenix", "atlas", "orion", "halcon", "condor", "quetzal"]),
])
def test_visible_teams(service, user, teams):
    assert [t["id"] for t in service.teams_for(cli_caller(user))] == teams


def test_audit_rows_record_who_what_window_and_decision(service, store):
    service.answer("CSAT for Phoenix last month", language="en", caller=cli_caller(SUPERVISOR))
    service.answer("CSAT for Atlas last month", language="en", caller=cli_caller(SUPERVISOR))
    ok, denied = audit_rows(store)[-2:]
    assert (ok.user_id, ok.role, ok.kind, ok.metrics, ok.teams, ok.allowed, ok.outcome) == (
        SUPERVISOR, "supervisor", "metric", "csat", "phoenix", True, "ok")
    assert (denied.teams, denied.allowed, denied.outcome) == ("atlas", False, "denied")
    assert ok.window_start is not None and ok.window_end >= ok.window_start and ok.timezone
    assert ok.at is not None and ok.surface == "ask"


# A real team the asker may not see, and the same question with a made-up name: same routing and
# the same refusal, in any case and position. Never the asker's own numbers for a name we don't know.
PROBES = [
    ("aht for {t} last week", "atlas", "narnia"),
    ("AHT for {t} last week", "Atlas", "Narnia"),
    ("how is {t} doing?", "Atlas", "Narnia"),
    ("how is {t} doing?", "atlas", "narnia"),
    ("compare Phoenix and {t}", "Atlas", "Narnia"),
    ("compare phoenix and {t} last week", "atlas", "narnia"),
    ("{t} AHT last week", "Atlas", "Narnia"),
    ("{t} aht last week", "atlas", "narnia"),
    ("AHT {t} yesterday", "Atlas", "Narnia"),
    ("Phoenix vs {t} service level this month", "Atlas", "Narnia"),
    ("¿cómo va {t}?", "Halcón", "Zeus"),
    ("¿cómo va {t}?", "halcon", "zeus"),
    ("TMO del equipo {t} la semana pasada", "Cóndor", "Zeus"),
    ("compara {t} y Phoenix", "Quetzal", "Zeus"),
    ("nivel de servicio {t} ayer", "quetzal", "zeus"),
]


@pytest.mark.parametrize("template, real, made_up", PROBES)
def test_forbidden_and_made_up_teams_are_indistinguishable(service, store, template, real, made_up):
    forbidden_q, made_up_q = template.format(t=real), template.format(t=made_up)
    language = "es" if template.startswith(("¿", "TMO", "compara", "nivel")) else "en"
    assert service.is_kpi_question(forbidden_q, language) is True
    assert service.is_kpi_question(made_up_q, language) is True
    forbidden = service.answer(forbidden_q, language=language, caller=cli_caller(AGENT))
    made_up_a = service.answer(made_up_q, language=language, caller=cli_caller(AGENT))
    assert forbidden.metrics == made_up_a.metrics == []
    assert forbidden.text == made_up_a.text
    assert forbidden.text.startswith(REFUSAL_EN if language == "en" else "Lo siento, no puedo compartir"), forbidden.text
    assert [r.allowed for r in audit_rows(store)[-2:]] == [False, False]


@pytest.mark.parametrize("question", [
    "aht for narnia last week", "how is Narnia doing?", "compare Phoenix and Narnia", "Narnia AHT last week",
    "¿cómo va Zeus?", "my team vs zeus last week",
])
def test_a_name_we_do_not_know_never_falls_back_to_the_askers_team(service, question):
    for user in (AGENT, SUPERVISOR, TRAINER):
        a = service.answer(question, language="en", caller=cli_caller(user))
        assert a.metrics == [], f"{user}: {question}: {a.text}"


def test_ordinary_words_are_not_taken_for_team_names(service):
    for question in ("what was the AHT for my team last week please?", "how is my team doing this week?",
                     "¿cuál fue el TMO de mi equipo la semana pasada?", "show me my FCR this month",
                     "Phoenix AHT last week", "AHT for team phoenix last week"):
        a = service.answer(question, language="en", caller=cli_caller(AGENT))
        assert a.metrics and a.metrics[0].team == "phoenix", f"{question}: {a.text}"


@pytest.mark.parametrize("question, language, name", [
    ("aht for narnia last week", "en", "narnia"), ("¿cómo va Zeus?", "es", "Zeus"),
    ("compare Phoenix and Narnia", "en", "Narnia"),
])
def test_managers_are_told_a_team_is_unknown_others_get_the_refusal(service, question, language, name):
    manager = service.answer(question, language=language, caller=cli_caller(MANAGER))
    assert manager.metrics == [] and f'"{name}"' in manager.text and "Quetzal" in manager.text, manager.text
    for user in (AGENT, SUPERVISOR, TRAINER, UNKNOWN):
        other = service.answer(question, language=language, caller=cli_caller(user))
        assert other.text.startswith(REFUSAL_EN if language == "en" else "Lo siento") and name not in other.text
