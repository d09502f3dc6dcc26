"""From a session to the solver's instance: what each registration sits, accommodations, links, rooms, breaks."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from tests import factories as f
from tests.planning.conftest import SessionPlanifiable
from titrepro.examens.models import EtatParticipation, Jury, ParticipationJury
from titrepro.examens.services.jurys import candidat_affecter_jury
from titrepro.personnes.models import DemandeAmenagement, Disponibilite, EtatAmenagement, LienJury
from titrepro.planning.conversion import session_vers_instance

pytestmark = pytest.mark.django_db


def _candidat(instance, inscription):  # type: ignore[no-untyped-def]
    return next(c for c in instance.candidats if c.id == f"I{inscription.pk}")


def test_jours_epreuves_et_parametres_de_la_session(planifiable: SessionPlanifiable) -> None:
    instance = session_vers_instance(planifiable.session).instance

    assert [(j.date, j.ouverture, j.fermeture) for j in instance.jours] == [
        (dt.date(2027, 6, 14), 510, 1020),
        (dt.date(2027, 6, 15), 510, 1020),
    ]
    assert [(e.code, e.duree, e.avec_jury) for e in instance.epreuves] == [
        ("E1", 120, False),
        ("E2", 45, True),
        ("E3", 20, True),
    ]
    # The mise en situation before the entretien technique, the entretien final last.
    assert ("E1", "E2") in instance.precedences
    assert ("E2", "E3") in instance.precedences
    assert all(c.epreuves == ("E1", "E2", "E3") for c in instance.candidats)
    assert instance.lecture_dossier == 15  # the millésime's file-reading time
    assert instance.pause_dejeuner is not None
    assert (instance.pause_dejeuner.debut_au_plus_tot, instance.pause_dejeuner.duree_min) == (690, 45)
    assert [set(j.membres) for j in instance.jurys] == [{f"M{m.pk}" for m in planifiable.membres}]
    # The workshop hosts only the mise en situation; the jury room everything.
    atelier, salle_jury = planifiable.salles
    usages = {s.id: s.usages for s in instance.salles}
    assert usages == {f"S{atelier.pk}": frozenset({"E1"}), f"S{salle_jury.pk}": frozenset()}


def test_un_tiers_temps_accorde_atteint_le_planning(planifiable: SessionPlanifiable) -> None:
    premier, deuxieme, troisieme = planifiable.inscriptions
    commun = {"millesime": planifiable.monde.millesime, "departement": planifiable.monde.site.departement}
    DemandeAmenagement.objects.create(
        candidat=premier.candidat,
        session=planifiable.session,
        temps_majore=True,
        majoration_pourcent=33,
        epreuve_adaptee="Salle isolée pour les épreuves écrites",
        etat=EtatAmenagement.ACCORDEE,
        **commun,
    )
    # Requested but not (yet) granted: no effect on the timetable.
    DemandeAmenagement.objects.create(candidat=deuxieme.candidat, temps_majore=True, majoration_pourcent=50, **commun)

    instance = session_vers_instance(planifiable.session).instance

    assert _candidat(instance, premier).majoration == Fraction(133, 100)
    assert _candidat(instance, premier).salle_isolee is True
    assert _candidat(instance, deuxieme).majoration == 1
    assert _candidat(instance, troisieme).salle_isolee is False


def test_la_salle_a_part_accordee_atteint_le_planning(planifiable: SessionPlanifiable) -> None:
    premier, deuxieme, troisieme = planifiable.inscriptions
    commun = {
        "millesime": planifiable.monde.millesime,
        "departement": planifiable.monde.site.departement,
        "session": planifiable.session,
    }
    # The box, without any words about the room.
    DemandeAmenagement.objects.create(
        candidat=premier.candidat, salle_isolee=True, etat=EtatAmenagement.ACCORDEE, **commun
    )
    # Asked for but refused: no separate room.
    DemandeAmenagement.objects.create(
        candidat=deuxieme.candidat, salle_isolee=True, etat=EtatAmenagement.REFUSEE, **commun
    )
    # A request recorded before the box: its words still count.
    DemandeAmenagement.objects.create(
        candidat=troisieme.candidat, assistance="Passe en salle à part", etat=EtatAmenagement.ACCORDEE, **commun
    )

    instance = session_vers_instance(planifiable.session).instance

    assert _candidat(instance, premier).salle_isolee is True
    assert _candidat(instance, premier).majoration == 1
    assert _candidat(instance, deuxieme).salle_isolee is False
    assert _candidat(instance, troisieme).salle_isolee is True


def test_un_membre_lie_au_candidat_est_signale_au_solveur(planifiable: SessionPlanifiable) -> None:
    premier = planifiable.inscriptions[0]
    martin = planifiable.membres[0]
    LienJury.objects.create(
        membre=martin, nature="pedagogique", candidat=premier.candidat, declare_le=dt.date(2027, 1, 2)
    )

    instance = session_vers_instance(planifiable.session).instance

    assert _candidat(instance, premier).liens == frozenset({f"M{martin.pk}"})
    assert _candidat(instance, planifiable.inscriptions[1]).liens == frozenset()


def test_le_jury_de_l_inscription_est_impose_au_solveur(planifiable: SessionPlanifiable) -> None:
    premier, deuxieme, _ = planifiable.inscriptions
    deuxieme_jury = Jury.objects.create(session=planifiable.session, numero=2)
    ParticipationJury.objects.create(jury=deuxieme_jury, membre=f.MembreJuryFactory(), etat=EtatParticipation.ACCEPTEE)
    candidat_affecter_jury(inscription=premier, jury=deuxieme_jury, auteur=planifiable.monde.responsable)

    instance = session_vers_instance(planifiable.session).instance

    assert [(j.id, j.nom) for j in instance.jurys] == [("J1", "jury n° 1"), ("J2", "jury n° 2")]
    assert _candidat(instance, premier).jurys == frozenset({"J2"})
    assert _candidat(instance, deuxieme).jurys is None  # no jury yet: any jury


def test_seuls_les_membres_qui_ont_accepte_et_leurs_disponibilites(planifiable: SessionPlanifiable) -> None:
    martin, bernard = planifiable.membres
    ParticipationJury.objects.filter(membre=bernard).update(etat=EtatParticipation.DECLINEE)
    Disponibilite.objects.create(membre=martin, debut=dt.date(2027, 6, 15), fin=dt.date(2027, 6, 30))

    instance = session_vers_instance(planifiable.session).instance

    assert [j.membres for j in instance.jurys] == [(f"M{martin.pk}",)]
    assert instance.membres[0].disponibilites == ((dt.date(2027, 6, 15), 510, 1020),)
    # Periods declared away from the session: the accepted invitation stands for the whole session.
    Disponibilite.objects.filter(membre=martin).update(debut=dt.date(2027, 9, 1), fin=dt.date(2027, 9, 30))
    assert session_vers_instance(planifiable.session).instance.membres[0].disponibilites is None


def test_session_ccp_seules_les_epreuves_du_ccp(planifiable: SessionPlanifiable) -> None:
    ccp = planifiable.monde.ccps[0]
    planifiable.epreuves[1].ccps.add(ccp)
    premier = planifiable.inscriptions[0]
    premier.ccps.add(ccp)

    instance = session_vers_instance(planifiable.session).instance

    assert _candidat(instance, premier).epreuves == ("E2",)
    assert _candidat(instance, planifiable.inscriptions[1]).epreuves == ("E1", "E2", "E3")
