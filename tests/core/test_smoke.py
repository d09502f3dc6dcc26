import pytest


@pytest.mark.django_db
def test_home_page_signed_out_offers_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


def test_dashboard_of_each_persona(monde, client_de):
    for persona in monde.utilisateurs:
        response = client_de(persona).get("/")
        assert response.status_code == 200, persona


def test_dashboard_counts_what_the_persona_sees(monde, client_de):
    contenu = client_de("responsable_session").get("/").content.decode()
    assert "1 organisme dans votre périmètre" in contenu
    assert "2 candidats dans votre périmètre" in contenu  # candidat_a and candidat_a2
    contenu = client_de("administrateur").get("/").content.decode()
    assert "2 organismes dans votre périmètre" in contenu
