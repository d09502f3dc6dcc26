"""config/env.py: settings come from the environment and a bad value stops the start-up, naming the variable."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_email, env_int, env_list, env_str

VARIABLE = "TITREPRO_TEST_VARIABLE"


@pytest.fixture
def variable(monkeypatch: pytest.MonkeyPatch):
    def definir(valeur: str | None) -> None:
        if valeur is None:
            monkeypatch.delenv(VARIABLE, raising=False)
        else:
            monkeypatch.setenv(VARIABLE, valeur)

    return definir


def test_variable_obligatoire_absente(variable) -> None:
    variable(None)
    with pytest.raises(ImproperlyConfigured, match=f"{VARIABLE} est obligatoire"):
        env_str(VARIABLE)


def test_variable_vide_vaut_absente(variable) -> None:
    variable("")
    assert env_str(VARIABLE, "défaut") == "défaut"
    with pytest.raises(ImproperlyConfigured, match="obligatoire"):
        env_str(VARIABLE)


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("1", True),
        ("true", True),
        ("Oui", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("non", False),
        ("OFF", False),
    ],
)
def test_booleen(variable, texte: str, attendu: bool) -> None:
    variable(texte)
    assert env_bool(VARIABLE) is attendu


@pytest.mark.parametrize("texte", ["peut-être", "2", "vrai"])
def test_booleen_invalide(variable, texte: str) -> None:
    variable(texte)
    with pytest.raises(ImproperlyConfigured, match=f"{VARIABLE}=.*booléenne"):
        env_bool(VARIABLE)


def test_booleen_par_defaut(variable) -> None:
    variable(None)
    assert env_bool(VARIABLE, False) is False


def test_entier(variable) -> None:
    variable("31536000")
    assert env_int(VARIABLE) == 31536000


@pytest.mark.parametrize("texte", ["un an", "1.5", "12s"])
def test_entier_invalide(variable, texte: str) -> None:
    variable(texte)
    with pytest.raises(ImproperlyConfigured, match=f"{VARIABLE}=.*entier"):
        env_int(VARIABLE)


def test_liste(variable) -> None:
    variable(" titrepro.exemple.fr, ,www.titrepro.exemple.fr ")
    assert env_list(VARIABLE) == ["titrepro.exemple.fr", "www.titrepro.exemple.fr"]


def test_base_postgresql(variable) -> None:
    variable("postgres://titrepro:secret@db.exemple.fr:5433/titrepro")
    config = env_database(VARIABLE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.exemple.fr",
        5433,
        "titrepro",
        "titrepro",
    )


def test_base_sqlite(variable, tmp_path) -> None:
    variable(f"sqlite:///{tmp_path}/titrepro.sqlite3")
    config = env_database(VARIABLE)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/titrepro.sqlite3"


def test_base_url_invalide(variable) -> None:
    variable("pas une url")
    with pytest.raises(ImproperlyConfigured, match=VARIABLE):
        env_database(VARIABLE)


def test_base_moteur_non_pris_en_charge(variable) -> None:
    variable("mysql://titrepro:secret@localhost/titrepro")
    with pytest.raises(ImproperlyConfigured, match="seules SQLite et PostgreSQL"):
        env_database(VARIABLE)


def test_courriel_smtp(variable) -> None:
    variable("smtp://utilisateur%40exemple.fr:mot%20de%20passe@smtp.exemple.fr:2525?tls=1")
    config = env_email(VARIABLE)
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.exemple.fr",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "utilisateur@exemple.fr",
        "EMAIL_HOST_PASSWORD": "mot de passe",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_courriel_smtp_port_par_defaut_sans_tls(variable) -> None:
    variable("smtp://relais.exemple.fr")
    config = env_email(VARIABLE)
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (25, False, False)


def test_courriel_submission(variable) -> None:
    variable("submission://compte:secret@smtp.exemple.fr")
    config = env_email(VARIABLE)
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (587, True, False)


def test_courriel_smtps(variable) -> None:
    variable("smtps://compte:secret@smtp.exemple.fr")
    config = env_email(VARIABLE)
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (465, False, True)


def test_courriel_console(variable) -> None:
    variable("console://")
    assert env_email(VARIABLE) == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_courriel_schema_inconnu(variable) -> None:
    variable("imap://smtp.exemple.fr")
    with pytest.raises(ImproperlyConfigured, match="schéma inconnu"):
        env_email(VARIABLE)


def test_courriel_smtp_sans_hote(variable) -> None:
    variable("smtp://")
    with pytest.raises(ImproperlyConfigured, match="hôte SMTP"):
        env_email(VARIABLE)


def test_courriel_port_invalide(variable) -> None:
    variable("smtp://smtp.exemple.fr:port")
    with pytest.raises(ImproperlyConfigured, match="port SMTP"):
        env_email(VARIABLE)
