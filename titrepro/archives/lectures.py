"""Reads of the archives: a session's documents with their retention end, its DTE destruction/return log
(read from the ``dte`` app, DTE-DESTRUCTION), what the purge did with its documents, and the evaluation
documents filed per registration (``PieceConservee``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from titrepro.archives.models import LignePurge, PieceConservee
from titrepro.archives.registre import PAR_CLE, DocumentArchive, conserver_jusqu_au, documents_de_session
from titrepro.dte.models import CommandeDte, EtatCommande


@dataclass(frozen=True)
class ClotureDte:
    """One destruction or return of the session's subjects and DTE, with who and when (DTE-DESTRUCTION)."""

    commande: CommandeDte
    action: str
    le: dt.date | None
    par: Any
    observations: str


def journal_dte(session: Any) -> list[ClotureDte]:
    commandes = CommandeDte.objects.filter(
        session=session, etat__in=(EtatCommande.DETRUITE, EtatCommande.RETOURNEE)
    ).select_related("cloturee_par")
    return [
        ClotureDte(
            commande=c,
            action=c.get_etat_display(),
            le=c.cloturee_le,
            par=c.cloturee_par,
            observations=c.observations_cloture,
        )
        for c in commandes.order_by("cloturee_le", "pk")
    ]


def dte_a_detruire(session: Any) -> list[CommandeDte]:
    """Orders of the session whose plis were received (or cancelled after receipt) and not yet destroyed/returned."""
    return list(
        CommandeDte.objects.filter(session=session, etat__in=(EtatCommande.RECUE, EtatCommande.LIENS_ACTIFS))
        | CommandeDte.objects.filter(session=session, etat=EtatCommande.ANNULEE, plis_a_detruire=True)
    )


@dataclass(frozen=True)
class ArchivesSession:
    documents: list[DocumentArchive]
    journal_dte: list[ClotureDte]
    dte_a_detruire: list[CommandeDte]
    purges: list[LignePurge]

    @property
    def conserver_jusqu_au(self) -> dt.date | None:
        dates = [d.conserver_jusqu_au for d in self.documents if d.conserver_jusqu_au]
        return max(dates) if dates else None


def archives_de_session(session: Any) -> ArchivesSession:
    return ArchivesSession(
        documents=documents_de_session(session),
        journal_dte=journal_dte(session),
        dte_a_detruire=dte_a_detruire(session),
        purges=list(LignePurge.objects.filter(session=session).select_related("purge").order_by("-cree_le", "pk")),
    )


@dataclass(frozen=True)
class PieceArchivee:
    """A filed evaluation document with its retention end (ARC-CONSERVATION); ``purgee``: its file is gone."""

    piece: PieceConservee
    conserver_jusqu_au: dt.date | None
    purgee: bool


def pieces_de_session(session: Any, utilisateur: Any) -> list[PieceArchivee]:
    """The evaluation documents of the session's registrations that ``utilisateur`` may see, by candidate."""
    type_document = PAR_CLE["piece_conservee"]
    pieces = (
        PieceConservee.objects.visibles_par(utilisateur)
        .filter(inscription__session=session)
        .select_related("inscription__candidat", "inscription__session__site__departement", "deposee_par")
        .order_by("inscription__candidat__nom_naissance", "inscription_id", "nature", "-deposee_le", "pk")
    )
    return [
        PieceArchivee(
            piece=piece,
            conserver_jusqu_au=conserver_jusqu_au(type_document, piece),
            purgee=not type_document.a_un_document(piece),
        )
        for piece in pieces
    ]
