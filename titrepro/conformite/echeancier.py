"""The échéancier: every dated deadline of one subject (an organisme now; a session with issue 6), with its state.

Deadlines come from the sources registered with ``@source_d_echeances`` (in the ``alertes.py``
module of each app); this module only gathers and sorts them, and exports them as an
iCalendar feed (RFC 5545). An app adds deadlines to a kind of subject by writing a source::

    @source_d_echeances("RES-PV-DELAI", pour="examens.Session")
    def pv(session, jour):
        ...
        yield Echeance(code="RES-PV-DELAI", libelle=..., date=..., sujet=session,
                       etat=etat_echeance(date, jour=jour, faite_le=session.pv_transmis_le))
"""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
from django.db import models

from titrepro.conformite.regles.catalogue import regle
from titrepro.conformite.signalements import Echeance, sources_d_echeances_pour

DOMAINE_UID = "titrepro"
"""Right-hand side of the UIDs of the iCalendar events (stable: same deadline, same UID)."""


def echeancier(sujet: models.Model, *, jour: dt.date) -> list[Echeance]:
    """Every deadline of ``sujet`` known on ``jour``, sorted by date then code."""
    echeances: list[Echeance] = []
    for code, source in sources_d_echeances_pour(sujet):
        for echeance in source(sujet, jour):
            if echeance.code != code:
                raise ValueError(f"La source {source.__qualname__} de {code} produit une échéance {echeance.code}.")
            echeances.append(echeance)
    return sorted(echeances, key=lambda e: (e.date, e.code, e.libelle))


def uid(echeance: Echeance) -> str:
    """Stable across calls and states: the subject, the code and the label's hash (not the date, which may move)."""
    sujet = echeance.sujet
    empreinte = hashlib.sha256(f"{echeance.code}|{echeance.libelle}".encode()).hexdigest()[:16]
    return f"{sujet._meta.label_lower}-{sujet.pk}-{echeance.code}-{empreinte}@{DOMAINE_UID}"


def calendrier_ics(
    echeances: list[Echeance], *, nom: str, url_regles: str = "", horodatage: dt.datetime | None = None
) -> bytes:
    """An RFC 5545 calendar: one all-day VEVENT per deadline, SUMMARY starting with the rule code."""
    calendrier = icalendar.Calendar()
    calendrier.add("prodid", "-//Titrepro//Échéancier//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("method", "PUBLISH")
    calendrier.add("x-wr-calname", nom)
    calendrier.add("x-wr-timezone", "Europe/Paris")
    estampille = horodatage or dt.datetime.now(dt.UTC)
    for echeance in echeances:
        evenement = icalendar.Event()
        evenement.add("uid", uid(echeance))
        evenement.add("dtstamp", estampille)
        evenement.add("dtstart", echeance.date)
        evenement.add("dtend", echeance.date + dt.timedelta(days=1))
        evenement.add("summary", f"[{echeance.code}] {echeance.libelle}")
        description = [f"État : {echeance.etat.libelle}.", f"Source : {regle(echeance.code).source}."]
        if echeance.details:
            description.insert(0, echeance.details)
        if url_regles:
            description.append(f"Règle : {url_regles}#{echeance.code}")
        evenement.add("description", "\n".join(description))
        evenement.add("transp", "TRANSPARENT")
        evenement.add("categories", [regle(echeance.code).niveau.libelle])
        if echeance.etat.value == "faite":
            evenement.add("status", "CONFIRMED")
        calendrier.add_component(evenement)
    return bytes(calendrier.to_ical())
