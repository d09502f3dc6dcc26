"""Uploaded files: type checked from the content, size limit, private storage, audited downloads.

Files live under ``MEDIA_ROOT`` (outside the static files, never served by the web server
nor by a ``/media/`` URL). They are read only through a view that first finds the
owning object with ``visibles_par`` and then calls ``reponse_telechargement``, which
writes an audit entry (``LogEntry`` action *access*) for each download.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

TAILLE_MAX_DEFAUT = 10 * 1024 * 1024


@dataclass(frozen=True)
class TypeFichier:
    mime: str
    extension: str
    libelle: str
    signature: bytes


PDF = TypeFichier("application/pdf", "pdf", "PDF", b"%PDF-")
PNG = TypeFichier("image/png", "png", "PNG", b"\x89PNG\r\n\x1a\n")
JPEG = TypeFichier("image/jpeg", "jpg", "JPEG", b"\xff\xd8\xff")
DOCUMENTS = (PDF, PNG, JPEG)
IMAGES = (PNG, JPEG)


def taille_max() -> int:
    return int(getattr(settings, "TITREPRO_TAILLE_MAX_FICHIER", TAILLE_MAX_DEFAUT))


def type_reel(debut: bytes, types: tuple[TypeFichier, ...] = DOCUMENTS) -> TypeFichier | None:
    """The type read from the first bytes (magic number), whatever the name or the declared type say."""
    return next((t for t in types if debut.startswith(t.signature)), None)


def verifier_fichier(fichier: Any, types: tuple[TypeFichier, ...] = DOCUMENTS) -> TypeFichier:
    """Refuse (ValidationError, French) a file that is too large or whose content is not of an allowed type."""
    limite = taille_max()
    if fichier.size > limite:
        raise ValidationError(
            "Le fichier « %(nom)s » dépasse la taille maximale de %(mo)s Mo.",
            params={"nom": fichier.name, "mo": limite // (1024 * 1024)},
            code="fichier_trop_grand",
        )
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(16)
    fichier.seek(position)
    reconnu = type_reel(debut, types)
    if reconnu is None:
        attendus = ", ".join(t.libelle for t in types)
        raise ValidationError(
            "Le contenu du fichier « %(nom)s » n'est pas un fichier %(attendus)s (type vérifié sur le contenu, pas sur "
            "le nom).",
            params={"nom": fichier.name, "attendus": attendus},
            code="type_de_fichier_refuse",
        )
    return reconnu


def reponse_telechargement(objet: models.Model, champ: FieldFile, nom: str, utilisateur: Any) -> FileResponse:
    """Stream a stored file and record the download in the audit trail (who, when, which file)."""
    LogEntry.objects.log_create(
        objet,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=utilisateur if getattr(utilisateur, "is_authenticated", False) else None,
        changes={},
        additional_data={"telechargement": nom},
    )
    type_mime = mimetypes.guess_type(nom)[0] or "application/octet-stream"
    reponse = FileResponse(champ.open("rb"), as_attachment=True, filename=nom, content_type=type_mime)
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


def telechargements(objet: models.Model) -> models.QuerySet[LogEntry]:
    """The audited downloads of ``objet``."""
    entrees: models.QuerySet[LogEntry] = LogEntry.objects.get_for_object(objet)
    return entrees.filter(action=LogEntry.Action.ACCESS)
