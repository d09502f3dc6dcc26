"""pytest: SQLite in memory by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os

from config.env import env_database

from .base import *  # noqa: F403
from .base import BASE_DIR, TEMPLATES

DEBUG = False
SECRET_KEY = "tests-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": env_database("DATABASE_URL", "sqlite://:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TITREPRO_SQLITE_TEST_NAME", "")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}



class _VariableInconnue(str):
    """Rendering an unknown template variable fails the test instead of printing ""."""

    def __mod__(self, name: object) -> str:
        raise AssertionError(f"Variable de gabarit inconnue : {name}")


# Unknown template variables fail the test instead of rendering as "".
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _VariableInconnue("%s")

# Serve static files from the apps (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
