"""Audit trail: who changed what, when, from which state to which, and why.

Storage is django-auditlog's ``LogEntry``: every domain model is registered with
``enregistrer`` and every save/delete is logged with the acting user (set by the
middleware for pages, by ``attribuer_auteur`` for the API and by ``auteur`` for
commands and tasks). Two things are added on top:

* ``motif("...")`` attaches a reason to every entry written inside the block;
* workflow transitions (django-fsm-2) add their name, source and target state to
  the entry written when the object is saved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models

_motif: ContextVar[str | None] = ContextVar("titrepro_motif", default=None)

CHAMPS_EXCLUS = ["cree_le", "modifie_le", "password", "last_login"]


def enregistrer(model: type[models.Model], **options: Any) -> type[models.Model]:
    """Register a domain model in the audit trail (usable as a class decorator)."""
    options.setdefault("exclude_fields", CHAMPS_EXCLUS)
    auditlog.register(model, **options)
    return model


@contextlib.contextmanager
def motif(texte: str) -> Iterator[None]:
    """Attach ``texte`` as the reason of every audit entry written in the block."""
    jeton = _motif.set(texte)
    try:
        yield
    finally:
        _motif.reset(jeton)


@contextlib.contextmanager
def auteur(utilisateur: Any) -> Iterator[None]:
    """Name the acting user outside a request (commands, tasks, tests)."""
    with set_actor(utilisateur):
        yield


def attribuer_auteur(utilisateur: Any) -> None:
    """Name the acting user once authentication is known (the API authenticates after middleware)."""
    try:
        contexte = auditlog_value.get()
    except LookupError:
        return
    if getattr(utilisateur, "is_authenticated", False):
        contexte["actor"] = utilisateur


class Audite(models.Model):
    """Mixin of audited models: adds the reason and the last transition to each entry."""

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict[str, Any] | None:
        donnees: dict[str, Any] = {}
        transition = getattr(self, "_derniere_transition", None)
        if transition:
            donnees["transition"] = transition
            self._derniere_transition = None
        if texte := _motif.get():
            donnees["motif"] = texte
        return donnees or None


def noter_transition(
    sender: type[models.Model], instance: models.Model, name: str, source: Any, target: Any, **kwargs: Any
) -> None:
    """django-fsm post_transition receiver: remember the transition for the next audit entry."""
    motif_transition = kwargs.get("method_kwargs", {}).get("motif")
    instance._derniere_transition = {  # type: ignore[attr-defined]
        "nom": name,
        "de": str(source),
        "vers": str(target),
        **({"motif": motif_transition} if motif_transition else {}),
    }


def historique(objet: models.Model) -> models.QuerySet[LogEntry]:
    """The audit entries of one object, newest first."""
    entrees: models.QuerySet[LogEntry] = LogEntry.objects.get_for_object(objet)
    return entrees.select_related("actor").order_by("-timestamp", "-pk")


_ACTIONS = {
    LogEntry.Action.CREATE: "Création",
    LogEntry.Action.UPDATE: "Modification",
    LogEntry.Action.DELETE: "Suppression",
    LogEntry.Action.ACCESS: "Consultation",
}


@dataclass(frozen=True)
class LigneHistorique:
    """One audit entry, ready to read: who, when, what, from which state to which, why."""

    horodatage: dt.datetime
    auteur: str
    action: str
    changements: list[tuple[str, str, str]]
    motif: str
    transition: dict[str, str] | None


def lignes_historique(objet: models.Model, limite: int = 500) -> list[LigneHistorique]:
    lignes = []
    for entree in historique(objet)[:limite]:
        donnees = entree.additional_data if isinstance(entree.additional_data, dict) else {}
        transition = donnees.get("transition")
        libelles = {f.name: str(f.verbose_name) for f in objet._meta.get_fields() if hasattr(f, "verbose_name")}
        lignes.append(
            LigneHistorique(
                horodatage=entree.timestamp,
                auteur=str(entree.actor) if entree.actor else (entree.actor_email or "Système"),
                action=f"Transition « {transition['nom']} »" if transition else _ACTIONS.get(entree.action, "Action"),
                changements=[
                    (libelles.get(champ, champ), str(avant), str(apres))
                    for champ, (avant, apres) in (entree.changes_dict or {}).items()
                ],
                motif=donnees.get("motif") or (transition or {}).get("motif", ""),
                transition=transition,
            )
        )
    return lignes


def journaliser_en_masse(
    objets: Sequence[models.Model],
    *,
    action: int,
    changements: dict[str, tuple[str, str]] | None = None,
    motif: str = "",
    acteur: Any = None,
) -> None:
    """Audit entries for rows written set-based (``bulk_create``, ``update``), which bypass auditlog's signals.

    One ``bulk_create`` of ``LogEntry``. ``acteur``: the user who acted, None for the system
    (the sweep: shown as "Système"). ``changements``: field → (before, after).
    """
    if not objets:
        return
    from django.contrib.contenttypes.models import ContentType

    donnees = {"motif": motif} if motif else None
    type_par_modele: dict[type[models.Model], ContentType] = {}
    entrees = []
    for objet in objets:
        modele = type(objet)
        if modele not in type_par_modele:
            type_par_modele[modele] = ContentType.objects.get_for_model(modele)
        entrees.append(
            LogEntry(
                content_type=type_par_modele[modele],
                object_pk=str(objet.pk),
                object_id=objet.pk,
                object_repr=str(objet)[:2000],
                action=action,
                changes={champ: [avant, apres] for champ, (avant, apres) in (changements or {}).items()},
                actor=acteur if getattr(acteur, "pk", None) else None,
                additional_data=donnees,
            )
        )
    LogEntry.objects.bulk_create(entrees, batch_size=1000)
