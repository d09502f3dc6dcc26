"""ORG-INSERTION: the questionnaire e-mailed once 6 months after the session, the signed link, the answers, figures."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from titrepro.examens.models import Inscription, Session
from titrepro.insertion import services
from titrepro.insertion.alertes import suivi_insertion
from titrepro.insertion.models import QuestionnaireInsertion

DERNIER_JOUR = dt.date(2026, 5, 29)
SIX_MOIS = dt.date(2026, 11, 29)


@pytest.fixture
def session_passee(monde):
    session = monde.session_a
    Session.objects.filter(pk=session.pk).update(premier_jour=dt.date(2026, 5, 28), dernier_jour=DERNIER_JOUR)
    Inscription.objects.filter(pk=monde.inscription_a.pk).update(etat="titre_obtenu")
    candidat = monde.candidat_a
    candidat.email = "alpha@exemple.fr"
    candidat.save()
    session.refresh_from_db()
    return session


def _jeton(corps: str) -> str:
    return re.search(r"/insertion/questionnaire/([^/\s]+)/", corps).group(1)


def test_sent_once_six_months_after_the_last_day(session_passee, mailoutbox, django_capture_on_commit_callbacks):
    assert services.questionnaires_envoyer(jour=dt.date(2026, 11, 28)) == []
    with django_capture_on_commit_callbacks(execute=True):
        [questionnaire] = services.questionnaires_envoyer(jour=SIX_MOIS)
    assert questionnaire.envoye_le == SIX_MOIS
    assert questionnaire.clos_le == dt.date(2027, 1, 28)
    [message] = mailoutbox
    assert message.to == ["alpha@exemple.fr"]
    assert "29/05/2026" in message.body
    # The daily job runs again: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.questionnaires_envoyer(jour=SIX_MOIS + dt.timedelta(days=1)) == []
    assert len(mailoutbox) == 1


def test_answer_through_the_link_changeable_until_closed(
    session_passee, client, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        services.questionnaires_envoyer(jour=SIX_MOIS)
    jeton = _jeton(mailoutbox[0].body)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 12, 5))
    assert client.get(f"/insertion/questionnaire/{jeton}/").status_code == 200
    reponse = client.post(
        f"/insertion/questionnaire/{jeton}/",
        {"situation": "emploi_metier", "type_contrat": "cdi", "depuis_le": "2026-09-01"},
    )
    assert reponse.status_code == 302
    questionnaire = QuestionnaireInsertion.objects.get()
    assert questionnaire.situation == "emploi_metier"
    assert questionnaire.repondu_le == dt.date(2026, 12, 5)
    # Changed by the API with the same token.
    api = APIClient()
    assert (
        api.post(f"/api/v1/insertion/questionnaires/{jeton}/", {"situation": "formation"}, format="json").status_code
        == 200
    )
    assert QuestionnaireInsertion.objects.get().situation == "formation"
    # Employment needs the contract type.
    page = client.post(f"/insertion/questionnaire/{jeton}/", {"situation": "autre_emploi"})
    assert "type de contrat" in page.content.decode()
    # Once closed (28/01/2027), refused.
    with pytest.raises(ValidationError, match="clos depuis le 28/01/2027"):
        services.reponse_enregistrer(questionnaire=questionnaire, jour=dt.date(2027, 1, 29), situation="recherche")


def test_tampered_or_expired_links_are_refused(session_passee, client, monkeypatch):
    [questionnaire] = services.questionnaires_envoyer(jour=SIX_MOIS)
    jeton = services.jeton(questionnaire)
    falsifie = jeton[:-2] + ("AA" if not jeton.endswith("AA") else "BB")
    reponse = client.get(f"/insertion/questionnaire/{falsifie}/")
    assert reponse.status_code == 400
    assert "pas valide" in reponse.content.decode()
    assert client.post(f"/insertion/questionnaire/{falsifie}/", {"situation": "recherche"}).status_code == 400
    assert APIClient().get(f"/api/v1/insertion/questionnaires/{falsifie}/").status_code == 400
    maintenant = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: maintenant + 62 * 86400)
    with pytest.raises(services.LienInvalide, match="expiré"):
        services.questionnaire_du_jeton(jeton, jour=dt.date(2027, 2, 1))
    assert not QuestionnaireInsertion.objects.filter(repondu_le__isnull=False).exists()


def test_figures_per_session_and_tp_scoped_and_csv_safe(session_passee, client_de, monde):
    [questionnaire] = services.questionnaires_envoyer(jour=SIX_MOIS)
    services.reponse_enregistrer(
        questionnaire=questionnaire, jour=dt.date(2026, 12, 1), situation="emploi_metier", type_contrat="cdd"
    )
    titre = monde.millesime.titre
    titre.code = "=1+2"
    titre.save()
    api = APIClient()
    api.force_authenticate(monde.utilisateurs["agent_ddets"])
    donnees = api.get("/api/v1/insertion/statistiques/").json()
    [session] = donnees["par_session"]
    assert session["taux_reponse"] == 100
    assert session["part_en_emploi"] == 100
    api.force_authenticate(monde.utilisateurs["externe"])
    assert api.get("/api/v1/insertion/statistiques/").json()["par_session"] == []
    csv = client_de("responsable_organisme").get("/insertion/export.csv").content.decode("utf-8-sig")
    assert "titre;'=1+2 — " in csv
    assert "100" in csv
    assert "taux de réponse" in client_de("agent_dreets").get("/insertion/").content.decode().lower()


def test_alert_when_a_presented_candidate_has_no_email_or_the_response_is_low(session_passee, monde):
    candidat = monde.candidat_a
    candidat.email = ""
    candidat.save()
    [alerte] = list(suivi_insertion(SIX_MOIS + dt.timedelta(days=2)))
    assert alerte.sujet == session_passee
    assert "1 candidat(s) présenté(s)" in alerte.message
    candidat.email = "alpha@exemple.fr"
    candidat.save()
    services.questionnaires_envoyer(jour=SIX_MOIS + dt.timedelta(days=2))
    assert list(suivi_insertion(SIX_MOIS + dt.timedelta(days=3))) == []
    [faible] = list(suivi_insertion(dt.date(2027, 2, 15)))  # closed on 30/01/2027 with no answer
    assert "0 réponse(s) sur 1" in faible.message


def test_the_sweep_runs_the_daily_sending(session_passee):
    from titrepro.conformite.balayage import traitements_executer

    assert traitements_executer(jour=SIX_MOIS).get("ORG-INSERTION") == 1
    assert traitements_executer(jour=SIX_MOIS).get("ORG-INSERTION") == 0
