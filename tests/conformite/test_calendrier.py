"""Date arithmetic: calendar months clamped to the month's end, working days by territory."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from titrepro.conformite.regles.calendrier import (
    ajouter_jours_ouvres,
    ans_apres,
    est_ferie,
    est_ouvre,
    format_date,
    jours_avant,
    jours_ouvres_avant,
    mois_apres,
    mois_avant,
)
from titrepro.conformite.regles.dte import limite_commande
from titrepro.conformite.regles.sessions import CreationSession, creation_delai

jours = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
TERRITOIRES = ["", "57", "971"]


def test_three_months_before_31_may_is_the_end_of_february():
    assert mois_avant(dt.date(2027, 5, 31), 3) == dt.date(2027, 2, 28)
    assert mois_avant(dt.date(2028, 5, 31), 3) == dt.date(2028, 2, 29)
    assert mois_avant(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert mois_avant(dt.date(2027, 1, 15), 3) == dt.date(2026, 10, 15)
    assert ans_apres(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert mois_apres(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


def test_french_date_format_and_calendar_days():
    assert format_date(dt.date(2027, 3, 1)) == "01/03/2027"
    assert jours_avant(dt.date(2027, 3, 1), 91) == dt.date(2026, 11, 30)


@given(jours, st.integers(min_value=0, max_value=240))
def test_month_clamping(jour, n):
    resultat = mois_avant(jour, n)
    assert resultat.day <= jour.day
    fin_du_mois = calendar.monthrange(resultat.year, resultat.month)[1]
    # Same day of month, or (the original day does not exist there) the month's last day.
    assert resultat.day == jour.day or resultat.day == fin_du_mois < jour.day
    assert (jour.year * 12 + jour.month) - (resultat.year * 12 + resultat.month) == n


def test_holidays_by_territory():
    lendemain_de_noel = dt.date(2026, 12, 26)
    assert est_ferie(lendemain_de_noel, "57")
    assert not est_ferie(lendemain_de_noel, "")
    assert est_ferie(dt.date(2026, 4, 3), "57")  # Vendredi saint, Alsace-Moselle only
    assert est_ferie(dt.date(2026, 5, 27), "971")
    assert not est_ferie(dt.date(2026, 5, 27), "")
    assert not est_ouvre(dt.date(2026, 7, 14))
    assert not est_ouvre(dt.date(2026, 12, 26))  # a Saturday anyway
    assert est_ouvre(dt.date(2025, 12, 26), "")
    assert not est_ouvre(dt.date(2025, 12, 26), "57")


def test_working_days_skip_weekends_and_the_territorys_holidays():
    # Wednesday 24 Dec 2025 + 2 working days: 25 (Noël) skipped, 26 worked in metropole, not in Moselle.
    assert ajouter_jours_ouvres(dt.date(2025, 12, 24), 2, "") == dt.date(2025, 12, 29)
    assert ajouter_jours_ouvres(dt.date(2025, 12, 24), 2, "57") == dt.date(2025, 12, 30)
    assert ajouter_jours_ouvres(dt.date(2025, 12, 24), 1, "") == dt.date(2025, 12, 26)
    # CCP links 5 working days before Monday 10 May 2027 (Ascension on Thursday 6 May).
    assert jours_ouvres_avant(dt.date(2027, 5, 10), 5) == dt.date(2027, 4, 30)


@pytest.mark.parametrize("territoire", TERRITOIRES)
@given(jour=jours, n=st.integers(min_value=0, max_value=40))
def test_adding_working_days_never_lands_on_a_weekend_or_holiday(territoire, jour, n):
    resultat = ajouter_jours_ouvres(jour, n, territoire)
    assert resultat.weekday() < 5
    assert not est_ferie(resultat, territoire)
    assert resultat >= jour
    arriere = jours_ouvres_avant(jour, n, territoire)
    assert est_ouvre(arriere, territoire)
    assert arriere <= jour


@given(jours, jours)
def test_deadlines_are_monotonic_in_the_session_date(a, b):
    premier, second = sorted((a, b))
    assert limite_commande(premier) <= limite_commande(second)
    assert mois_avant(premier, 1) <= mois_avant(second, 1)
    assert mois_avant(premier, 3) <= mois_avant(second, 3)
    creation_1 = creation_delai(CreationSession(premier, premier)).echeance
    creation_2 = creation_delai(CreationSession(second, second)).echeance
    assert creation_1 is not None
    assert creation_2 is not None
    assert creation_1 <= creation_2
