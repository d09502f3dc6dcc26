"""Juries of a session: the member search, invitations and answers, SES-JURY-MIN, SES-JURY-LIENS, pages and API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.examens.conftest import PREMIER_JOUR
from titrepro.comptes.roles import Role
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import EtatParticipation, EtatSession, Inscription, JourSession, Jury, Session
from titrepro.examens.services import jurys as services
from titrepro.personnes.models import Disponibilite, Habilitation, LienJury

pytestmark = pytest.mark.django_db

JOUR = dt.date(2027, 1, 4)
DEUXIEME_JOUR = PREMIER_JOUR + dt.timedelta(days=1)


def session_de(monde: Any, **champs: Any) -> Session:
    valeurs: dict[str, Any] = {
        "organisme": monde.organisme,
        "site": monde.site,
        "agrement": monde.agrement,
        "millesime": monde.millesime,
        "premier_jour": PREMIER_JOUR,
        "dernier_jour": DEUXIEME_JOUR,
        "responsable": monde.responsable,
        "etat": EtatSession.CREEE,
        "creee_le": JOUR,
    }
    valeurs.update(champs)
    session = Session.objects.create(**valeurs)
    session.suppleants.set([monde.suppleant])
    for jour in (PREMIER_JOUR, DEUXIEME_JOUR):
        JourSession.objects.create(session=session, date=jour)
    return session


def membre(
    monde: Any,
    nom: str,
    *,
    debut: dt.date = dt.date(2026, 1, 1),
    fin: dt.date = dt.date(2028, 12, 31),
    disponible: tuple[dt.date, dt.date] | None = (dt.date(2027, 6, 1), dt.date(2027, 6, 30)),
    experience: int = 10,
    compte: bool = True,
    departement: str = "75",
) -> Any:
    """A jury member habilitated on the world's millésime from ``debut`` to ``fin``, available, eligible."""
    fiche = f.MembreJuryFactory(
        nom=nom, experience_annees=experience, departement=f.departement(departement), email=f"{nom.lower()}@jury.fr"
    )
    Habilitation.objects.create(
        membre=fiche,
        millesime=monde.millesime,
        debut=debut,
        fin=fin,
        demandee_le=dt.date(2025, 12, 1),
        etat="active",
        accordee_le=dt.date(2025, 12, 15),
    )
    if disponible:
        Disponibilite.objects.create(membre=fiche, debut=disponible[0], fin=disponible[1])
    if compte:
        user = f.UtilisateurFactory(email=f"compte-{nom.lower()}@jury.fr", prenom=nom)
        f.AffectationFactory(utilisateur=user, role=Role.MEMBRE_JURY)
        fiche.compte = user
        fiche.save()
    return fiche


def inscrire(session: Session, candidat: Any, jury: Jury | None = None) -> Inscription:
    return Inscription.objects.create(
        session=session, candidat=candidat, public="formation", jury=jury, inscrit_le=JOUR
    )


def lier(fiche: Any, candidat: Any) -> LienJury:
    return LienJury.objects.create(membre=fiche, nature="pedagogique", candidat=candidat, declare_le=JOUR)


def client_pour(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def session(monde_session: Any) -> Session:
    return session_de(monde_session)


# ------------------------------------------------------------------------------------------- search


def test_search_keeps_only_habilitated_available_eligible_members_not_already_in_a_jury(monde_session, session):
    retenu = membre(monde_session, "RETENU")
    lyonnais = membre(monde_session, "LYONNAIS", departement="69")  # any département
    membre(monde_session, "PARTIEL", fin=PREMIER_JOUR)  # habilitation ends before the second day
    membre(monde_session, "OCCUPE", disponible=(dt.date(2027, 6, 1), PREMIER_JOUR))  # not available on day 2
    membre(monde_session, "SANSAGENDA", disponible=None)
    membre(monde_session, "DEBUTANT", experience=1)  # JUR-ELIGIBILITE: less than 3 years
    deja = membre(monde_session, "DEJA")
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    services.membre_inviter(jury=jury, membre=deja, auteur=monde_session.responsable, jour=JOUR)

    resultats = services.membres_rechercher(session=session, auteur=monde_session.responsable, jour=JOUR)

    assert {r.membre for r in resultats} == {retenu, lyonnais}
    ligne = next(r for r in resultats if r.membre == retenu)
    assert (ligne.habilitation_debut, ligne.habilitation_fin) == (dt.date(2026, 1, 1), dt.date(2028, 12, 31))
    assert ligne.candidats_lies == ()


def test_two_consecutive_habilitations_cover_the_session_together(monde_session, session):
    relais = membre(monde_session, "RELAIS", fin=PREMIER_JOUR)
    Habilitation.objects.create(
        membre=relais,
        millesime=monde_session.millesime,
        debut=DEUXIEME_JOUR,
        fin=dt.date(2029, 1, 1),
        demandee_le=JOUR,
        etat="active",
    )
    resultats = services.membres_selectionnables(session, jour=JOUR)
    assert [(r.membre, r.habilitation_debut, r.habilitation_fin) for r in resultats] == [
        (relais, dt.date(2026, 1, 1), dt.date(2029, 1, 1))
    ]


def test_a_linked_member_stays_selectable_with_the_linked_candidates_named(monde_session, session):
    candidat = f.CandidatFactory(nom_naissance="LIEE", prenoms="Camille", organismes=[monde_session.organisme])
    inscrire(session, candidat)
    lie = membre(monde_session, "FORMATEUR")
    lier(lie, candidat)
    (ligne,) = services.membres_selectionnables(session, jour=JOUR)
    assert ligne.membre == lie
    assert ligne.candidat_ids_lies == {candidat.pk}
    assert "LIEE" in ligne.candidats_lies[0]


def test_only_the_session_team_searches(monde_session, session):
    membre(monde_session, "RETENU")
    for intrus in (monde_session.gestionnaire_autre, monde_session.agent_ddets, monde_session.responsable_organisme):
        with pytest.raises(PermissionDenied):
            services.membres_rechercher(session=session, auteur=intrus, jour=JOUR)


# ------------------------------------------------------------------------------------------- invite


def test_invitation_creates_the_participation_and_mails_the_member(
    monde_session, session, django_capture_on_commit_callbacks
):
    invite = membre(monde_session, "INVITE")
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.membre_inviter(jury=jury, membre=invite, auteur=monde_session.suppleant, jour=JOUR)
    assert jury.numero == 1
    assert participation.etat == EtatParticipation.INVITEE
    assert participation.invitee_le is not None
    (courriel,) = mail.outbox
    assert courriel.to == ["invite@jury.fr"]
    assert session.numero in courriel.subject
    assert "/espace-jury/invitations/" in courriel.body
    assert "Site Session" in courriel.body


def test_a_member_without_portal_account_is_told_the_ddets_creates_it(
    monde_session, session, django_capture_on_commit_callbacks
):
    sans_compte = membre(monde_session, "SANSCOMPTE", compte=False)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    with django_capture_on_commit_callbacks(execute=True):
        services.membre_inviter(jury=jury, membre=sans_compte, auteur=monde_session.responsable, jour=JOUR)
    assert "la DDETS de votre département" in mail.outbox[0].body
    assert "crée les comptes du portail jury" in mail.outbox[0].body
    page = client_pour(monde_session.responsable).get(reverse("web:session_jurys", args=[session.pk]))
    assert "Pas encore de compte sur le portail jury" in page.content.decode()


def test_invitation_refused_without_habilitation_covering_every_day(monde_session, session):
    partiel = membre(monde_session, "PARTIEL", fin=PREMIER_JOUR)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    with pytest.raises(RegleRefusee) as refus:
        services.membre_inviter(jury=jury, membre=partiel, auteur=monde_session.responsable, jour=JOUR)
    assert refus.value.regle == "SES-JURY-HABILITATION"
    assert "doit couvrir chaque jour" in refus.value.message


def test_invitation_refused_for_a_member_without_any_habilitation(monde_session, session):
    inconnu = f.MembreJuryFactory(nom="INCONNU", experience_annees=10)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    with pytest.raises(RegleRefusee) as refus:
        services.membre_inviter(jury=jury, membre=inconnu, auteur=monde_session.responsable, jour=JOUR)
    assert refus.value.regle == "SES-JURY-HABILITATION"
    assert "Aucune habilitation" in refus.value.message


def test_invitation_refused_for_an_ineligible_member(monde_session, session):
    debutant = membre(monde_session, "DEBUTANT", experience=1)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    with pytest.raises(RegleRefusee) as refus:
        services.membre_inviter(jury=jury, membre=debutant, auteur=monde_session.responsable, jour=JOUR)
    assert refus.value.regle == "JUR-ELIGIBILITE"


def test_a_member_sits_in_one_jury_of_the_session_only(monde_session, session):
    double = membre(monde_session, "DOUBLE")
    jury_1 = services.jury_creer(session=session, auteur=monde_session.responsable)
    jury_2 = services.jury_creer(session=session, auteur=monde_session.responsable)
    services.membre_inviter(jury=jury_1, membre=double, auteur=monde_session.responsable, jour=JOUR)
    with pytest.raises(ValidationError, match="déjà membre du jury 1"):
        services.membre_inviter(jury=jury_2, membre=double, auteur=monde_session.responsable, jour=JOUR)


def test_another_organisme_cannot_compose_the_jury(monde_session, session):
    invite = membre(monde_session, "INVITE")
    with pytest.raises(PermissionDenied):
        services.jury_creer(session=session, auteur=monde_session.gestionnaire_autre)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    with pytest.raises(PermissionDenied):
        services.membre_inviter(jury=jury, membre=invite, auteur=monde_session.gestionnaire_autre, jour=JOUR)


# ------------------------------------------------------------------------------------------- SES-JURY-LIENS


def test_a_linked_member_cannot_be_invited_into_the_jury_of_their_candidate(monde_session, session):
    candidat = f.CandidatFactory(nom_naissance="LIEE", prenoms="Camille", organismes=[monde_session.organisme])
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    inscrire(session, candidat, jury=jury)
    lie = membre(monde_session, "FORMATEUR")
    lier(lie, candidat)
    with pytest.raises(RegleRefusee) as refus:
        services.membre_inviter(jury=jury, membre=lie, auteur=monde_session.responsable, jour=JOUR)
    assert refus.value.regle == "SES-JURY-LIENS"
    assert "FORMATEUR" in refus.value.message
    assert "LIEE" in refus.value.message
    # ... but into another jury of the session, yes.
    autre = services.jury_creer(session=session, auteur=monde_session.responsable)
    services.membre_inviter(jury=autre, membre=lie, auteur=monde_session.responsable, jour=JOUR)


def test_a_candidate_is_not_assigned_to_the_jury_of_a_linked_member(monde_session, session):
    candidat = f.CandidatFactory(nom_naissance="LIEE", prenoms="Camille", organismes=[monde_session.organisme])
    inscription = inscrire(session, candidat)
    jury_1 = services.jury_creer(session=session, auteur=monde_session.responsable)
    jury_2 = services.jury_creer(session=session, auteur=monde_session.responsable)
    lie = membre(monde_session, "FORMATEUR")
    lier(lie, candidat)
    services.membre_inviter(jury=jury_1, membre=lie, auteur=monde_session.responsable, jour=JOUR)
    with pytest.raises(RegleRefusee) as refus:
        services.candidat_affecter_jury(inscription=inscription, jury=jury_1, auteur=monde_session.responsable)
    assert refus.value.regle == "SES-JURY-LIENS"
    assert "FORMATEUR" in refus.value.message
    assert "LIEE" in refus.value.message
    services.candidat_affecter_jury(inscription=inscription, jury=jury_2, auteur=monde_session.responsable)
    inscription.refresh_from_db()
    assert inscription.jury == jury_2


def test_a_link_through_the_organisme_counts_too(monde_session, session):
    candidat = f.CandidatFactory(nom_naissance="STAGIAIRE", organismes=[monde_session.organisme])
    inscription = inscrire(session, candidat)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    salarie = membre(monde_session, "SALARIE")
    LienJury.objects.create(membre=salarie, nature="professionnel", organisme=monde_session.organisme, declare_le=JOUR)
    services.membre_inviter(jury=jury, membre=salarie, auteur=monde_session.responsable, jour=JOUR)
    with pytest.raises(RegleRefusee, match="STAGIAIRE"):
        services.candidat_affecter_jury(inscription=inscription, jury=jury, auteur=monde_session.responsable)


# ------------------------------------------------------------------------------------------- answers, SES-JURY-MIN


def jury_de_deux(monde: Any, session: Session) -> tuple[Jury, Any, Any]:
    jury = services.jury_creer(session=session, auteur=monde.responsable)
    premier, second = membre(monde, "PREMIER"), membre(monde, "SECOND")
    p1 = services.membre_inviter(jury=jury, membre=premier, auteur=monde.responsable, jour=JOUR)
    p2 = services.membre_inviter(jury=jury, membre=second, auteur=monde.responsable, jour=JOUR)
    return jury, p1, p2


def test_jury_min_counts_invited_and_accepted_and_says_how_many_accepted(monde_session, session):
    assert services.verdict_jury_min(session, jour=JOUR).ok is False  # no jury at all
    jury, p1, _p2 = jury_de_deux(monde_session, session)
    services.participation_repondre(participation=p1, auteur=p1.membre.compte, accepte=True)
    verdict = services.verdict_jury_min(session, jour=JOUR)
    assert verdict.ok
    assert verdict.code == "SES-JURY-MIN"
    assert "jury 1 : 1 acceptation(s) sur 2 invitation(s)" in verdict.message
    assert "1 sur 2 ont accepté" in services.verdict_jury(jury, jour=JOUR).message


def test_a_decline_reopens_the_gap_and_alerts_the_session_team(
    monde_session, session, django_capture_on_commit_callbacks
):
    jury, p1, _ = jury_de_deux(monde_session, session)
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_repondre(
            participation=p1, auteur=p1.membre.compte, accepte=False, motif="Indisponible ce jour-là"
        )
    p1.refresh_from_db()
    assert p1.etat == EtatParticipation.DECLINEE
    assert p1.motif_reponse == "Indisponible ce jour-là"
    (courriel,) = mail.outbox
    assert set(courriel.to) == {"resp@session.fr", "supp@session.fr"}
    assert "SES-JURY-MIN" in courriel.body
    assert "Indisponible ce jour-là" in courriel.body
    assert "incomplet" in courriel.body
    verdict = services.verdict_jury(jury, jour=JOUR)
    assert not verdict.ok
    assert "jury 1 (1)" in verdict.message

    page = client_pour(monde_session.responsable).get(reverse("web:session_jurys", args=[session.pk]))
    contenu = page.content.decode()
    assert "Incomplet" in contenu
    assert "SES-JURY-MIN" in contenu
    assert "Déclinée" in contenu


def test_only_the_member_answers_their_invitation(monde_session, session):
    _, p1, p2 = jury_de_deux(monde_session, session)
    with pytest.raises(PermissionDenied):
        services.participation_repondre(participation=p1, auteur=p2.membre.compte, accepte=True)
    with pytest.raises(PermissionDenied):
        services.participation_repondre(participation=p1, auteur=monde_session.responsable, accepte=True)


def test_withdrawal_by_the_organisme_is_motivated_and_mailed(
    monde_session, session, django_capture_on_commit_callbacks
):
    _, p1, _ = jury_de_deux(monde_session, session)
    with pytest.raises(ValidationError):
        services.participation_retirer(participation=p1, auteur=monde_session.responsable, motif=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_retirer(participation=p1, auteur=monde_session.responsable, motif="Session réorganisée")
    p1.refresh_from_db()
    assert p1.etat == EtatParticipation.RETIREE
    assert mail.outbox[-1].to == ["premier@jury.fr"]
    assert "Session réorganisée" in mail.outbox[-1].body


def test_a_declined_member_may_be_invited_again(monde_session, session):
    jury, p1, _ = jury_de_deux(monde_session, session)
    services.participation_repondre(participation=p1, auteur=p1.membre.compte, accepte=False)
    encore = services.membre_inviter(jury=jury, membre=p1.membre, auteur=monde_session.responsable, jour=JOUR)
    assert encore.pk == p1.pk
    assert encore.etat == EtatParticipation.INVITEE


def test_only_an_empty_jury_is_removed_and_the_next_ones_move_up(monde_session, session):
    jury_1, _, _ = jury_de_deux(monde_session, session)
    jury_2 = services.jury_creer(session=session, auteur=monde_session.responsable)
    jury_3 = services.jury_creer(session=session, auteur=monde_session.responsable)
    with pytest.raises(ValidationError):
        services.jury_supprimer(jury=jury_1, auteur=monde_session.responsable)
    services.jury_supprimer(jury=jury_2, auteur=monde_session.responsable)
    jury_3.refresh_from_db()
    assert jury_3.numero == 2
    assert list(session.jurys.values_list("numero", flat=True)) == [1, 2]


# ------------------------------------------------------------------------------------------- pages


def test_the_team_searches_and_invites_from_the_page(monde_session, session, django_capture_on_commit_callbacks):
    retenu = membre(monde_session, "RETENU")
    membre(monde_session, "PARTIEL", fin=PREMIER_JOUR)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    client = client_pour(monde_session.responsable)
    url = reverse("web:session_jury_inviter", args=[session.pk, jury.numero])
    page = client.get(url)
    contenu = page.content.decode()
    assert page.status_code == 200
    assert "RETENU" in contenu
    assert "PARTIEL" not in contenu
    assert "retenu@jury.fr" not in contenu  # no contact data in the search
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, {"membre": retenu.pk})
    assert reponse.status_code == 302
    assert jury.participations.get().membre == retenu
    assert mail.outbox[0].to == ["retenu@jury.fr"]


def test_the_page_refuses_an_unselectable_member_without_losing_the_search(monde_session, session):
    partiel = membre(monde_session, "PARTIEL", fin=PREMIER_JOUR)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    reponse = client_pour(monde_session.responsable).post(
        reverse("web:session_jury_inviter", args=[session.pk, jury.numero]), {"membre": partiel.pk}
    )
    assert reponse.status_code == 200
    assert "pas sélectionnable" in reponse.content.decode()
    assert not jury.participations.exists()


def test_assigning_a_candidate_from_the_page_shows_the_liens_refusal(monde_session, session):
    candidat = f.CandidatFactory(nom_naissance="LIEE", organismes=[monde_session.organisme])
    inscription = inscrire(session, candidat)
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    lie = membre(monde_session, "FORMATEUR")
    lier(lie, candidat)
    services.membre_inviter(jury=jury, membre=lie, auteur=monde_session.responsable, jour=JOUR)
    reponse = client_pour(monde_session.responsable).post(
        reverse("web:inscription_jury", args=[inscription.pk]), {f"i{inscription.pk}-jury": jury.pk}
    )
    assert reponse.status_code == 200
    assert "SES-JURY-LIENS" in reponse.content.decode()
    inscription.refresh_from_db()
    assert inscription.jury is None


def test_the_member_sees_and_answers_their_invitations_in_the_portal(
    monde_session, session, django_capture_on_commit_callbacks
):
    _, p1, p2 = jury_de_deux(monde_session, session)
    client = client_pour(p1.membre.compte)
    liste = client.get(reverse("web:espace_jury_invitations")).content.decode()
    assert session.numero in liste
    assert "Site Session" in liste
    assert client.get(reverse("web:espace_jury_repondre", args=[p2.pk])).status_code == 404
    assert client.post(reverse("web:espace_jury_repondre", args=[p2.pk]), {"reponse": "accepter"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("web:espace_jury_repondre", args=[p1.pk]), {"reponse": "decliner", "motif": "Malade"}
        )
    assert reponse.status_code == 302
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert p1.etat == EtatParticipation.DECLINEE
    assert p2.etat == EtatParticipation.INVITEE
    assert any("SES-JURY-MIN" in m.body for m in mail.outbox)


# ------------------------------------------------------------------------------------------- API


def test_api_lists_creates_invites_and_answers(monde_session, session):
    invite = membre(monde_session, "INVITE")
    api = client_pour(monde_session.responsable)
    cree = api.post(f"/api/v1/sessions/{session.pk}/jurys/")
    assert cree.status_code == 201
    assert cree.json()["numero"] == 1
    jury_pk = cree.json()["id"]
    trouves = api.get(f"/api/v1/sessions/{session.pk}/membres-selectionnables/").json()
    assert [t["nom"] for t in trouves] == ["Dominique INVITE"]
    assert "email" not in trouves[0]
    invitation = api.post(
        f"/api/v1/sessions/{session.pk}/jurys/{jury_pk}/invitations/",
        {"membre": invite.pk},
        content_type="application/json",
    )
    assert invitation.status_code == 201
    assert invitation.json()["etat"] == "invitee"
    liste = api.get(f"/api/v1/sessions/{session.pk}/jurys/").json()
    assert liste[0]["participations"][0]["membre"] == invite.pk
    assert liste[0]["jury_min"]["code"] == "SES-JURY-MIN"
    assert liste[0]["jury_min"]["ok"] is False

    participation_pk = invitation.json()["id"]
    url = f"/api/v1/participations-jury/{participation_pk}/repondre/"
    assert api.post(url, {"accepte": True}, content_type="application/json").status_code == 403
    autre = membre(monde_session, "AUTRE")
    assert client_pour(autre.compte).post(url, {"accepte": True}, content_type="application/json").status_code == 404
    reponse = client_pour(invite.compte).post(url, {"accepte": True}, content_type="application/json")
    assert reponse.status_code == 200
    assert reponse.json()["etat"] == "acceptee"


def test_api_rule_refusals_are_422_with_their_code(monde_session, session):
    candidat = f.CandidatFactory(nom_naissance="LIEE", organismes=[monde_session.organisme])
    jury = services.jury_creer(session=session, auteur=monde_session.responsable)
    inscrire(session, candidat, jury=jury)
    lie = membre(monde_session, "FORMATEUR")
    lier(lie, candidat)
    partiel = membre(monde_session, "PARTIEL", fin=PREMIER_JOUR)
    api = client_pour(monde_session.responsable)
    url = f"/api/v1/sessions/{session.pk}/jurys/{jury.pk}/invitations/"
    for fiche, code in ((lie, "SES-JURY-LIENS"), (partiel, "SES-JURY-HABILITATION")):
        reponse = api.post(url, {"membre": fiche.pk}, content_type="application/json")
        assert reponse.status_code == 422
        assert reponse.json()["code"] == "regle_refusee"
        assert reponse.json()["regle"] == code
    assert api.post(url, {"membre": 0}, content_type="application/json").status_code == 400
    autre = client_pour(monde_session.gestionnaire_autre)
    assert autre.post(url, {"membre": lie.pk}, content_type="application/json").status_code == 404


def test_the_session_page_shows_the_jury_panel_and_actions_only_to_the_team(monde_session, session):
    jury, p1, _ = jury_de_deux(monde_session, session)
    url = reverse("web:session", args=[session.pk])
    equipe = client_pour(monde_session.responsable).get(url).content.decode()
    assert "Jury 1" in equipe
    assert "SES-JURY-MIN" in equipe
    assert reverse("web:session_jury_inviter", args=[session.pk, jury.numero]) in equipe
    assert reverse("web:participation_jury_retirer", args=[p1.pk]) in equipe
    ddets = client_pour(monde_session.agent_ddets).get(url).content.decode()
    assert "Jury 1" in ddets
    assert reverse("web:session_jury_inviter", args=[session.pk, jury.numero]) not in ddets


def test_pure_rule_names_the_linked_member_and_candidate():
    from titrepro.conformite.regles.jury import LiensJuryCandidats, liens_candidats

    assert liens_candidats(LiensJuryCandidats(liens=(), jury="jury 1")).ok
    verdict = liens_candidats(LiensJuryCandidats(liens=(("Ada LOVELACE", "BABBAGE Charles"),), jury="jury 2"))
    assert verdict.bloque
    assert verdict.code == "SES-JURY-LIENS"
    assert "Ada LOVELACE a déclaré un lien avec BABBAGE Charles" in verdict.message
