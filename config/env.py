"""Read settings from the environment, failing loudly on bad values.

Every helper raises ``ImproperlyConfigured`` naming the variable and what was
expected, so a mistyped deployment stops at start-up instead of misbehaving later.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non", ""}
_UNSET = object()


def _raw(name: str, default: object) -> str | object:
    value = os.environ.get(name)
    if value is None or value == "":  # an empty variable counts as unset
        if default is _UNSET:
            raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire.")
        return default
    return value


def env_str(name: str, default: Any = _UNSET) -> Any:
    return _raw(name, default)


def env_bool(name: str, default: bool | object = _UNSET) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} : valeur booléenne attendue (true/false, 1/0).")


def env_int(name: str, default: int | object = _UNSET) -> int:
    value = _raw(name, default)
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} : nombre entier attendu.") from None


def env_list(name: str, default: list[str] | object = _UNSET) -> list[str]:
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]


def env_database(name: str = "DATABASE_URL", default: str | object = _UNSET) -> dict[str, Any]:
    value = _raw(name, default)
    try:
        config = dj_database_url.parse(str(value), conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={value!r} : URL de base de données invalide ({error}).") from None
    if config.get("ENGINE") not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(f"{name} : seules SQLite et PostgreSQL sont prises en charge.")
    return dict(config)


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def env_email(name: str = "EMAIL_URL", default: str | object = _UNSET) -> dict[str, Any]:
    """Parse ``smtp://user:password@host:587?tls=1`` (or console://, file:///path, locmem://)."""
    value = str(_raw(name, default))
    parts = urlsplit(value)
    backend = _EMAIL_BACKENDS.get(parts.scheme)
    if backend is None:
        known = ", ".join(sorted(_EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"{name}={value!r} : schéma inconnu ({known} attendus).")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    config: dict[str, Any] = {"EMAIL_BACKEND": backend}
    if parts.scheme == "file":
        config["EMAIL_FILE_PATH"] = parts.path
    if backend.endswith("smtp.EmailBackend"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name} : l'hôte SMTP manque.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name} : port SMTP invalide.") from None
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if parts.scheme == "smtps" else 587 if parts.scheme == "submission" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=parts.scheme == "submission" or options.get("tls", "0").lower() in _TRUE,
        )
    return config
