"""Demo session « résultats saisis » (issue 7, part RESULTATS), built through the real services.

A « BIM » session of Centre Horizon (Lyon) that ran last week: created 5 months before, two trainees
registered and convened by registered letter more than a month before, a jury of two members who
accepted; on the first day the responsable and the jury are present, the session is opened, the
candidates check in; then the jury members enter the results in their portal: Lucas FONTAINE obtains
the titre, Chloé MERCIER a partial success (CCP 1 acquired, written to her parcours); the responsable
closes the entry. Each step is a warning, never a crash, when a rule refuses (a demo loaded long after
its dates).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from titrepro.examens.models import Inscription, Session
from titrepro.examens.services import deroulement
from titrepro.referentiel.models import Millesime
from titrepro.resultats import services as resultats

CLE_RESULTATS = "résultats saisis"


def session_resultats_saisis(*, bim: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    from titrepro.demo import sessions as demo

    session: Session | None = demo._creer(
        cle=CLE_RESULTATS,
        millesime=bim,
        premier=jour - dt.timedelta(days=12),
        cree_le=jour - dt.timedelta(days=160),
        etape=etape,
        **contexte,
    )
    if session is None:
        return
    premier = session.premier_jour
    convocation_le = premier - dt.timedelta(days=35)
    demo._convoquer_deux_stagiaires_bim(
        session, auteur=session.responsable, convocation_le=convocation_le, etape=etape, suivi=200_000_000
    )
    ouverture = timezone.make_aware(dt.datetime.combine(premier, dt.time(8, 30)))
    etape(
        "présences du premier jour",
        lambda: deroulement.presences_enregistrer(
            session=session,
            auteur=session.responsable,
            jour=premier,
            heure=dt.time(8, 0),
            responsables=[session.responsable],
            jures=deroulement.participations_presentables(session),
        ),
    )
    etape(
        "ouverture de la session",
        lambda: deroulement.session_ouvrir(
            session=session, auteur=session.responsable, jour=premier, maintenant=ouverture
        ),
    )
    adresses = {
        "FONTAINE": deroulement.NouvelleAdresse(voie="12 rue des Tanneurs", code_postal="69200", commune="Vénissieux"),
        "MERCIER": deroulement.NouvelleAdresse(voie="4 avenue Pierre Brossolette", code_postal="69500", commune="Bron"),
    }
    for inscription in Inscription.objects.filter(session=session).select_related("candidat"):
        sans_adresse = not inscription.candidat.adresses.exists()
        etape(
            f"émargement de {inscription.candidat}",
            lambda i=inscription, a=sans_adresse: deroulement.candidat_emarger(
                inscription=i,
                auteur=session.responsable,
                jour=premier,
                heure_arrivee=dt.time(8, 15),
                piece_identite="cni",
                identite_verifiee=True,
                nouvelle_adresse=adresses.get(i.candidat.nom_naissance) if a else None,
            ),
        )
    ccps = list(bim.ccps.order_by("numero"))
    for inscription in Inscription.objects.filter(session=session).select_related("candidat", "jury"):
        reussit_tout = inscription.candidat.nom_naissance == "FONTAINE"
        jure = (
            next((p.membre.compte for p in inscription.jury.participations.all() if p.membre.compte_id), None)
            if inscription.jury
            else None
        )
        par = jure or session.responsable
        for rang, ccp in enumerate(ccps):
            acquis = reussit_tout or rang == 0
            etape(
                f"résultat {ccp} de {inscription.candidat}",
                lambda i=inscription, c=ccp, a=acquis, p=par: resultats.resultat_saisir(
                    inscription=i,
                    par=p,
                    ccp=c,
                    acquis=a,
                    observations="Compétences démontrées." if a else "Compétences à consolider.",
                ),
            )
        etape(
            f"décision pour {inscription.candidat}",
            lambda i=inscription, p=par: resultats.decision_enregistrer(
                inscription=i, par=p, observations="Décision du jury après délibération."
            ),
        )
    etape(
        "clôture de la saisie",
        lambda: resultats.saisie_cloturer(session=session, par=session.responsable),
    )
