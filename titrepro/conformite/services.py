"""Writes and reads of the conformité app: parameters in force, derogations granted by the DDETS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from titrepro.comptes.roles import Role
from titrepro.conformite.models import Derogation, ParametreRegle
from titrepro.conformite.regles.catalogue import CODES_DEROGEABLES
from titrepro.conformite.regles.catalogue import regle as regle_du_catalogue
from titrepro.core import audit
from titrepro.core.erreurs import RegleRefusee
from titrepro.territoires.models import Departement, Region


@dataclass(frozen=True)
class ParametreEnVigueur:
    nom: str
    valeur: int
    unite: str
    libelle: str
    surcharge: ParametreRegle | None
    """The override in force, or None for the catalogue default."""


def _region_id(region: Region | int | None) -> int | None:
    return region.pk if isinstance(region, Region) else region


def surcharges_en_vigueur(
    *, jour: dt.date, region: Region | int | None = None, code: str | None = None
) -> dict[tuple[str, str], ParametreRegle]:
    """The override in force on ``jour`` for each (code, parameter): région beats national, latest effet wins."""
    region_id = _region_id(region)
    portee = Q(region__isnull=True) | Q(region_id=region_id) if region_id else Q(region__isnull=True)
    lignes = ParametreRegle.objects.filter(portee, effet__lte=jour).filter(Q(fin__isnull=True) | Q(fin__gte=jour))
    if code is not None:
        lignes = lignes.filter(code=code)
    retenues: dict[tuple[str, str], ParametreRegle] = {}
    # National first, then the région's; within each, oldest effet first: the last written wins.
    for ligne in sorted(lignes, key=lambda p: (p.region_id is not None, p.effet, p.pk)):
        retenues[(ligne.code, ligne.nom)] = ligne
    return retenues


_memoire: ContextVar[dict[tuple[dt.date, int | None], dict[tuple[str, str], ParametreRegle]] | None] = ContextVar(
    "parametres_memorises", default=None
)


@contextmanager
def parametres_memorises() -> Iterator[None]:
    """Within the block, the overrides in force are read once per (jour, région), for every code at once.

    A page or a check that evaluates several rules then makes one query instead of one per rule
    (``ParametresMemorisesMiddleware`` opens the block around each request). Writing an override
    empties the memory (``oublier_parametres``), so a request never reads a parameter it just changed
    from a stale copy. Nested blocks share the outer one.
    """
    if _memoire.get() is not None:
        yield
        return
    jeton = _memoire.set({})
    try:
        yield
    finally:
        _memoire.reset(jeton)


def oublier_parametres(**_: Any) -> None:
    """Receiver of ParametreRegle's post_save / post_delete: the memorised overrides are stale."""
    memoire = _memoire.get()
    if memoire is not None:
        memoire.clear()


def _surcharges_memorisees(
    *, jour: dt.date, region: Region | int | None
) -> dict[tuple[str, str], ParametreRegle] | None:
    memoire = _memoire.get()
    if memoire is None:
        return None
    cle = (jour, _region_id(region))
    if cle not in memoire:
        memoire[cle] = surcharges_en_vigueur(jour=jour, region=region)
    return memoire[cle]


def parametres_detailles(
    code: str,
    *,
    jour: dt.date,
    region: Region | int | None = None,
    surcharges: dict[tuple[str, str], Any] | None = None,
) -> list[ParametreEnVigueur]:
    entree = regle_du_catalogue(code)
    if surcharges is None:
        surcharges = _surcharges_memorisees(jour=jour, region=region)
    if surcharges is None:
        surcharges = surcharges_en_vigueur(jour=jour, region=region, code=code)
    detail = []
    for nom, defaut in entree.parametres.items():
        surcharge = surcharges.get((code, nom))
        detail.append(
            ParametreEnVigueur(
                nom=nom,
                valeur=int(surcharge.valeur) if surcharge else defaut.valeur,
                unite=(surcharge.unite or defaut.unite) if surcharge else defaut.unite,
                libelle=defaut.libelle,
                surcharge=surcharge,
            )
        )
    return detail


def parametres_en_vigueur(code: str, *, jour: dt.date, region: Region | int | None = None) -> dict[str, int]:
    """The parameters of ``code`` in force on ``jour`` (in ``region``): catalogue defaults merged with overrides."""
    return {p.nom: p.valeur for p in parametres_detailles(code, jour=jour, region=region)}


@transaction.atomic
def derogation_accorder(
    *,
    agent: Any,
    regle: str,
    sujet: models.Model,
    motif: str,
    departement: Departement | None = None,
    accordee_le: dt.date | None = None,
) -> Derogation:
    """Record a DDETS derogation lifting ``regle`` for ``sujet`` (SES-DEROGATION).

    Only an agent DDETS/UD may grant one, in one of their départements; only derogeable
    blocking rules accept one; the reason is required. The sessions issue will also check
    that the session's site lies in ``departement``.
    """
    code = regle
    if not getattr(agent, "is_authenticated", False) or Role.AGENT_DDETS not in agent.roles:
        raise PermissionDenied("Seul un agent de la DDETS ou de l'UD peut accorder une dérogation.")
    if code not in CODES_DEROGEABLES:
        raise RegleRefusee(
            "SES-DEROGATION",
            f"La règle {code} n'admet pas de dérogation (règles dérogeables : {', '.join(CODES_DEROGEABLES)}).",
            regle_du_catalogue("SES-DEROGATION").source,
        )
    texte = (motif or "").strip()
    if not texte:
        raise ValidationError({"motif": "Le motif de la dérogation est obligatoire."})
    if sujet.pk is None:
        raise ValueError("Le sujet de la dérogation doit être enregistré.")
    departements = [a.departement for a in agent.affectations_actives if a.role == Role.AGENT_DDETS and a.departement]
    if departement is None:
        if len(departements) != 1:
            raise ValidationError(
                {"departement": "Précisez le département au titre duquel la dérogation est accordée."}
            )
        departement = departements[0]
    elif departement.pk not in {d.pk for d in departements}:
        raise PermissionDenied("Vous n'êtes pas agent de la DDETS de ce département.")
    with audit.auteur(agent), audit.motif(texte):
        return Derogation.objects.create(
            regle=code,
            sujet=sujet,
            motif=texte,
            accordee_par=agent,
            accordee_le=accordee_le or timezone.localdate(),
            departement=departement,
        )
