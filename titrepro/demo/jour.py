"""Demo session « en cours » (issue 7, part JOUR), built through the real services.

A « BIM » session of Centre Horizon (Lyon) held today and tomorrow: created 5 months before, two
trainees convened by registered letter more than a month before, a jury of two members who accepted.
This morning the jury visited the plateau with the responsable, the responsable and both members
are recorded present, the session is opened; Lucas FONTAINE checked in on time, Chloé MERCIER
arrived late and was admitted (the end time unchanged); a witness was drawn by lot and the sealed
plis checked intact. Each step is a warning, never a crash, when a rule refuses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from titrepro.comptes.models import Utilisateur
from titrepro.examens.models import Inscription, Session
from titrepro.examens.services import deroulement
from titrepro.examens.services import sessions as services_sessions
from titrepro.referentiel.models import Millesime

CLE_JOUR = "en cours"


def session_en_cours(*, bim: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    from titrepro.demo import sessions as demo

    responsable: Utilisateur = contexte["responsable"]
    session: Session | None = etape(
        f"création de la session « {CLE_JOUR} »",
        lambda: services_sessions.session_creer(
            auteur=responsable,
            organisme=contexte["horizon"],
            site=contexte["lyon"],
            millesime=bim,
            jours=[(jour + dt.timedelta(days=i), *demo.HORAIRES) for i in range(2)],
            responsable=responsable,
            suppleants=list(Utilisateur.objects.filter(email="suppleant@demo.titrepro.fr")),
            observations=demo._cle(CLE_JOUR) + " — session de démonstration (données fictives).",
            jour=jour - dt.timedelta(days=150),
        ),
    )
    if session is None:
        return
    convocation_le = jour - dt.timedelta(days=35)
    demo._convoquer_deux_stagiaires_bim(
        session, auteur=responsable, convocation_le=convocation_le, etape=etape, suivi=300_000_000
    )
    jures = deroulement.participations_presentables(session)
    etape(
        "visite du plateau",
        lambda: deroulement.visite_enregistrer(
            session=session,
            auteur=responsable,
            date=jour,
            heure_debut=dt.time(7, 0),
            duree_minutes=60,
            responsable=responsable,
            membres=jures,
            observations="Plateau conforme au référentiel d'évaluation.",
        ),
    )
    etape(
        "présences du jour",
        lambda: deroulement.presences_enregistrer(
            session=session, auteur=responsable, jour=jour, heure=dt.time(8, 0), responsables=[responsable], jures=jures
        ),
    )

    def a(heure: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(jour, heure))

    etape(
        "ouverture de la session",
        lambda: deroulement.session_ouvrir(
            session=session, auteur=responsable, jour=jour, maintenant=a(dt.time(8, 25))
        ),
    )
    arrivees: dict[str, dict[str, Any]] = {
        "FONTAINE": {"heure_arrivee": dt.time(8, 20)},
        "MERCIER": {
            "heure_arrivee": dt.time(9, 5),
            "retard": True,
            "retard_admis": True,
            "motif_retard": "Train en retard ; admise par la responsable de session.",
        },
    }
    for inscription in Inscription.objects.filter(session=session).select_related("candidat"):
        etape(
            f"émargement de {inscription.candidat}",
            lambda i=inscription: deroulement.candidat_emarger(
                inscription=i,
                auteur=responsable,
                jour=jour,
                piece_identite="cni",
                identite_verifiee=True,
                nouvelle_adresse=None
                if i.candidat.adresses.exists()
                else deroulement.NouvelleAdresse(voie="2 place Bellecour", code_postal="69002", commune="Lyon"),
                **arrivees.get(i.candidat.nom_naissance, {"heure_arrivee": dt.time(8, 20)}),
            ),
        )
    etape(
        "tirage au sort du témoin",
        lambda: deroulement.candidat_tirer_au_sort(session=session, auteur=responsable, maintenant=a(dt.time(9, 10))),
    )
    etape(
        "contrôle des plis",
        lambda: deroulement.plis_controler(
            session=session, auteur=responsable, jour=jour, maintenant=a(dt.time(9, 15)), plis_intacts=True
        ),
    )
