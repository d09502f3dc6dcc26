"""pytest: SQLite in memory by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
import sys
from types import FrameType

from config.env import env_database

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, TEMPLATES

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


_GABARITS_DU_PROJET = str(BASE_DIR / "titrepro")


def _gabarit_en_cours() -> str:
    """The file of the template node being rendered (the innermost one), or ""."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "render_annotated":
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            return str(getattr(origin, "name", "") or "")
        frame = frame.f_back
    return ""


class _VariableInconnue(str):
    """Rendering an unknown template variable in one of our templates fails the test instead of printing "".

    Third-party templates (django-dsfr's form snippets read ``field.field.widget.group_class``
    with a ``|default``) keep Django's normal behaviour: Django only applies the filters when
    ``string_if_invalid`` is falsy, so this object is falsy for them and renders as "".
    """

    def __bool__(self) -> bool:
        return _gabarit_en_cours().startswith(_GABARITS_DU_PROJET)

    def __contains__(self, marqueur: object) -> bool:
        return marqueur == "%s"

    def __mod__(self, name: object) -> str:
        raise AssertionError(f"Variable de gabarit inconnue : {name} ({_gabarit_en_cours()})")


# Unknown template variables fail the test instead of rendering as "".
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _VariableInconnue()  # type: ignore[index]

# A tiny workflow model used to test the audit of transitions (no migrations: created by the test runner).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.fsm"]

# Serve static files from the apps (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
