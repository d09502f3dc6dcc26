"""In production the DSFR stylesheets must load: their integrity hashes must match the served files."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings

STOCKAGE_PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.stockage.StockageStatique"},
}


def test_collected_dsfr_files_match_their_integrity_hashes(tmp_path: Path) -> None:
    # Compression is whitenoise's business and slow: skip it here, keep the hashing that matters.
    sans_compression = ["css", "js", "map", "svg", "md", "json", "txt", "html", "webmanifest", "woff", "woff2", "ttf"]
    with override_settings(
        STATIC_ROOT=tmp_path, STORAGES=STOCKAGE_PRODUCTION, WHITENOISE_SKIP_COMPRESS_EXTENSIONS=sans_compression
    ):
        call_command("collectstatic", "--no-input", verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        staticfiles_storage._setup()  # type: ignore[attr-defined]
        html = Template("{% load dsfr_tags %}{% dsfr_css %}").render(Context({}))
        staticfiles_storage._wrapped = None  # type: ignore[attr-defined]

    liens = re.findall(r'href="/static/([^"]+)"\s+integrity="sha384-([^"]+)"', html)
    assert liens, html
    for chemin, empreinte in liens:
        contenu = (tmp_path / chemin).read_bytes()
        assert base64.b64encode(hashlib.sha384(contenu).digest()).decode() == empreinte, chemin
