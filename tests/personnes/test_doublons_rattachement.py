"""CAN-DOUBLON on edit, attaching another organisme's record, and no overlapping active habilitations."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from tests import factories as f
from titrepro.core.erreurs import RegleRefusee
from titrepro.personnes import doublons, services
from titrepro.personnes.models import Candidat, ConfirmationAutrePersonne, Habilitation

JSON = "application/json"
JOUR = dt.date(2026, 9, 1)


def _dupont(organisme, **champs):
    valeurs = {
        "nom_naissance": "DUPONT MARTIN",
        "prenoms": "Elodie",
        "date_naissance": dt.date(1996, 8, 17),
        "lieu_naissance": "Saint-Étienne",
    }
    return f.CandidatFactory(**{**valeurs, **champs}, organismes=[organisme])


def _formulaire(candidat, **champs):
    valeurs = {
        "nom_naissance": candidat.nom_naissance,
        "nom_usage": candidat.nom_usage,
        "prenoms": candidat.prenoms,
        "sexe": candidat.sexe,
        "date_naissance": candidat.date_naissance.isoformat(),
        "lieu_naissance": candidat.lieu_naissance,
        "pays_naissance": "",
        "email": "",
        "telephone": "",
    }
    return {**valeurs, **champs}


# --------------------------------------------------------------------- CAN-DOUBLON when editing


def test_editing_the_identity_runs_the_duplicate_check_excluding_the_record_itself(client_de, monde):
    existant = _dupont(monde.organisme_b)
    client = client_de("responsable_session")
    url = reverse("web:candidat_modifier", args=[monde.candidat_a.pk])
    # Contact details only, and the record's own identity: no check, no warning.
    assert client.post(url, _formulaire(monde.candidat_a, email="alpha@exemple.fr")).status_code == 302
    # The new names and birth data are those of organisme B's record.
    nouveau = _formulaire(
        monde.candidat_a, nom_naissance="Dupont-Martin", prenoms="Élodie", date_naissance="1996-08-17"
    )
    reponse = client.post(url, nouveau)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Fiches ressemblantes (CAN-DOUBLON)" in page
    assert f"fiche n°{existant.pk} tenue par un autre organisme" in page
    assert "né(e) le 17/08/1996 à Saint-Étienne" in page  # what is needed to confirm, nothing else
    assert "Rattacher" not in page  # attaching is offered on creation, not on edit
    monde.candidat_a.refresh_from_db()
    assert monde.candidat_a.nom_naissance == "ALPHA"  # nothing saved
    reponse = client.post(url, {**nouveau, "autre_personne": "on"})
    assert reponse.status_code == 302
    monde.candidat_a.refresh_from_db()
    assert monde.candidat_a.nom_naissance == "Dupont-Martin"
    confirmation = ConfirmationAutrePersonne.objects.get(candidat=monde.candidat_a)
    assert confirmation.ressemblant == existant
    assert confirmation.par == monde.utilisateurs["responsable_session"]
    # Saving again the same identity does not warn about the record itself.
    assert client.post(url, _formulaire(monde.candidat_a, telephone="0102030405")).status_code == 302


def test_api_edit_answers_409_then_saves_on_confirmation(client_de, monde):
    _dupont(monde.organisme_b)
    client = client_de("responsable_session")
    url = reverse("candidat-detail", args=[monde.candidat_a.pk])
    corps = {"nom_naissance": "Dupont-Martin", "prenoms": "Élodie", "date_naissance": "1996-08-17"}
    conflit = client.patch(url, corps, content_type=JSON)
    assert conflit.status_code == 409
    assert conflit.json()["code"] == "doublon_probable"
    ligne = conflit.json()["champs"]["doublons"][0]
    assert ligne["visible"] is False
    assert ligne["identite"] == {
        "nom_naissance": "DUPONT MARTIN",
        "nom_usage": "",
        "prenoms": "Elodie",
        "date_naissance": "1996-08-17",
        "lieu_naissance": "Saint-Étienne",
    }
    assert set(ligne) == {"candidat", "visible", "score", "raison", "identite", "rattachable"}
    assert client.patch(url, {"email": "a@exemple.fr"}, content_type=JSON).status_code == 200
    confirme = client.patch(url, {**corps, "autre_personne": True}, content_type=JSON)
    assert confirme.status_code == 200
    assert confirme.json()["nom_naissance"] == "Dupont-Martin"
    assert ConfirmationAutrePersonne.objects.get(candidat=monde.candidat_a).origine == "api"
    invalide = client.patch(url, {"date_naissance": "1996-17-08"}, content_type=JSON)
    assert invalide.status_code == 400
    assert invalide.json()["champs"]["date_naissance"]
    assert client_de("formateur").patch(url, {"email": "b@exemple.fr"}, content_type=JSON).status_code == 403
    assert client_de("agent_ddets").patch(url, {"email": "b@exemple.fr"}, content_type=JSON).status_code == 403
    b = reverse("candidat-detail", args=[monde.candidat_b.pk])
    assert client.patch(b, {"email": "b@exemple.fr"}, content_type=JSON).status_code == 404


def test_edit_service_refuses_a_manager_of_another_organisme(monde):
    with pytest.raises(PermissionDenied):
        services.candidat_modifier(
            candidat=monde.candidat_b,
            donnees={"email": "x@exemple.fr"},
            auteur=monde.utilisateurs["responsable_session"],
        )


# --------------------------------------------------------------------- attach an existing record


def test_creation_page_attaches_the_existing_record_of_another_organisme(client_de, monde):
    existant = _dupont(monde.organisme_b, email="secret@organisme-b.fr", telephone="0999999999")
    client = client_de("responsable_session")
    donnees = {
        "nom_naissance": "Dupont-Martin",
        "prenoms": "Élodie",
        "sexe": "F",
        "date_naissance": "1996-08-17",
        "lieu_naissance": "Saint-Etienne",
        "organisme": monde.organisme_a.pk,
    }
    page = client.post(reverse("web:candidat_creer"), donnees).content.decode()
    assert f"Rattacher la fiche n°{existant.pk} à mon organisme" in page
    assert "DUPONT MARTIN Elodie, né(e) le 17/08/1996 à Saint-Étienne" in page
    assert "secret@organisme-b.fr" not in page
    assert "0999999999" not in page
    reponse = client.post(
        reverse("web:candidat_creer"),
        {**donnees, "rattacher": existant.pk, "motif_rattachement": "Pièce d'identité vérifiée"},
    )
    assert reponse.status_code == 302
    assert reponse.url == reverse("web:candidat", args=[existant.pk])
    assert set(existant.organismes.all()) == {monde.organisme_a, monde.organisme_b}
    assert Candidat.objects.filter(date_naissance=dt.date(1996, 8, 17)).count() == 1  # no duplicate created
    entree = LogEntry.objects.get_for_object(existant).order_by("-pk").first()
    assert entree.actor == monde.utilisateurs["responsable_session"]
    assert "Rattachement à" in entree.additional_data["motif"]
    assert "Pièce d'identité vérifiée" in entree.additional_data["motif"]
    assert client.get(reponse.url).status_code == 200  # now the organisme's candidate


def test_attach_refuses_a_record_that_does_not_match_the_typed_identity(monde):
    identite = doublons.Identite(nom_naissance="Zorro", prenoms="Diego", date_naissance=dt.date(1980, 1, 1))
    with pytest.raises(ValidationError, match="ne ressemble pas"):
        services.candidat_rattacher(
            candidat=monde.candidat_b,
            organisme=monde.organisme_a,
            identite=identite,
            auteur=monde.utilisateurs["responsable_session"],
        )
    assert list(monde.candidat_b.organismes.all()) == [monde.organisme_b]


def test_api_attach(client_de, monde):
    existant = _dupont(monde.organisme_b)
    client = client_de("responsable_session")
    identite = {"nom_naissance": "Dupont-Martin", "prenoms": "Élodie", "date_naissance": "1996-08-17"}
    creation = client.post(
        reverse("candidat-list"), {**identite, "sexe": "F", "lieu_naissance": "Saint-Étienne",
                                   "organisme": monde.organisme_a.pk}, content_type=JSON,
    )  # fmt: skip
    assert creation.status_code == 409
    assert creation.json()["champs"]["doublons"][0]["rattachable"] is True
    corps = {**identite, "candidat": existant.pk, "organisme": monde.organisme_a.pk, "motif": "même personne"}
    assert client_de("formateur").post(reverse("candidat-rattacher"), corps, content_type=JSON).status_code == 403
    autre = client.post(reverse("candidat-rattacher"), {**corps, "organisme": monde.organisme_b.pk}, content_type=JSON)
    assert autre.status_code == 400
    faux = client.post(reverse("candidat-rattacher"), {**corps, "nom_naissance": "Zorro"}, content_type=JSON)
    assert faux.status_code == 400
    assert "ne ressemble pas" in str(faux.json()["champs"])
    assert client.get(reverse("candidat-detail", args=[existant.pk])).status_code == 404
    rattache = client.post(reverse("candidat-rattacher"), corps, content_type=JSON)
    assert rattache.status_code == 200
    assert rattache.json()["id"] == existant.pk
    assert client.get(reverse("candidat-detail", args=[existant.pk])).status_code == 200
    deja = client.post(reverse("candidat-rattacher"), corps, content_type=JSON)
    assert deja.status_code == 400
    assert "déjà rattachée" in str(deja.json()["champs"])
    creation = client.post(
        reverse("candidat-list"), {**identite, "sexe": "F", "lieu_naissance": "Saint-Étienne",
                                   "organisme": monde.organisme_a.pk}, content_type=JSON,
    )  # fmt: skip
    ligne = creation.json()["champs"]["doublons"][0]
    assert (ligne["candidat"], ligne["visible"], ligne["rattachable"]) == (existant.pk, True, False)


# --------------------------------------------------------------------- JUR-HABILITATION: no overlapping active ones


def _membre():
    return f.MembreJuryFactory(
        experience_annees=6, professionnalisation_le=dt.date(2026, 2, 1), departement=f.departement("75")
    )


def _active(membre, millesime, debut, fin, etat="active"):
    return Habilitation.objects.create(
        membre=membre, millesime=millesime, debut=debut, fin=fin, demandee_le=dt.date(2026, 1, 1), etat=etat
    )


def test_granting_refuses_an_overlap_with_an_active_habilitation(monde):
    membre = _membre()
    _active(membre, monde.millesime, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    # A request overlapping it (recorded by an import or before this check): refused on grant.
    demande = _active(membre, monde.millesime, dt.date(2027, 6, 1), dt.date(2029, 5, 31), etat="demandee")
    with pytest.raises(RegleRefusee) as refus:
        services.habilitation_accorder(habilitation=demande, par=monde.utilisateurs["agent_ddets"], jour=JOUR)
    assert refus.value.regle == "JUR-HABILITATION"
    assert "déjà une habilitation active" in refus.value.message
    assert "du 01/01/2026 au 31/12/2027" in refus.value.message
    assert Habilitation.objects.get(pk=demande.pk).etat == "demandee"


def test_a_renewal_starting_the_day_after_is_granted(monde):
    membre = _membre()
    _active(membre, monde.millesime, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    suite = services.habilitation_demander(
        membre=membre, millesime=monde.millesime, debut=dt.date(2027, 1, 1), fin=dt.date(2029, 12, 31), jour=JOUR
    )
    services.habilitation_accorder(habilitation=suite, par=monde.utilisateurs["agent_ddets"], jour=JOUR)
    assert Habilitation.objects.get(pk=suite.pk).etat == "active"


def test_api_grant_of_an_overlap_is_a_422_with_the_rule(client_de, monde):
    membre = _membre()
    _active(membre, monde.millesime, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    demande = _active(membre, monde.millesime, dt.date(2027, 1, 1), dt.date(2028, 12, 31), etat="demandee")
    reponse = client_de("agent_ddets").post(reverse("habilitation-accorder", args=[demande.pk]), {}, content_type=JSON)
    assert reponse.status_code == 422
    assert reponse.json()["regle"] == "JUR-HABILITATION"
    assert reponse.json()["source"]


def test_database_constraint_against_overlapping_active_habilitations(monde):
    """PostgreSQL enforces it (exclusion constraint); SQLite has only the service check."""
    membre = _membre()
    _active(membre, monde.millesime, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    _active(membre, monde.millesime, dt.date(2026, 6, 1), dt.date(2026, 12, 31), etat="retiree")  # not active: fine
    _active(membre, monde.millesime, dt.date(2028, 1, 1), dt.date(2028, 12, 31))  # adjacent: fine
    _active(_membre(), monde.millesime, dt.date(2026, 6, 1), dt.date(2026, 12, 31))  # another member: fine
    autre_millesime = f.MillesimeFactory()
    _active(membre, autre_millesime, dt.date(2026, 6, 1), dt.date(2026, 12, 31))  # another millésime: fine
    if connection.vendor != "postgresql":
        _active(membre, monde.millesime, dt.date(2027, 12, 31), dt.date(2028, 3, 1))  # no constraint on SQLite
        return
    with pytest.raises(IntegrityError, match="habilitation_actives_sans_chevauchement"), transaction.atomic():
        _active(membre, monde.millesime, dt.date(2027, 12, 31), dt.date(2028, 3, 1))  # one day in common
    demande = _active(membre, monde.millesime, dt.date(2027, 12, 31), dt.date(2028, 3, 1), etat="demandee")
    demande.etat = "active"
    with pytest.raises(IntegrityError), transaction.atomic():
        demande.save()
