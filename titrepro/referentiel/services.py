"""Import and export of the référentiel: the exchange format (``echange``) meets the database.

The import is all or nothing: the document is checked again, then written inside
one transaction; any error leaves the database as it was. Rows are matched by
their natural keys (titre code; millésime titre + version; CCP millésime +
numéro; CCS millésime + code; épreuve millésime + ordre), so importing the same
file twice changes nothing. Rows absent from the document are kept (sessions and
agréments may point at them) and counted in the report.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from titrepro.core.audit import auteur as auteur_audit
from titrepro.referentiel.echange import (
    CCPEchange,
    CCSEchange,
    DocumentReferentiel,
    EpreuveEchange,
    MillesimeEchange,
    TitreEchange,
    document_vers_donnees,
    lire_document,
)
from titrepro.referentiel.models import CCP, CCS, Epreuve, Millesime, Titre

_M = TypeVar("_M", bound=models.Model)

GENRES = (("titre", "titres"), ("millesime", "millésimes"), ("ccp", "CCP"), ("ccs", "CCS"), ("epreuve", "épreuves"))
"""The kinds of rows the import writes, with their French plural."""


@dataclass
class RapportImport:
    """What an import did, kind by kind (``titre``, ``millesime``, ``ccp``, ``ccs``, ``epreuve``)."""

    crees: Counter[str] = field(default_factory=Counter)
    modifies: Counter[str] = field(default_factory=Counter)
    inchanges: Counter[str] = field(default_factory=Counter)
    non_repris: list[str] = field(default_factory=list)
    """Rows of the imported millésimes that the document no longer lists (kept in the database)."""

    def compter(self, genre: str, etat: str) -> None:
        {"cree": self.crees, "modifie": self.modifies, "inchange": self.inchanges}[etat][genre] += 1

    @property
    def lignes(self) -> list[tuple[str, int, int, int]]:
        """(kind, created, updated, unchanged) for each kind, in the document's order."""
        return [(nom, self.crees[cle], self.modifies[cle], self.inchanges[cle]) for cle, nom in GENRES]

    @property
    def resume(self) -> str:
        return " ; ".join(
            f"{nom} : {crees} créé(s), {modifies} modifié(s), {inchanges} inchangé(s)"
            for nom, crees, modifies, inchanges in self.lignes
        )


def referentiel_importer(
    *,
    document: DocumentReferentiel,
    auteur: Any = None,
    progression: Callable[[int, int], None] | None = None,
) -> RapportImport:
    """Writes the document (all or nothing) and returns what changed.

    Raises ``DocumentInvalide`` before writing anything when the document breaks a
    rule of the format (a document built in code is checked like a file).
    ``progression(fait, total)`` is called after each titre.
    """
    document = lire_document(document_vers_donnees(document))
    rapport = RapportImport()
    contexte = auteur_audit(auteur) if auteur is not None else contextlib.nullcontext()
    with contexte, transaction.atomic():
        for rang, titre in enumerate(document.titres, start=1):
            _importer_titre(titre, rapport)
            if progression is not None:
                progression(rang, len(document.titres))
    return rapport


def _enregistrer(modele: type[_M], cles: dict[str, Any], valeurs: dict[str, Any]) -> tuple[_M, str]:
    """Creates or updates one row by its natural key, saving only what changed (no empty audit entries).

    Returns the row and ``"cree"``, ``"modifie"`` or ``"inchange"``.
    """
    objet = modele._default_manager.filter(**cles).first()
    if objet is None:
        return modele._default_manager.create(**cles, **valeurs), "cree"
    changes = [nom for nom, valeur in valeurs.items() if getattr(objet, nom) != valeur]
    if not changes:
        return objet, "inchange"
    for nom in changes:
        setattr(objet, nom, valeurs[nom])
    objet.save()
    return objet, "modifie"


def _importer_titre(titre: TitreEchange, rapport: RapportImport) -> None:
    objet, etat = _enregistrer(
        Titre,
        {"code": titre.code},
        {
            "intitule": titre.intitule,
            "rncp": titre.rncp,
            "niveau": titre.niveau,
            "secteur": titre.secteur,
            "transport": titre.transport,
        },
    )
    rapport.compter("titre", etat)
    for millesime in titre.millesimes:
        _importer_millesime(objet, millesime, rapport)


def _importer_millesime(titre: Titre, millesime: MillesimeEchange, rapport: RapportImport) -> None:
    objet, etat = _enregistrer(
        Millesime,
        {"titre": titre, "version": millesime.version},
        {
            "date_effet": millesime.date_effet,
            "fin_validite": millesime.fin_validite,
            "arrete": millesime.arrete,
            "duree_lecture_dossier": millesime.duree_lecture_dossier,
            "donnees_demo": millesime.donnees_demo,
        },
    )
    rapport.compter("millesime", etat)
    ccps = {ccp.numero: _importer_ccp(objet, ccp, rapport) for ccp in millesime.ccps}
    for ccs in millesime.ccss:
        _importer_ccs(objet, ccs, rapport)
    for epreuve in millesime.epreuves:
        _importer_epreuve(objet, epreuve, ccps, rapport)
    _noter_non_repris(objet, millesime, rapport)


def _importer_ccp(millesime: Millesime, ccp: CCPEchange, rapport: RapportImport) -> CCP:
    objet, etat = _enregistrer(
        CCP, {"millesime": millesime, "numero": ccp.numero}, {"code": ccp.code, "intitule": ccp.intitule}
    )
    rapport.compter("ccp", etat)
    return objet


def _importer_ccs(millesime: Millesime, ccs: CCSEchange, rapport: RapportImport) -> None:
    _, etat = _enregistrer(CCS, {"millesime": millesime, "code": ccs.code}, {"intitule": ccs.intitule})
    rapport.compter("ccs", etat)


def _importer_epreuve(
    millesime: Millesime, epreuve: EpreuveEchange, ccps: dict[int, CCP], rapport: RapportImport
) -> None:
    objet, etat = _enregistrer(
        Epreuve,
        {"millesime": millesime, "ordre": epreuve.ordre},
        {
            "type": epreuve.type,
            "libelle": epreuve.libelle,
            "duree_minutes": epreuve.duree_minutes,
            "collective": epreuve.collective,
            "avec_jury": epreuve.avec_jury,
            "pour_session_titre": epreuve.pour_session_titre,
            "duree_demo": epreuve.duree_demo,
        },
    )
    voulus = {ccps[numero].pk for numero in epreuve.ccps}
    if voulus != set(objet.ccps.values_list("pk", flat=True)):
        objet.ccps.set(voulus)
        if etat == "inchange":
            etat = "modifie"
    rapport.compter("epreuve", etat)


def _noter_non_repris(objet: Millesime, millesime: MillesimeEchange, rapport: RapportImport) -> None:
    numeros = {ccp.numero for ccp in millesime.ccps}
    codes = {ccs.code for ccs in millesime.ccss}
    ordres = {epreuve.ordre for epreuve in millesime.epreuves}
    quoi = f"{objet.titre.code} millésime {objet.version}"
    rapport.non_repris.extend(
        f"{quoi} : CCP n° {n}" for n in objet.ccps.exclude(numero__in=numeros).values_list("numero", flat=True)
    )
    rapport.non_repris.extend(
        f"{quoi} : CCS {c}" for c in objet.ccss.exclude(code__in=codes).values_list("code", flat=True)
    )
    rapport.non_repris.extend(
        f"{quoi} : épreuve n° {o}" for o in objet.epreuves.exclude(ordre__in=ordres).values_list("ordre", flat=True)
    )


def referentiel_exporter(titres: Iterable[Titre] | models.QuerySet[Titre]) -> DocumentReferentiel:
    """The document of the given titres (pass a ``visibles_par(user)`` queryset), in the exchange format."""
    if isinstance(titres, models.QuerySet):
        # One prefetch_related per Prefetch: the stubs type each call with one queryset type.
        titres = (
            titres.order_by("code")
            .prefetch_related(None)  # the caller's prefetches would clash with these
            .prefetch_related(
                models.Prefetch("millesimes", queryset=Millesime.objects.order_by("date_effet", "version"))
            )
            .prefetch_related(models.Prefetch("millesimes__ccps", queryset=CCP.objects.order_by("numero")))
            .prefetch_related(models.Prefetch("millesimes__ccss", queryset=CCS.objects.order_by("code")))
            .prefetch_related(models.Prefetch("millesimes__epreuves", queryset=Epreuve.objects.order_by("ordre")))
            .prefetch_related(models.Prefetch("millesimes__epreuves__ccps", queryset=CCP.objects.order_by("numero")))
        )
    return DocumentReferentiel(titres=tuple(_titre_echange(titre) for titre in titres))


def _titre_echange(titre: Titre) -> TitreEchange:
    return TitreEchange(
        code=titre.code,
        intitule=titre.intitule,
        rncp=titre.rncp,
        niveau=titre.niveau,
        secteur=titre.secteur,
        transport=titre.transport,
        millesimes=tuple(
            MillesimeEchange(
                version=m.version,
                date_effet=m.date_effet,
                fin_validite=m.fin_validite,
                arrete=m.arrete,
                duree_lecture_dossier=m.duree_lecture_dossier,
                donnees_demo=m.donnees_demo,
                ccps=tuple(CCPEchange(numero=c.numero, code=c.code, intitule=c.intitule) for c in m.ccps.all()),
                ccss=tuple(CCSEchange(code=c.code, intitule=c.intitule) for c in m.ccss.all()),
                epreuves=tuple(
                    EpreuveEchange(
                        ordre=e.ordre,
                        type=e.type,
                        libelle=e.libelle,
                        duree_minutes=e.duree_minutes,
                        collective=e.collective,
                        avec_jury=e.avec_jury,
                        pour_session_titre=e.pour_session_titre,
                        ccps=tuple(c.numero for c in e.ccps.all()),
                        duree_demo=e.duree_demo,
                    )
                    for e in m.epreuves.all()
                ),
            )
            for m in titre.millesimes.all()
        ),
    )
