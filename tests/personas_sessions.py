"""Objects of the sessions issues, added to the persona world (tests.personas).

Each organisme has one session (« en préparation ») of the world's millésime on its site,
covered by its agrément, with two days, one jury, and one registered candidate with a
convocation recorded (not yet issued). In organisme A, candidat_a is registered and
jury_a is invited: the candidate and jury personas see session A, nothing of B.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from titrepro.examens.models import (
    Convocation,
    EtatSession,
    Inscription,
    JourSession,
    Jury,
    ParticipationJury,
    Session,
)

PREMIER_JOUR = dt.date(2027, 6, 14)


def ajouter_sessions(monde: Any) -> None:
    responsables = {"a": monde.utilisateurs["responsable_session"], "b": monde.utilisateurs["externe"]}
    for cle in ("a", "b"):
        session = Session.objects.create(
            organisme=monde.objets[f"organisme_{cle}"],
            site=monde.objets[f"site_{cle}"],
            agrement=monde.objets[f"agrement_{cle}"],
            millesime=monde.objets["millesime"],
            premier_jour=PREMIER_JOUR,
            dernier_jour=PREMIER_JOUR + dt.timedelta(days=1),
            responsable=responsables[cle],
            etat=EtatSession.CREEE,
            creee_le=dt.date(2027, 1, 4),
            programmee_le=dt.date(2027, 1, 4),
        )
        for decalage in (0, 1):
            JourSession.objects.create(session=session, date=PREMIER_JOUR + dt.timedelta(days=decalage))
        jury = Jury.objects.create(session=session, numero=1)
        participation = ParticipationJury.objects.create(jury=jury, membre=monde.objets[f"jury_{cle}"])
        inscription = Inscription.objects.create(
            session=session,
            candidat=monde.objets[f"candidat_{cle}"],
            public="formation",
            jury=jury,
            inscrit_le=dt.date(2027, 1, 10),
            inscrit_par=responsables[cle],
        )
        convocation = Convocation.objects.create(inscription=inscription, mode="lrar")
        monde.objets.update(
            {
                f"session_{cle}": session,
                f"jury_session_{cle}": jury,
                f"participation_{cle}": participation,
                f"inscription_{cle}": inscription,
                f"convocation_{cle}": convocation,
            }
        )
        ajouter_commande_dte(monde, cle, session, responsables[cle])  # issue 6, DTE orders (h4)
        ajouter_convocations(monde, cle, session, convocation, responsables[cle])  # issue 6, convocations (h5)


def ajouter_commande_dte(monde: Any, cle: str, session: Session, auteur: Any) -> None:
    """A draft DTE order per session (commande_a, commande_b): seen by the session's organisme team, the DDETS
    of the site's département, the GEV and the administrator (not the DREETS)."""
    from titrepro.dte.models import CommandeDte

    commande = CommandeDte.objects.create(
        session=session,
        secteur="tertiaire",
        nombre_candidats=1,
        nombre_sujets=2,
        courriel_livraison=f"livraison-{cle}@exemple.fr",
        contact_livraison=f"Responsable {cle.upper()}",
        telephone_livraison="0102030405",
        adresse_livraison=session.site.adresse,
        code_postal_livraison=session.site.code_postal,
        commune_livraison=session.site.commune,
        cree_par=auteur,
    )
    monde.objets[f"commande_{cle}"] = commande


def ajouter_convocations(monde: Any, cle: str, session: Session, convocation: Convocation, auteur: Any) -> None:
    """The convocation's proof (a scanned receipt) and a finished « all convocations » PDF (lot_a, lot_b):
    the lot is seen by the session's organisme team, the DDETS and the DREETS, not the candidates nor the jury."""
    from django.core.files.base import ContentFile

    from titrepro.examens.models import DocumentConvocations, EtatDocument

    pdf = b"%PDF-1.4\n%fictif\n"
    convocation.preuve.save("accuse-reception.pdf", ContentFile(pdf), save=False)
    convocation.preuve_nom = "accuse-reception.pdf"
    convocation.save()
    lot = DocumentConvocations.objects.create(
        session=session, auteur=auteur, etat=EtatDocument.TERMINE, total=1, traites=1
    )
    lot.fichier.save("convocations.pdf", ContentFile(pdf), save=True)
    monde.objets[f"lot_{cle}"] = lot
