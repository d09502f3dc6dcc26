"""The retention guard: no stored document is deleted before its retention end, by any path (ARC-CONSERVATION).

A ``pre_delete`` receiver on every registered model refuses (``RegleRefusee`` ARC-CONSERVATION,
with the document and its dates) the deletion of a row whose document still exists while its
retention runs: ``instance.delete()``, ``queryset.delete()`` (Django sends ``pre_delete`` per
object once a receiver is connected: no fast delete), the admin, and the cascade from a session
or a registration. A ``pre_save`` receiver refuses emptying the file field the same way: files
go only through the purge (``purge_autorisee``), which itself takes only past-retention documents.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone

from titrepro.archives.registre import (
    PREFIXE_PURGE,
    TypeDocument,
    type_du_modele,
    types_installes,
    verdict_conservation,
)
from titrepro.conformite.regles.catalogue import regle
from titrepro.core.erreurs import RegleRefusee

_purge_en_cours: ContextVar[bool] = ContextVar("purge_archives_en_cours", default=False)


@contextlib.contextmanager
def purge_autorisee() -> Iterator[None]:
    """Only the purge (titrepro.archives.services.archives_purger) deletes documents, once past retention."""
    jeton = _purge_en_cours.set(True)
    try:
        yield
    finally:
        _purge_en_cours.reset(jeton)


def refuser_si_conserve(type_document: TypeDocument, objet: Any, *, action: str) -> None:
    if _purge_en_cours.get():
        return
    verdict = verdict_conservation(type_document, objet, jour=timezone.localdate())
    if verdict is None or not verdict.bloque:
        return
    raise RegleRefusee(
        "ARC-CONSERVATION",
        f"{type_document.libelle} ({objet}) : {action} refusée. {verdict.message}",
        regle("ARC-CONSERVATION").source,
    )


def _avant_suppression(sender: Any, instance: Any, **kwargs: Any) -> None:
    for type_document in type_du_modele(sender):
        if type_document.a_un_document(instance):
            refuser_si_conserve(type_document, instance, action="suppression")


def _avant_enregistrement(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    for type_document in type_du_modele(sender):
        if type_document.fichier(instance) and not type_document.a_un_document(instance):
            pass  # the purge's mark: checked below like an emptied field
        elif type_document.fichier(instance):
            continue
        champ = type_document.champ_fichier
        avant = sender._default_manager.filter(pk=instance.pk).values_list(champ, flat=True).first()
        if avant and not str(avant).startswith(PREFIXE_PURGE):
            refuser_si_conserve(type_document, instance, action="suppression du fichier")


def brancher() -> None:
    """Connect the guard to every registered model present (called by ArchivesConfig.ready)."""
    for modele in {t.model for t in types_installes()}:
        pre_delete.connect(_avant_suppression, sender=modele, dispatch_uid=f"archives-garde-{modele._meta.label}")
        pre_save.connect(_avant_enregistrement, sender=modele, dispatch_uid=f"archives-fichier-{modele._meta.label}")
