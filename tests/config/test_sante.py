import pytest


@pytest.mark.django_db
def test_healthz_repond_200_en_json(client) -> None:
    reponse = client.get("/healthz")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json"
    assert reponse.json() == {"statut": "ok", "base_de_donnees": "ok"}
    assert "no-cache" in reponse["Cache-Control"]


@pytest.mark.django_db
def test_healthz_sans_connexion_ni_session(client) -> None:
    """Supervision calls it anonymously; it must not redirect to the login page."""
    reponse = client.get("/healthz", follow=False)
    assert reponse.status_code == 200
    assert client.post("/healthz").status_code == 405
