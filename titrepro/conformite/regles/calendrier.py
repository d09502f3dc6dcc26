"""Date arithmetic of the rules: calendar months, calendar days, working days by territory.

Pure functions: the reference date is always an argument, never "today".

* "N mois avant" (SES-CONVOCATION, SES-HANDICAP, DTE-DELAI) and "N ans après"
  (SES-PROLONGATION, CAN-VAE-RECEVABILITE, ARC-CONSERVATION) are calendar months,
  clamped to the last day of the target month: 3 months before 31 May is 28 Feb in a
  common year, 29 Feb in a leap year (REGLES.md, "Date arithmetic").
* "N jours avant" (SES-CREATION-DELAI, DTE-NON-RECU) and "dans les N jours"
  (RES-PV-DELAI, AGR-SANS-SUITE) are calendar days.
* "Jours ouvrés" (DTE-SUIVI: CCP links for the jury and candidates 5 working days
  before the session) are Monday–Friday minus the French public holidays of the
  site's territory: ``territoire`` is ``Departement.subdivision_feries`` ("" for the
  metropolitan list, "57"/"67"/"68" → Alsace-Moselle, "971"... overseas).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays

METROPOLE = ""
"""The metropolitan list of public holidays (the default territory)."""

SAMEDI = 5


def format_date(jour: dt.date) -> str:
    """French date as shown in messages: 01/03/2027."""
    return jour.strftime("%d/%m/%Y")


def decaler_mois(jour: dt.date, n: int) -> dt.date:
    """``jour`` moved by ``n`` calendar months (negative: backwards), clamped to the month's last day."""
    index = jour.year * 12 + (jour.month - 1) + n
    annee, mois = divmod(index, 12)
    mois += 1
    return dt.date(annee, mois, min(jour.day, calendar.monthrange(annee, mois)[1]))


def mois_avant(jour: dt.date, n: int) -> dt.date:
    """N calendar months before ``jour`` (SES-CONVOCATION, SES-HANDICAP, DTE-DELAI)."""
    return decaler_mois(jour, -n)


def mois_apres(jour: dt.date, n: int) -> dt.date:
    """N calendar months after ``jour`` (CAN-DROITS, AGR-DECISION)."""
    return decaler_mois(jour, n)


def ans_apres(jour: dt.date, n: int) -> dt.date:
    """N years after ``jour``; 29 February becomes 28 February (SES-PROLONGATION, ARC-CONSERVATION)."""
    return decaler_mois(jour, 12 * n)


def jours_avant(jour: dt.date, n: int) -> dt.date:
    """N calendar days before ``jour`` (SES-CREATION-DELAI, DTE-NON-RECU)."""
    return jour - dt.timedelta(days=n)


def jours_apres(jour: dt.date, n: int) -> dt.date:
    """N calendar days after ``jour`` (RES-PV-DELAI, AGR-SANS-SUITE)."""
    return jour + dt.timedelta(days=n)


@lru_cache(maxsize=256)
def _feries(annee: int, territoire: str) -> dict[dt.date, str]:
    liste = holidays.country_holidays("FR", subdiv=territoire or None, years=annee, language="fr")
    return dict(liste.items())


def feries(annee: int, territoire: str = METROPOLE) -> dict[dt.date, str]:
    """The public holidays of one year in one territory, with their French names."""
    return dict(_feries(annee, territoire))


def est_ferie(jour: dt.date, territoire: str = METROPOLE) -> bool:
    return jour in _feries(jour.year, territoire)


def est_ouvre(jour: dt.date, territoire: str = METROPOLE) -> bool:
    """Monday–Friday and not a public holiday of the territory."""
    return jour.weekday() < SAMEDI and not est_ferie(jour, territoire)


def ajouter_jours_ouvres(jour: dt.date, n: int, territoire: str = METROPOLE) -> dt.date:
    """The N-th working day after ``jour`` (``n`` = 0: ``jour`` itself if worked, else the next one).

    The result is always a working day of the territory. A negative ``n`` counts backwards.
    """
    if n < 0:
        return jours_ouvres_avant(jour, -n, territoire)
    courant = jour
    if n == 0:
        while not est_ouvre(courant, territoire):
            courant += dt.timedelta(days=1)
        return courant
    restants = n
    while restants:
        courant += dt.timedelta(days=1)
        if est_ouvre(courant, territoire):
            restants -= 1
    return courant


def jours_ouvres_avant(jour: dt.date, n: int, territoire: str = METROPOLE) -> dt.date:
    """The N-th working day before ``jour`` (DTE-SUIVI: CCP jury and candidate links, 5 working days before)."""
    if n < 0:
        return ajouter_jours_ouvres(jour, -n, territoire)
    courant = jour
    if n == 0:
        while not est_ouvre(courant, territoire):
            courant -= dt.timedelta(days=1)
        return courant
    restants = n
    while restants:
        courant -= dt.timedelta(days=1)
        if est_ouvre(courant, territoire):
            restants -= 1
    return courant
