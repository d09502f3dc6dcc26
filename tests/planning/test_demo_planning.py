"""The demo world: rooms on every demo site, and the convened demo session's timetable published by the solver."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from titrepro.examens.models import Session
from titrepro.examens.services.convocations import horaires_du_candidat
from titrepro.organisations.models import Site
from titrepro.planning.models import EtatPlanning, Planning, Salle

pytestmark = pytest.mark.django_db


def test_la_demo_a_des_salles_et_un_planning_publie_pour_la_session_convoquee() -> None:
    call_command("charger_demo", stdout=io.StringIO(), stderr=io.StringIO())

    for site in Site.objects.filter(organisme__fictif=True):
        assert Salle.objects.filter(site=site).count() == 3
    session = Session.objects.get(observations__startswith="[démo] convoquée")
    planning = Planning.objects.get(session=session)
    assert planning.etat == EtatPlanning.PUBLIE
    assert planning.violations == []
    inscription = session.inscriptions.first()
    premier = planning.creneaux.filter(inscription=inscription).order_by("jour", "debut").first()
    assert horaires_du_candidat(inscription)[0].heure_debut == premier.heure_debut

    call_command("charger_demo", stdout=io.StringIO(), stderr=io.StringIO())  # idempotent
    assert Planning.objects.filter(session=session).count() == 1
    assert (
        Salle.objects.filter(site__organisme__fictif=True).count()
        == 3 * Site.objects.filter(organisme__fictif=True).count()
    )
