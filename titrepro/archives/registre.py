"""Every kind of stored document of the product, with its reference date and retention (ARC-CONSERVATION).

A ``TypeDocument`` names the model (by label: a model another part of the product has not
brought yet is simply absent, see ``types_installes``), the file field, the ORM path to the
session and to the reference date (the session's last day for every session document), and
what the purge does once the retention has passed: delete the file and keep the row as a
trace, or delete the row (the DP copy). The retention is the catalogue's ARC-CONSERVATION
parameter in force (5 years), read through ``conformite.moteur.evaluer`` for the région of the
session's site on the reference day: ``conserver_jusqu_au`` is the verdict's échéance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from titrepro.conformite.moteur import evaluer
from titrepro.conformite.regles.verdict import Verdict

PREFIXE_PURGE = "archives-purgees/"
"""The file name left by the purge where the row must keep one (``TypeDocument.marque_apres_purge``)."""


@dataclass(frozen=True)
class TypeDocument:
    cle: str
    libelle: str
    modele: str
    """``app_label.ModelName``."""
    champ_fichier: str
    chemin_date: str
    """ORM path from the document to its reference date (the session's last day...)."""
    chemin_session: str | None
    """ORM path to the session (None: not a session document)."""
    chemin_region: str | None
    supprimer_la_ligne: bool = False
    """The purge deletes the row (True) or only the file, keeping the row as the trace (False)."""
    marque_apres_purge: bool = False
    """The row must keep a file name (a database constraint, e.g. a justified absence has its proof): the
    purge writes ``PREFIXE_PURGE…`` in the field instead of emptying it."""

    @property
    def installe(self) -> bool:
        app_label, nom = self.modele.split(".")
        try:
            apps.get_model(app_label, nom)
        except LookupError:
            return False
        return True

    @property
    def model(self) -> type[Model]:
        app_label, nom = self.modele.split(".")
        return apps.get_model(app_label, nom)

    def avec_fichier(self) -> QuerySet[Any]:
        """The rows whose document still exists (a file is stored, not purged)."""
        return self.model._default_manager.exclude(
            Q(**{self.champ_fichier: ""})
            | Q(**{self.champ_fichier: None})
            | Q(**{f"{self.champ_fichier}__startswith": PREFIXE_PURGE})
        )

    def valeur(self, objet: Any, chemin: str | None) -> Any:
        if chemin is None:
            return None
        valeur = objet
        for partie in chemin.split("__"):
            valeur = getattr(valeur, partie, None)
            if valeur is None:
                return None
        return valeur

    def date_reference(self, objet: Any) -> dt.date | None:
        valeur = self.valeur(objet, self.chemin_date)
        return valeur.date() if isinstance(valeur, dt.datetime) else valeur

    def fichier(self, objet: Any) -> Any:
        return getattr(objet, self.champ_fichier)

    def a_un_document(self, objet: Any) -> bool:
        nom = str(self.fichier(objet).name or "")
        return bool(nom) and not nom.startswith(PREFIXE_PURGE)


def _de_session(cle: str, libelle: str, modele: str, champ_fichier: str, prefixe: str, **options: bool) -> TypeDocument:
    """A session document: its reference date is the session's last day, its région the site's."""
    return TypeDocument(
        cle,
        libelle,
        modele,
        champ_fichier,
        chemin_date=f"{prefixe}__dernier_jour",
        chemin_session=prefixe,
        chemin_region=f"{prefixe}__site__departement__region_id",
        **options,
    )


REGISTRE: tuple[TypeDocument, ...] = (
    _de_session(
        "convocation_preuve",
        "Preuve de convocation (accusé de réception, récépissé signé)",
        "examens.Convocation",
        "preuve",
        "inscription__session",
    ),
    _de_session(
        "convocations_pdf", "Convocations de la session (PDF)", "examens.DocumentConvocations", "fichier", "session"
    ),
    _de_session("feuille_emargement", "Feuille d'émargement signée", "examens.FeuilleEmargement", "fichier", "session"),
    _de_session(
        "absence_justificatif",
        "Justificatif d'absence",
        "examens.Absence",
        "justificatif",
        "inscription__session",
        marque_apres_purge=True,
    ),
    _de_session(
        "rapport_incident",
        "Rapport d'incident ou de fraude signé",
        "examens.Incident",
        "rapport",
        "session",
        marque_apres_purge=True,
    ),
    _de_session(
        "document_pv",
        "Procès-verbal et ses versions (PV général, PV individuels)",
        "proces_verbaux.DocumentPv",
        "fichier",
        "proces_verbal__session",
    ),
    _de_session(
        "copie_dp",
        "Copie du dossier professionnel (avec l'accord du candidat, ARC-DP)",
        "archives.CopieDossierProfessionnel",
        "fichier",
        "inscription__session",
        supprimer_la_ligne=True,
    ),
    _de_session(
        "piece_conservee",
        "Pièce d'évaluation du candidat (fiche d'évaluation, grille du jury, livret ECF ou de certification, "
        "recevabilité VAE)",
        "archives.PieceConservee",
        "fichier",
        "inscription__session",
    ),
    TypeDocument(
        "piece_agrement",
        "Pièce d'une demande d'agrément décidée",
        "agrements.PieceJointe",
        "fichier",
        chemin_date="demande__decision_le",
        chemin_session=None,
        chemin_region="demande__site__departement__region_id",
    ),
)
"""Declared kinds. The evaluation sheets, jury grids, ECF booklets, livrets de certification and VAE
admissibility decisions are filed per registration by the session team (``archives.PieceConservee``)."""

PAR_CLE = {t.cle: t for t in REGISTRE}


def types_installes() -> list[TypeDocument]:
    return [t for t in REGISTRE if t.installe]


def type_du_modele(model: type[Model]) -> list[TypeDocument]:
    label = model._meta.label
    return [t for t in REGISTRE if t.modele == label]


def verdict_conservation(type_document: TypeDocument, objet: Any, *, jour: dt.date) -> Verdict | None:
    """ARC-CONSERVATION for deleting ``objet`` on ``jour`` (None: no reference date yet, e.g. undecided request)."""
    reference = type_document.date_reference(objet)
    if reference is None:
        return None
    region = type_document.valeur(objet, type_document.chemin_region)
    return evaluer(
        "ARC-CONSERVATION",
        jour_de_reference=reference,
        region=region,
        date_document=reference,
        suppression_le=jour,
    )


def conserver_jusqu_au(type_document: TypeDocument, objet: Any) -> dt.date | None:
    verdict = verdict_conservation(type_document, objet, jour=dt.date.min)
    return verdict.echeance if verdict is not None else None


@dataclass(frozen=True)
class DocumentArchive:
    type_document: TypeDocument
    objet: Any
    date_reference: dt.date | None
    conserver_jusqu_au: dt.date | None

    @property
    def libelle(self) -> str:
        return f"{self.type_document.libelle} — {self.objet}"

    @property
    def nom_fichier(self) -> str:
        return str(self.type_document.fichier(self.objet).name).rsplit("/", 1)[-1]


def _document(type_document: TypeDocument, objet: Any) -> DocumentArchive:
    return DocumentArchive(
        type_document=type_document,
        objet=objet,
        date_reference=type_document.date_reference(objet),
        conserver_jusqu_au=conserver_jusqu_au(type_document, objet),
    )


def documents_de_session(session: Any) -> list[DocumentArchive]:
    """Every stored document of ``session`` with its retention end, by kind."""
    documents = []
    for type_document in types_installes():
        if type_document.chemin_session is None:
            continue
        for objet in type_document.avec_fichier().filter(**{type_document.chemin_session: session}).order_by("pk"):
            documents.append(_document(type_document, objet))
    return documents


def documents_echus(*, jusqu_au: dt.date) -> Iterator[DocumentArchive]:
    """The stored documents whose retention ends on or before ``jusqu_au`` (the purge's candidates)."""
    for type_document in types_installes():
        avant = type_document.avec_fichier().filter(**{f"{type_document.chemin_date}__lte": jusqu_au})
        for objet in avant.order_by("pk").iterator():
            document = _document(type_document, objet)
            if document.conserver_jusqu_au is not None and document.conserver_jusqu_au <= jusqu_au:
                yield document
