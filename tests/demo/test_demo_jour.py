"""Demo data of the exam day (issue 7, JOUR): a session « en cours » opened today, with presences and one late
arrival admitted, built through the real services without any refused step."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.demo.test_charger_demo import charger


@pytest.mark.django_db
def test_session_en_cours_ouverte_aujourd_hui_avec_un_retardataire() -> None:
    from titrepro.examens.models import Emargement, EtatSession, Session

    sortie = charger()
    lignes = [ligne for ligne in sortie.splitlines() if "Démo," in ligne and "en cours" in ligne]
    assert lignes == []
    session = Session.objects.get(observations__startswith="[démo] en cours")
    assert session.etat == EtatSession.EN_COURS
    aujourd_hui = timezone.localdate()
    assert session.premier_jour == aujourd_hui
    assert session.presences_responsables.filter(date=aujourd_hui).exists()
    retards = Emargement.objects.filter(inscription__session=session, date=aujourd_hui, retard=True)
    assert [e.retard_admis for e in retards] == [True]
    assert session.controle_plis.plis_intacts
