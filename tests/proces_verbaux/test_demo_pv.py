"""The demo sessions of the PV part (« PV édité », « PV signé », « transmise », « validée »), through the services."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from titrepro.examens.models import Session


@pytest.mark.django_db
def test_sessions_pv_de_demo() -> None:
    sortie = io.StringIO()
    erreurs = io.StringIO()
    call_command("charger_demo", stdout=sortie, stderr=erreurs)
    texte = sortie.getvalue() + erreurs.getvalue()
    etats = {s.observations.split(" — ")[0]: s.etat for s in Session.objects.all()}
    assert not [ligne for ligne in texte.splitlines() if "Démo," in ligne and "PV" in ligne], texte
    assert etats["[démo] PV édité"] == "pv_edite", etats
    assert etats["[démo] PV signé"] == "pv_signe", etats
    assert etats["[démo] transmise"] == "transmise", etats
    assert etats["[démo] validée"] == "validee", etats
