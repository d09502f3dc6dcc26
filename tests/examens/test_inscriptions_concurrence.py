"""SES-RATTACHEMENT under concurrency (PostgreSQL only): a registration cannot slip in after the lock.

One thread issues the convocations while holding the session row (``select_for_update``),
another registers a candidate at the same moment on its own connection: the registration
waits for the lock, reads the new state and is refused; no row is created.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from tests import factories as f
from tests.examens.conftest import JOUR
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import EtatSession, Inscription, Session
from titrepro.examens.services.inscriptions import inscription_ajouter
from titrepro.personnes.models import Formation

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="verrous de ligne : PostgreSQL seulement"),
    pytest.mark.django_db(transaction=True),
]

ATTENTE = 0.6
"""Seconds the convocation thread keeps the lock once taken."""


def test_a_registration_racing_with_the_convocations_is_refused(monde_session, session_creee):
    candidat = f.CandidatFactory(organismes=[monde_session.organisme])
    Formation.objects.create(
        candidat=candidat,
        organisme=monde_session.organisme,
        millesime=monde_session.millesime,
        statut="stagiaire",
        debut=dt.date(2026, 9, 1),
        fin=dt.date(2027, 5, 31),
    )
    verrou_pris = threading.Event()
    erreurs: list[BaseException] = []
    resultats: dict[str, Any] = {}

    def emettre_convocations() -> None:
        try:
            with transaction.atomic():
                session = Session.objects.select_for_update().get(pk=session_creee.pk)
                verrou_pris.set()
                time.sleep(ATTENTE)
                session.emettre_convocations(jour=dt.date(2027, 5, 3))
                session.save()
        except BaseException as exc:  # pragma: no cover - reported below
            erreurs.append(exc)
        finally:
            verrou_pris.set()
            connections.close_all()

    def inscrire() -> None:
        verrou_pris.wait(timeout=10)
        debut = time.monotonic()
        try:
            inscription_ajouter(
                session=session_creee,  # a stale object: still « en préparation » in memory
                candidat=candidat,
                public="formation",
                auteur=monde_session.responsable,
                jour=JOUR,
            )
        except RegleRefusee as exc:
            resultats["refus"] = exc
        except BaseException as exc:  # pragma: no cover - reported below
            erreurs.append(exc)
        finally:
            resultats["attente"] = time.monotonic() - debut
            connections.close_all()

    fils = [threading.Thread(target=emettre_convocations), threading.Thread(target=inscrire)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=30)

    assert erreurs == []
    assert resultats["attente"] >= ATTENTE / 2, "l'inscription n'a pas attendu le verrou de la session"
    assert resultats["refus"].regle == "SES-RATTACHEMENT"
    assert "une nouvelle session est nécessaire" in resultats["refus"].message
    assert Session.objects.get(pk=session_creee.pk).etat == EtatSession.CONVOQUEE
    assert not Inscription.objects.filter(session=session_creee).exists()
