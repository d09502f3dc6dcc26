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
        ajouter_jour(monde, cle, session, inscription, responsables[cle])  # issue 7, the exam day (JOUR)
        ajouter_planning(monde, cle, session, inscription, jury)  # issue 8, planning
        ajouter_pv(monde, cle, session)  # issue 7, PV


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


def ajouter_planning(monde: Any, cle: str, session: Session, inscription: Inscription, jury: Jury) -> None:
    """A room on each site (salle_a, salle_b: read like the site) and the published timetable of the session with
    one slot (planning_a, creneau_a…): the timetable is read by the session's organisme team (not the formateur),
    the DDETS, the DREETS and the session's jury members; a slot is also seen by its own candidate. A draft next
    version with one slot (brouillon_a, creneau_brouillon_a…): neither the jury members nor the candidate."""
    from titrepro.planning.models import Creneau, EtatPlanning, OriginePlanning, Planning, Salle
    from titrepro.referentiel.models import Epreuve

    epreuve = Epreuve.objects.get_or_create(
        millesime=monde.objets["millesime"], ordre=1, defaults={"type": "entretien_technique", "duree_minutes": 60}
    )[0]
    salle = Salle.objects.create(site=session.site, nom="Salle 1", capacite=2)
    planning = Planning.objects.create(
        session=session, version=1, origine=OriginePlanning.MANUEL, etat=EtatPlanning.PUBLIE
    )
    brouillon = Planning.objects.create(session=session, version=2, origine=OriginePlanning.MANUEL)
    creneau, creneau_brouillon = (
        Creneau.objects.create(
            planning=version,
            inscription=inscription,
            epreuve=epreuve,
            jour=session.premier_jour,
            debut=debut,
            fin=debut + 60,
            jury=jury,
            salle=salle,
        )
        for version, debut in ((planning, 540), (brouillon, 600))
    )
    monde.objets.update(
        {
            f"salle_{cle}": salle,
            f"planning_{cle}": planning,
            f"creneau_{cle}": creneau,
            f"brouillon_{cle}": brouillon,
            f"creneau_brouillon_{cle}": creneau_brouillon,
        }
    )


def ajouter_jour(monde: Any, cle: str, session: Session, inscription: Inscription, auteur: Any) -> None:
    """Issue 7 (JOUR): a signed attendance sheet (feuille_a/b), an absence not justified (absence_a/b) and an incident
    with its signed report (incident_a/b), read by the session's organisme team (not the formateur), the DDETS
    of the site's département, the DREETS of its région and the administrator — never candidates nor jury."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from titrepro.examens.models import Absence, FeuilleEmargement, Incident

    pdf = b"%PDF-1.4\n%fictif\n"
    feuille = FeuilleEmargement(session=session, date=PREMIER_JOUR, fichier_nom="emargement.pdf", deposee_par=auteur)
    feuille.fichier.save("emargement.pdf", ContentFile(pdf), save=True)
    # Not justified, no file: a stored document would keep the persona registrations from being deleted
    # (ARC-CONSERVATION guard); tests/examens/test_deroulement_pages.py downloads a real proof.
    absence = Absence.objects.create(inscription=inscription, constatee_le=PREMIER_JOUR, motif="Absent sans nouvelles")
    incident = Incident(  # no candidate: the persona inscriptions stay deletable (an incident protects its own)
        session=session,
        nature="technique",
        description="Coupure de courant de 20 minutes sur le plateau",
        survenu_le=dt.datetime(2027, 6, 14, 10, 0, tzinfo=dt.UTC),
        signale_par=auteur,
        rapport_nom="rapport.pdf",
    )
    incident.rapport.save("rapport.pdf", ContentFile(pdf), save=False)
    incident.save()
    monde.objets.update({f"feuille_{cle}": feuille, f"absence_{cle}": absence, f"incident_{cle}": incident})


def ajouter_pv(monde: Any, cle: str, session: Session) -> None:
    """A PV record with one stored document per session (pv_document_a, pv_document_b): read by the session's
    organisme team (not the formateur), the DDETS, the DREETS and the session's jury members — never candidates."""
    from django.core.files.base import ContentFile

    from titrepro.proces_verbaux.models import DocumentPv, ProcesVerbal, empreinte_contenu

    pdf = b"%PDF-1.4\n%pv fictif\n"
    pv = ProcesVerbal.objects.create(session=session, version=1)
    document = DocumentPv(
        proces_verbal=pv, version=1, type_document="general", nom="pv-general.pdf", empreinte=empreinte_contenu(pdf)
    )
    document.fichier.save("pv-general.pdf", ContentFile(pdf), save=True)
    monde.objets[f"pv_document_{cle}"] = document
