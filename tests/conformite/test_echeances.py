"""Deadline dates of a session and of an organisme (pure functions), with hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from titrepro.conformite.regles.calendrier import est_ouvre
from titrepro.conformite.regles.echeances import (
    CODES_ECHEANCES_SESSION,
    Etat,
    NatureSession,
    SessionDatee,
    echeance_convention,
    echeance_programmation,
    echeances_session,
    etat,
    limite_convention,
    limite_programmation,
)

D = dt.date
AVANT = {"SES-CREATION-DELAI", "DTE-DELAI", "SES-HANDICAP", "SES-CONVOCATION", "DTE-SUIVI", "DTE-NON-RECU"}
APRES = {"DTE-DESTRUCTION", "RES-PV-DELAI", "ARC-CONSERVATION"}


def _dates(echeances):
    return [(e.code, e.date) for e in echeances]


def test_every_deadline_of_a_title_session():
    session = SessionDatee(premier_jour=D(2027, 3, 1), dernier_jour=D(2027, 3, 3))
    assert _dates(echeances_session(session)) == [
        ("SES-CREATION-DELAI", D(2026, 11, 30)),  # 91 days before
        ("DTE-DELAI", D(2026, 11, 30)),  # 3 months (1 December) + 1 day
        ("SES-HANDICAP", D(2026, 12, 1)),  # 3 months
        ("DTE-SUIVI", D(2027, 1, 18)),  # plis sent 6 weeks before at the earliest
        ("DTE-SUIVI", D(2027, 1, 25)),  # ... 5 weeks before at the latest
        ("SES-CONVOCATION", D(2027, 2, 1)),  # 1 month
        ("DTE-NON-RECU", D(2027, 2, 15)),  # J-14
        ("SES-JOUR", D(2027, 3, 1)),
        ("SES-JOUR", D(2027, 3, 3)),
        ("DTE-DESTRUCTION", D(2027, 3, 3)),
        ("RES-PV-DELAI", D(2027, 3, 18)),  # J+15
        ("ARC-CONSERVATION", D(2032, 3, 3)),  # 5 years
    ]


def test_ccp_links_transport_pv_and_one_day_session():
    session = SessionDatee(
        premier_jour=D(2027, 3, 1), dernier_jour=D(2027, 3, 1), nature=NatureSession.CCP, transport=True
    )
    dates = _dates(echeances_session(session))
    assert ("DTE-SUIVI", D(2026, 12, 31)) in dates  # organisateur link 60 days before
    assert ("DTE-SUIVI", D(2027, 2, 22)) in dates  # jury and candidates 5 working days before
    assert ("RES-PV-DELAI", D(2027, 3, 6)) in dates  # 5 days for a transport TP
    assert [c for c, _ in dates].count("SES-JOUR") == 1
    libelles = {e.libelle for e in echeances_session(session)}
    assert "Transmettre les PV au service départemental (5 jours après, titre du transport)" in libelles


def test_working_days_skip_the_holidays_of_the_territory():
    # Monday 11 May 2026: 8 May (Friday) and 1 May (Friday) are public holidays.
    session = SessionDatee(premier_jour=D(2026, 5, 11), dernier_jour=D(2026, 5, 11), nature=NatureSession.CCP)
    liens = [e.date for e in echeances_session(session) if e.libelle.startswith("DTE CCP : liens jury")]
    assert liens == [D(2026, 4, 30)]


def test_parameters_in_force_move_the_deadlines():
    session = SessionDatee(premier_jour=D(2027, 3, 1), dernier_jour=D(2027, 3, 2))
    parametres = {"SES-CREATION-DELAI": {"jours": 92}, "RES-PV-DELAI": {"jours": 10}}
    dates = dict(_dates(echeances_session(session, parametres)))
    assert dates["SES-CREATION-DELAI"] == D(2026, 11, 29)
    assert dates["RES-PV-DELAI"] == D(2027, 3, 12)
    with pytest.raises(KeyError, match="Paramètre inconnu"):
        echeances_session(session, {"RES-PV-DELAI": {"semaines": 2}})


def test_a_session_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="précède"):
        SessionDatee(premier_jour=D(2027, 3, 2), dernier_jour=D(2027, 3, 1))


def test_yearly_deadlines_of_an_organisme():
    assert limite_programmation(2027) == D(2027, 1, 31)
    assert limite_convention(2027) == D(2026, 12, 31)  # "avant le 1er janvier": 31 December is the last day
    assert echeance_programmation(2027).code == "ORG-PROGRAMMATION"
    assert "2027" in echeance_convention(2027).libelle
    assert limite_programmation(2027, {"ORG-PROGRAMMATION": {"mois_limite": 2, "jour_limite": 15}}) == D(2027, 2, 15)


def test_state_of_a_deadline():
    date = D(2027, 1, 31)
    assert etat(date, jour=D(2026, 11, 1)) is Etat.A_VENIR
    assert etat(date, jour=D(2027, 1, 1)) is Etat.DUE  # within the 30-day reminder window
    assert etat(date, jour=date) is Etat.DUE
    assert etat(date, jour=D(2027, 2, 1)) is Etat.DEPASSEE
    assert etat(date, jour=D(2027, 2, 1), faite_le=D(2027, 1, 20)) is Etat.FAITE


sessions = st.builds(
    lambda debut, duree, nature, transport, territoire: SessionDatee(
        premier_jour=debut,
        dernier_jour=debut + dt.timedelta(days=duree),
        nature=nature,
        transport=transport,
        territoire=territoire,
    ),
    st.dates(min_value=D(2001, 1, 1), max_value=D(2080, 12, 31)),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(list(NatureSession)),
    st.booleans(),
    st.sampled_from(["", "57", "971", "974"]),
)


@given(sessions, st.integers(min_value=0, max_value=800))
def test_deadlines_are_monotonic_in_the_session_date(session, decalage):
    """Moving a session later never moves any of its deadlines earlier."""
    delta = dt.timedelta(days=decalage)
    plus_tard = SessionDatee(
        premier_jour=session.premier_jour + delta,
        dernier_jour=session.dernier_jour + delta,
        nature=session.nature,
        transport=session.transport,
        territoire=session.territoire,
    )
    avant = {(e.code, e.libelle): e.date for e in echeances_session(session)}
    apres = {(e.code, e.libelle): e.date for e in echeances_session(plus_tard)}
    assert avant.keys() == apres.keys()
    for cle, date in avant.items():
        assert date <= apres[cle], cle


@given(sessions)
def test_deadlines_are_sorted_and_on_the_right_side_of_the_session(session):
    echeances = echeances_session(session)
    assert [e.date for e in echeances] == sorted(e.date for e in echeances)
    assert {e.code for e in echeances} <= set(CODES_ECHEANCES_SESSION)
    for e in echeances:
        if e.code in AVANT:
            assert e.date < session.premier_jour, e
        elif e.code in APRES:
            assert e.date >= session.dernier_jour, e
        else:
            assert session.premier_jour <= e.date <= session.dernier_jour
        if e.libelle.startswith("DTE CCP : liens jury"):
            assert est_ouvre(e.date, session.territoire)


@given(st.integers(min_value=2000, max_value=2090), st.integers(min_value=2000, max_value=2090))
def test_yearly_deadlines_are_monotonic_in_the_year(a, b):
    a, b = sorted((a, b))
    assert limite_programmation(a) <= limite_programmation(b)
    assert limite_convention(a) <= limite_convention(b)
