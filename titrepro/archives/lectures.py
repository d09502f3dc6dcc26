"""Reads of the archives: a session's documents with their retention end, its DTE destruction/return log
(read from the ``dte`` app, DTE-DESTRUCTION) and what the purge did with its documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from titrepro.archives.models import LignePurge
from titrepro.archives.registre import DocumentArchive, documents_de_session
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
