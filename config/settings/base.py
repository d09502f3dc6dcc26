"""Settings shared by every environment. Environment-specific modules import * from here."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from config.env import env_email, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    # Third party
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    # Titrepro: domain apps (see docs/ARCHITECTURE.md)
    "titrepro.core",
    "titrepro.notifications",
    "titrepro.territoires",
    "titrepro.comptes",
    "titrepro.organisations",
    "titrepro.conformite",
    "titrepro.personnes",
    "titrepro.referentiel",
    "titrepro.agrements",
    "titrepro.examens",
    "titrepro.dte",
    "titrepro.resultats",
    "titrepro.insertion",
    "titrepro.planning",
    "titrepro.proces_verbaux",
    "titrepro.archives",
    "titrepro.demo",
    # Titrepro: delivery layers
    "titrepro.web",
    "titrepro.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "titrepro.web.middleware.RegleRefuseeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "titrepro.conformite.middleware.ParametresMemorisesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "titrepro.web.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTH_USER_MODEL = "comptes.Utilisateur"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:connexion"
LOGIN_REDIRECT_URL = "web:accueil"
LOGOUT_REDIRECT_URL = "web:accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"  # uploaded pieces: never served directly, only through audited views
TITREPRO_TAILLE_MAX_FICHIER = env_int("TITREPRO_TAILLE_MAX_FICHIER", 10 * 1024 * 1024)
TITREPRO_URL_SITE = env_str("TITREPRO_URL_SITE", "")  # absolute links in e-mails (e.g. https://titrepro.fr)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.stockage.StockageStatique"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_SETTINGS = env_email("EMAIL_URL", "console://")
globals().update(EMAIL_SETTINGS)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Titrepro <ne-pas-repondre@titrepro.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administrateur", address) for address in env_list("ADMIN_EMAILS", [])]

SITE_TITLE = "Titrepro"
SITE_TAGLINE = "Sessions d'examen du titre professionnel"

# Security headers that hold in every environment; production.py tightens the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The DSFR and Swagger UI set a few inline style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call then gets 401 with "WWW-Authenticate: Token".
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "titrepro.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "titrepro.api.erreurs.gestionnaire_erreurs",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Titrepro",
    "DESCRIPTION": (
        "API du système d'information des sessions d'examen du titre professionnel. "
        "Authentification par session ou par jeton (`Authorization: Token …`, "
        "obtenu par `POST /api/v1/auth/token/`). Les erreurs sont en JSON avec un `code` stable, "
        "un `message` en français, les erreurs par `champs` et, quand une règle a refusé, "
        "son code `regle` et sa `source`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # No deep links: Swagger UI then puts a link inside each operation's button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # The schema and its documentation are public: partners read them before having an account.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Several models have a field named « etat » or « nature »: name each enum after its choices.
    "ENUM_NAME_OVERRIDES": {
        "EtatSessionEnum": "titrepro.examens.models.EtatSession",
        "EtatInscriptionEnum": "titrepro.examens.models.EtatInscription",
        "EtatParticipationEnum": "titrepro.examens.models.EtatParticipation",
        "NatureSessionEnum": "titrepro.examens.models.NatureSession",
        "NatureIncidentEnum": "titrepro.examens.models.NatureIncident",
        "NatureSanctionEnum": "titrepro.examens.models.NatureSanction",
        "NaturePieceEnum": "titrepro.archives.models.NaturePiece",
        "EtatCommandeEnum": "titrepro.dte.models.EtatCommande",
        "EtatDemandeEnum": "titrepro.agrements.models.EtatDemande",
        "EtatAgrementEnum": "titrepro.agrements.models.EtatAgrement",
        "TypeEpreuveEnum": "titrepro.referentiel.models.TypeEpreuve",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering reports each step at INFO: `charger_demo` (make run) printed 175 such lines.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
