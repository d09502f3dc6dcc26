"""The demo world of the personnes issue: homonyms stay apart, the near-duplicate is found, reload is idempotent."""

from __future__ import annotations

import datetime as dt

from titrepro.demo.monde import charger_monde_demo
from titrepro.personnes import services
from titrepro.personnes.models import Candidat, Formation, Habilitation, MembreJury


def test_demo_personnes(db):
    charger_monde_demo()
    avant = (Candidat.objects.count(), Formation.objects.count(), Habilitation.objects.count())
    charger_monde_demo()
    assert (Candidat.objects.count(), Formation.objects.count(), Habilitation.objects.count()) == avant
    julien = Candidat.objects.get(nom_naissance="MARTIN", date_naissance=dt.date(1992, 3, 14))
    assert services.doublons_rechercher(identite=julien.identite()) == []  # the other Julien MARTIN: a homonym
    elodie = Candidat.objects.get(nom_naissance="DUPONT MOREAU")
    trouves = services.doublons_rechercher(identite=elodie.identite())
    assert [Candidat.objects.get(pk=t.candidat_id).nom_naissance for t in trouves] == ["DUPONT-MOREAU"]
    bim = Habilitation.objects.filter(millesime__titre__code="TP-01361", etat="active")
    assert bim.count() == 2
    periode = MembreJury.objects.habilites_pour(bim[0].millesime, dt.date(2026, 10, 12), dt.date(2026, 10, 14))
    assert periode.count() == 2
