"""The API's contract: token auth, one JSON error shape, pagination, a local schema and docs."""

from __future__ import annotations

import json

import pytest
from django.urls import path
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from tests import factories as f
from tests.factories import MOT_DE_PASSE
from titrepro.core.erreurs import RegleRefusee


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_token_from_email_and_password_then_used_in_the_header(monde, api):
    reponse = api.post("/api/v1/auth/token/", {"email": "RESPONSABLE_SESSION@exemple.fr", "password": MOT_DE_PASSE})
    assert reponse.status_code == 200
    jeton = reponse.json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton}")
    liste = client.get("/api/v1/organismes/")
    assert liste.status_code == 200
    assert [o["raison_sociale"] for o in liste.json()["results"]] == ["Organisme A"]


def test_wrong_password_gives_a_french_field_error_with_a_stable_code(monde, api):
    reponse = api.post("/api/v1/auth/token/", {"email": "responsable_session@exemple.fr", "password": "faux"})
    assert reponse.status_code == 400
    corps = reponse.json()
    assert corps["code"] == "donnees_invalides"
    assert corps["message"] == "Les données envoyées ne sont pas valides."
    assert corps["champs"]["non_field_errors"] == ["Adresse électronique ou mot de passe incorrect."]


def test_missing_fields_are_listed(db, api):
    corps = api.post("/api/v1/auth/token/", {}, format="json").json()
    assert set(corps["champs"]) == {"email", "password"}


def test_malformed_json_is_a_clear_error_not_a_500(db, api):
    reponse = api.generic("POST", "/api/v1/auth/token/", "{pas du json", content_type="application/json")
    assert reponse.status_code == 400
    assert reponse.json()["code"] == "requete_illisible"


def test_anonymous_calls_get_401_with_the_token_scheme(db, api):
    reponse = api.get("/api/v1/candidats/")
    assert reponse.status_code == 401
    assert reponse["WWW-Authenticate"] == "Token"
    assert reponse.json() == {"code": "non_authentifie", "message": "Authentification requise.", "champs": {}}


def test_a_bad_token_is_refused(db, api):
    api.credentials(HTTP_AUTHORIZATION="Token 0000")
    assert api.get("/api/v1/candidats/").json()["code"] == "authentification_echouee"


def test_an_object_outside_the_scope_is_a_404_in_the_same_shape(monde, api):
    api.force_authenticate(monde.utilisateurs["externe"])
    corps = api.get(f"/api/v1/candidats/{monde.candidat_a.pk}/").json()
    assert corps["code"] == "introuvable"
    assert corps["message"] == "Aucune ressource visible ne correspond à cette adresse."


def test_a_role_without_access_gets_403_in_the_same_shape(monde, api):
    api.force_authenticate(monde.utilisateurs["agent_gev"])
    reponse = api.get("/api/v1/candidats/")
    assert reponse.status_code == 403
    assert reponse.json()["code"] == "acces_refuse"


class VueQuiRefuse(APIView):
    def post(self, request):
        raise RegleRefusee(
            "SES-CREATION-DELAI",
            "La session du 01/03/2027 devait être créée au plus tard le 30/11/2026 (91 jours avant).",
            "001 §3.1",
        )


urlpatterns = [path("refus/", VueQuiRefuse.as_view())]


def test_a_rule_refusal_carries_the_rule_code_and_source(db):
    requete = APIRequestFactory().post("/refus/")
    reponse = VueQuiRefuse.as_view(authentication_classes=[], permission_classes=[])(requete)
    reponse.render()
    assert reponse.status_code == 422
    assert json.loads(reponse.content) == {
        "code": "regle_refusee",
        "message": "La session du 01/03/2027 devait être créée au plus tard le 30/11/2026 (91 jours avant).",
        "champs": {},
        "regle": "SES-CREATION-DELAI",
        "source": "001 §3.1",
    }


def test_lists_are_paginated(monde, api):
    for n in range(7):
        f.CandidatFactory(nom_naissance=f"PAGE{n}", organismes=[monde.organisme_a])
    api.force_authenticate(monde.utilisateurs["responsable_session"])
    corps = api.get("/api/v1/candidats/?taille=5").json()
    assert corps["count"] == 9  # candidat_a, candidat_a2 (tests/personas_personnes.py) and the 7 above
    assert len(corps["results"]) == 5
    assert corps["next"].endswith("page=2&taille=5")
    assert api.get("/api/v1/candidats/?page=99").json()["code"] == "introuvable"


def test_schema_is_openapi_3_json_and_public(db, api):
    reponse = api.get("/api/schema/?format=json")
    assert reponse.status_code == 200
    schema = reponse.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/titres/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


def test_docs_are_served_locally_without_a_cdn(db, client):
    reponse = client.get("/api/docs/")
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "swagger-ui" in contenu
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in contenu


def test_le_schema_openapi_se_genere_sans_avertissement(tmp_path) -> None:
    """A warning means a component is misnamed or an endpoint undocumented: the schema must stay exact."""
    from django.core.management import call_command

    fichier = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(fichier))
    assert "/api/v1/sessions/" in fichier.read_text(encoding="utf-8")
