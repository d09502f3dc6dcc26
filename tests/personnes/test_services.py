"""Services of the personnes app: duplicate check, addresses, parcours, rights, accommodations, habilitations."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories as f
from titrepro.conformite.regles.candidats import ConfirmationsAdresse, adresse
from titrepro.core.audit import auteur
from titrepro.core.erreurs import RegleRefusee
from titrepro.personnes import alertes, services
from titrepro.personnes.models import (
    Candidat,
    ConfirmationAutrePersonne,
    DemandeAmenagement,
    Formation,
    Habilitation,
    MembreJury,
)

JOUR = dt.date(2026, 9, 1)
IDENTITE = {
    "nom_naissance": "DUPONT-MARTIN",
    "prenoms": "Élodie",
    "sexe": "F",
    "date_naissance": dt.date(1996, 8, 17),
    "lieu_naissance": "Saint-Étienne",
}


def test_can_adresse_pure_rule_lists_missing_checkpoints():
    entree = ConfirmationsAdresse(
        debut_formation=dt.date(2026, 1, 5),
        fin_formation=dt.date(2026, 6, 30),
        confirmees=frozenset({"debut_formation"}),
        jour=dt.date(2026, 7, 15),
    )
    verdict = adresse(entree)
    assert not verdict.ok
    assert "pendant la formation (dû le 03/04/2026)" in verdict.message
    assert "à la fin de la formation (dû le 30/06/2026)" in verdict.message
    toutes = ConfirmationsAdresse(
        entree.debut_formation, entree.fin_formation, frozenset({"debut_formation", "pendant_formation"}),
        dt.date(2026, 3, 1),
    )  # fmt: skip
    assert adresse(toutes).ok


def test_creation_stops_on_a_probable_duplicate_then_records_the_confirmation(monde):
    organisme = monde.organisme_a
    existant = f.CandidatFactory(**{**IDENTITE, "nom_naissance": "DUPONT MARTIN", "prenoms": "Elodie"})
    user = monde.utilisateurs["responsable_session"]
    with pytest.raises(services.DoublonProbable) as erreur:
        services.candidat_creer(donnees=IDENTITE, organisme=organisme, auteur=user)
    assert erreur.value.trouves[0].candidat_id == existant.pk
    assert "même date de naissance, nom proche : DUPONT-MARTIN / DUPONT MARTIN" in erreur.value.messages[0]
    assert not Candidat.objects.filter(nom_naissance="DUPONT-MARTIN").exists()

    with auteur(user):
        nouveau = services.candidat_creer(donnees=IDENTITE, organisme=organisme, auteur=user, autre_personne=True)
    confirmation = ConfirmationAutrePersonne.objects.get(candidat=nouveau)
    assert confirmation.ressemblant == existant
    assert confirmation.par == user
    entree = LogEntry.objects.get_for_object(nouveau).get(action=LogEntry.Action.CREATE)
    assert entree.additional_data["motif"].startswith("Il s'agit d'une autre personne")
    assert list(nouveau.organismes.all()) == [organisme]


def test_blocking_keys_and_accent_free_search(monde):
    candidat = f.CandidatFactory(nom_naissance="LEFÈVRE", prenoms="Jean-Baptiste", date_naissance=dt.date(1994, 11, 23))
    assert candidat.cle_identite == "LFVR:JN"
    assert candidat.recherche == "LEFEVRE JEAN BAPTISTE"
    assert list(Candidat.objects.rechercher("lefevre jean")) == [candidat]
    assert list(Candidat.objects.rechercher("Lefèvre 23/11/1994")) == [candidat]
    assert not Candidat.objects.rechercher("lefevre 24/11/1994").exists()


def test_address_history_and_confirmation(monde):
    candidat = monde.candidat_a
    premiere = services.adresse_changer(
        candidat=candidat, depuis=dt.date(2025, 1, 1), voie="1 rue A", code_postal="75001", commune="Paris"
    )
    seconde = services.adresse_changer(
        candidat=candidat, depuis=dt.date(2026, 3, 1), voie="2 rue B", code_postal="69001", commune="Lyon"
    )
    premiere.refresh_from_db()
    assert premiere.jusqu_au == dt.date(2026, 2, 28)
    assert candidat.adresse_actuelle == seconde
    with pytest.raises(ValidationError):
        services.adresse_changer(candidat=candidat, depuis=dt.date(2026, 1, 1), voie="x", code_postal="1", commune="y")
    formation = monde.formation_a
    confirmation = services.adresse_confirmer(
        candidat=candidat, moment="debut_formation", jour=dt.date(2026, 1, 5), par=None, formation=formation
    )
    assert confirmation.adresse == seconde
    verdict = services.verdict_adresse(formation, jour=JOUR)
    assert not verdict.ok
    assert "pendant la formation" in verdict.message


def test_alert_sources_are_set_based_and_say_what_is_missing(monde, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        trouvees = list(alertes.adresses_non_confirmees(JOUR))
    assert [a.sujet for a in trouvees] == [monde.candidat_a]
    assert trouvees[0].organisme_id == monde.organisme_a.pk
    # candidat_a is registered to session A (tests/personas_sessions.py): no CAN-DROITS alert...
    assert list(alertes.droits_sans_session(JOUR)) == []
    # ...until that session is cancelled: cancelled sessions do not count (Candidat.dates_sessions).
    type(monde.session_a).objects.filter(pk=monde.session_a.pk).update(etat="annulee")
    droits = list(alertes.droits_sans_session(JOUR))
    assert droits
    assert "sans inscription à une session" in droits[0].message
    assert list(alertes.formulaires_handicap_tardifs(dt.date(2026, 9, 1)))  # received 20/07, session 14/09: late
    bientot = list(alertes.habilitations_bientot_echues(dt.date(2028, 11, 1)))
    assert {a.sujet for a in bientot} == {monde.habilitation_a, monde.habilitation_b}


def test_rights_computation_takes_the_session_dates(monde):
    candidat = monde.candidat_a  # training ends 30/06/2026
    trois = (dt.date(2026, 7, 1), dt.date(2026, 10, 1), dt.date(2027, 1, 10))
    droit = services.droits(candidat, jour=JOUR, sessions=trois, nouvelle_session=dt.date(2027, 3, 1))[0]
    assert not droit.verdict.ok
    assert "Déjà 3 sessions" in droit.verdict.message
    assert services.droits(candidat, jour=JOUR, sessions=trois[:1])[0].verdict.ok


def test_formateur_sees_only_their_own_trainees(monde):
    formateur = monde.utilisateurs["formateur"]
    assert set(Candidat.objects.visibles_par(formateur)) == {monde.candidat_a}
    assert set(Formation.objects.visibles_par(formateur)) == {monde.formation_a}


def test_apprentice_needs_a_cfa(monde):
    formation = Formation(
        candidat=monde.candidat_a, organisme=monde.organisme_a, millesime=monde.millesime, statut="apprenti",
        debut=dt.date(2026, 1, 1), fin=dt.date(2026, 12, 31),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="CFA"):
        formation.full_clean()


def test_vae_admissibility_is_valid_one_year(monde):
    formation = services.formation_ajouter(
        candidat=monde.candidat_a, organisme=monde.organisme_a, millesime=monde.millesime, statut="vae",
        recevabilite_vae_le=dt.date(2025, 10, 1),
    )  # fmt: skip
    assert services.verdict_recevabilite(formation, dernier_jour_session=dt.date(2026, 10, 1)).ok
    assert services.verdict_recevabilite(formation, dernier_jour_session=dt.date(2026, 10, 2)).bloque


def test_ccp_remaining_after_a_partial_success(monde):
    ccp1, ccp2 = f.CCPFactory(millesime=monde.millesime), f.CCPFactory(millesime=monde.millesime)
    monde.candidat_a.ccp_acquis.create(ccp=ccp1, obtenu_le=dt.date(2026, 7, 1), session_reference="S-2026-07")
    assert services.ccp_restants(monde.candidat_a, monde.millesime) == [ccp2]


def test_accommodation_decided_by_the_ddets_of_its_departement(monde):
    demande = monde.amenagement_a
    assert demande.resume == "Temps majoré de 33 %"
    with pytest.raises(PermissionDenied):
        services.amenagement_decider(demande=demande, par=monde.utilisateurs["externe"], jour=JOUR, accorde=True)
    services.amenagement_decider(demande=demande, par=monde.utilisateurs["agent_ddets"], jour=JOUR, accorde=True)
    assert list(DemandeAmenagement.objects.accordees()) == [demande]
    verdict = services.verdict_amenagement(demande, jour=JOUR)
    assert not verdict.ok  # form received 20/07/2026, less than 3 months before 14/09/2026


def _membre(**champs):
    valeurs = {
        "experience_annees": 6,
        "professionnalisation_le": dt.date(2026, 2, 1),
        "departement": f.departement("75"),
    }
    return f.MembreJuryFactory(**{**valeurs, **champs})


def test_habilitation_workflow_by_the_ddets_of_the_departement(monde, mailoutbox, django_capture_on_commit_callbacks):
    membre = _membre()
    habilitation = services.habilitation_demander(
        membre=membre, millesime=monde.millesime, debut=dt.date(2026, 9, 1), fin=dt.date(2029, 8, 31), jour=JOUR
    )
    with pytest.raises(PermissionDenied, match="DDETS du département 75"):
        services.habilitation_accorder(habilitation=habilitation, par=monde.utilisateurs["externe"], jour=JOUR)
    with django_capture_on_commit_callbacks(execute=True), auteur(monde.utilisateurs["agent_ddets"]):
        services.habilitation_accorder(habilitation=habilitation, par=monde.utilisateurs["agent_ddets"], jour=JOUR)
    habilitation.refresh_from_db()
    assert habilitation.etat == "active"
    assert mailoutbox[0].to == [membre.email]
    entree = LogEntry.objects.get_for_object(habilitation).order_by("-pk").first()
    assert entree.additional_data["transition"]["vers"] == "active"
    services.habilitation_retirer(
        habilitation=habilitation, par=monde.utilisateurs["agent_ddets"], jour=JOUR, motif_retrait="Fraude constatée"
    )
    assert Habilitation.objects.get(pk=habilitation.pk).etat == "retiree"


@pytest.mark.parametrize(
    ("champs", "regle"),
    [
        ({"experience_annees": 2}, "JUR-ELIGIBILITE"),
        ({"quitte_metier_le": dt.date(2020, 1, 1)}, "JUR-ELIGIBILITE"),
        ({"professionnalisation_le": None}, "JUR-HABILITATION"),
    ],
)
def test_habilitation_refused_by_the_rules(monde, champs, regle):
    habilitation = services.habilitation_demander(
        membre=_membre(**champs), millesime=monde.millesime, debut=JOUR, fin=dt.date(2027, 8, 31), jour=JOUR
    )
    with pytest.raises(RegleRefusee) as refus:
        services.habilitation_accorder(habilitation=habilitation, par=monde.utilisateurs["agent_ddets"], jour=JOUR)
    assert refus.value.regle == regle


def test_professionalisation_older_than_two_years_is_redone_on_a_revision(monde):
    membre = _membre(professionnalisation_le=dt.date(2023, 1, 1))
    ancien = f.MillesimeFactory(titre=monde.titre, date_effet=dt.date(2020, 1, 1), fin_validite=dt.date(2023, 12, 31))
    Habilitation.objects.create(
        membre=membre, millesime=ancien, debut=dt.date(2023, 2, 1), fin=dt.date(2023, 12, 31),
        demandee_le=dt.date(2023, 1, 15), etat="expiree",
    )  # fmt: skip
    habilitation = services.habilitation_demander(
        membre=membre, millesime=monde.millesime, debut=JOUR, fin=dt.date(2027, 8, 31), jour=JOUR
    )
    with pytest.raises(RegleRefusee, match="Révision du titre"):
        services.habilitation_accorder(habilitation=habilitation, par=monde.utilisateurs["agent_ddets"], jour=JOUR)


def test_overlapping_habilitations_are_refused(monde):
    with pytest.raises(ValidationError, match="couvre déjà"):
        services.habilitation_demander(
            membre=monde.jury_a,
            millesime=monde.millesime,
            debut=dt.date(2027, 1, 1),
            fin=dt.date(2027, 6, 30),
            jour=JOUR,
        )


def test_members_habilitated_on_every_day_of_a_period(monde):
    millesime = monde.millesime
    relais = _membre()  # two consecutive habilitations cover the period together
    for debut, fin in ((dt.date(2026, 1, 1), dt.date(2026, 9, 15)), (dt.date(2026, 9, 16), dt.date(2027, 12, 31))):
        Habilitation.objects.create(
            membre=relais, millesime=millesime, debut=debut, fin=fin, demandee_le=debut, etat="active"
        )
    trou = _membre()
    Habilitation.objects.create(
        membre=trou, millesime=millesime, debut=dt.date(2026, 9, 17), fin=dt.date(2027, 12, 31),
        demandee_le=JOUR, etat="active",
    )  # fmt: skip
    habilites = MembreJury.objects.habilites_pour(millesime, dt.date(2026, 9, 14), dt.date(2026, 9, 18))
    assert set(habilites) == {monde.jury_a, monde.jury_b, relais}
    ddets = monde.utilisateurs["agent_ddets"]
    assert set(habilites.visibles_par(ddets)) == {monde.jury_a, relais}
    assert list(Habilitation.objects.couvrant(millesime, dt.date(2026, 9, 14), dt.date(2026, 9, 18))) == [
        monde.habilitation_a,
        monde.habilitation_b,
    ] or set(Habilitation.objects.couvrant(millesime, dt.date(2026, 9, 14), dt.date(2026, 9, 18))) == {
        monde.habilitation_a,
        monde.habilitation_b,
    }


def test_expiry(monde):
    assert services.habilitations_expirer(jour=dt.date(2029, 1, 1)) == 2
    assert set(Habilitation.objects.values_list("etat", flat=True)) == {"expiree"}


def test_links_with_a_candidate_or_an_organisme(monde):
    membre = monde.jury_a
    lien = services.lien_declarer(
        membre=membre, nature="pedagogique", jour=JOUR, nom="alpha", prenoms="Alex",
        date_naissance=monde.candidat_a.date_naissance,
    )  # fmt: skip
    assert lien.candidat == monde.candidat_a
    services.lien_declarer(membre=membre, nature="professionnel", jour=JOUR, organisme=monde.organisme_b)
    ids = [monde.candidat_a.pk, monde.candidat_b.pk, monde.candidat_a2.pk]
    assert membre.candidats_lies(ids) == {monde.candidat_a.pk, monde.candidat_b.pk}
    inconnu = services.lien_declarer(
        membre=membre, nature="personnel", jour=JOUR, nom="Inconnu", prenoms="Zoé", date_naissance=dt.date(2000, 1, 1)
    )
    assert inconnu.candidat is None
    assert "INCONNU Zoé" in inconnu.avec
