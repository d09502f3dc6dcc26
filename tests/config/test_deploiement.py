"""The production settings: they refuse to start without their secrets, and pass `check --deploy`."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]

# Variables that would change what the production settings read, cleared before each run.
VARIABLES_LUES = [
    "DATABASE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "ADMIN_EMAILS",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in the same process
]


def manage(tmp_path: Path, *arguments: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {cle: valeur for cle, valeur in os.environ.items() if cle not in VARIABLES_LUES}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", PYTHONWARNINGS="ignore", **variables)
    return subprocess.run(  # noqa: S603 — fixed arguments, our own interpreter
        [sys.executable, "manage.py", *arguments],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def environnement_complet(tmp_path: Path) -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "titrepro.exemple.fr",
        "CSRF_TRUSTED_ORIGINS": "https://titrepro.exemple.fr",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'titrepro.sqlite3'}",
        "EMAIL_URL": "submission://compte:secret@smtp.exemple.fr",
    }


def test_check_deploy_sans_avertissement(tmp_path: Path) -> None:
    resultat = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **environnement_complet(tmp_path))
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


@pytest.mark.parametrize("manquante", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuse_de_demarrer_sans(tmp_path: Path, manquante: str) -> None:
    variables = environnement_complet(tmp_path)
    del variables[manquante]
    resultat = manage(tmp_path, "check", **variables)
    assert resultat.returncode != 0
    assert "ImproperlyConfigured" in resultat.stderr
    assert f"{manquante} est obligatoire" in resultat.stderr


def test_secret_key_obligatoire_en_production(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, in process: reading the production settings without SECRET_KEY raises."""
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ALLOWED_HOSTS", "titrepro.exemple.fr")
    monkeypatch.setenv("DATABASE_URL", "sqlite://:memory:")
    monkeypatch.delitem(sys.modules, "config.settings.production", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY est obligatoire"):
        importlib.import_module("config.settings.production")
