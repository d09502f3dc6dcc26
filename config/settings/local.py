"""`make run`: the app on http://127.0.0.1:8000 with SQLite, served by gunicorn + whitenoise.

Not DEBUG (so pages behave as in production), but plain HTTP on the loopback:
cookies cannot be `Secure` here. Use production.py for any real deployment.
"""

from __future__ import annotations

import secrets

from config.env import env_bool, env_database, env_list, env_str

from .base import *  # noqa: F403
from .base import VAR_DIR


def _local_secret_key() -> str:
    """A per-checkout key kept in var/, so sessions survive restarts without a committed secret."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", None) or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'titrepro.sqlite3'}")}
