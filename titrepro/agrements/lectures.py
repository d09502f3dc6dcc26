"""Reads about agréments: the AGR-PERIMETRE check the sessions call, and the completeness of a request.

``agrement_couvrant`` / ``verifier_perimetre`` are the entry points of the sessions issue:
a session is created only where ``exiger(verifier_perimetre(...))`` passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from titrepro.agrements.models import Agrement, DemandeAgrement, EtatAgrement, PieceJointe, TypePiece
from titrepro.conformite.moteur import evaluer
from titrepro.conformite.regles.agrements import PIECES_AGREMENT, PiecesJointes, pieces_jointes
from titrepro.conformite.regles.verdict import Verdict
from titrepro.organisations.models import Site
from titrepro.organisations.services import organisme_verdict_contacts
from titrepro.referentiel.models import Millesime


def agrement_couvrant(
    *, site: Site, millesime: Millesime, premier_jour: dt.date, dernier_jour: dt.date
) -> Agrement | None:
    """The active agrément of ``site`` on ``millesime`` valid every day of the session, or None."""
    return (
        Agrement.objects.filter(site=site, millesime=millesime)
        .couvrant(premier_jour=premier_jour, dernier_jour=dernier_jour)
        .order_by("-fin")
        .first()
    )


def verifier_perimetre(
    *, site: Site, millesime: Millesime, premier_jour: dt.date, dernier_jour: dt.date, jour: dt.date
) -> Verdict:
    """AGR-PERIMETRE (and AGR-MILLESIME when only another millésime of the titre is held), as a verdict.

    The caller refuses with ``conformite.moteur.exiger(verdict)``.
    """
    region = site.departement.region_id
    # One query: the site's active agréments (a site holds a handful), sorted latest end first.
    actifs = sorted(
        Agrement.objects.filter(site=site, etat=EtatAgrement.ACTIF).select_related("millesime"),
        key=lambda a: a.fin,
        reverse=True,
    )
    sur_ce_millesime = [a for a in actifs if a.millesime_id == millesime.pk]
    couvrant = next((a for a in sur_ce_millesime if a.debut <= premier_jour and a.fin >= dernier_jour), None)
    if couvrant is not None:
        return evaluer(
            "AGR-PERIMETRE",
            jour_de_reference=jour,
            region=region,
            agrement_debut=couvrant.debut,
            agrement_fin=couvrant.fin,
            premier_jour=premier_jour,
            dernier_jour=dernier_jour,
            meme_site=True,
            meme_millesime=True,
        )
    if not sur_ce_millesime:
        autres = sorted(
            {a.millesime.version for a in actifs if a.millesime.titre_id == millesime.titre_id and a.fin >= jour}
        )
        if autres:
            return evaluer(
                "AGR-MILLESIME",
                jour_de_reference=jour,
                region=region,
                titre=millesime.titre.intitule,
                millesime_vise=millesime.version,
                millesimes_agrees=tuple(autres),
            )
    plus_proche = sur_ce_millesime[0] if sur_ce_millesime else None
    # Report the closest thing: an agrément on this millésime but not every day, or none at all.
    return evaluer(
        "AGR-PERIMETRE",
        jour_de_reference=jour,
        region=region,
        agrement_debut=plus_proche.debut if plus_proche else premier_jour,
        agrement_fin=plus_proche.fin if plus_proche else premier_jour,
        premier_jour=premier_jour,
        dernier_jour=dernier_jour,
        meme_site=plus_proche is not None,
        meme_millesime=plus_proche is not None,
    )


@dataclass(frozen=True)
class Constat:
    """One line of the completeness check: a piece (or a condition), its verdict."""

    piece: str
    verdict: Verdict

    @property
    def ok(self) -> bool:
        return self.verdict.ok

    @property
    def bloque(self) -> bool:
        return self.verdict.bloque


def _derniere(pieces: list[PieceJointe], type_piece: str) -> PieceJointe | None:
    candidates = [p for p in pieces if p.type == type_piece]
    return candidates[-1] if candidates else None


def completude(demande: DemandeAgrement, *, jour: dt.date) -> list[Constat]:
    """Piece by piece, what is missing or invalid, with the rule code (before submission and for the agent).

    The dates (KBIS under 6 months, lease valid on the first session) are checked by AGR-PIECES through the
    engine, once for the KBIS and once for the lease so that each line names only its own piece.
    """
    # Before submission the reference is today; once in instruction, the day of the last complete submission.
    depot = jour if demande.etat == "en_construction" else (demande.complete_le or jour)
    region = demande.site.departement.region_id
    pieces = list(demande.pieces.all())
    millesimes = list(demande.millesimes.select_related("titre"))
    constats: list[Constat] = []

    kbis = _derniere(pieces, TypePiece.KBIS)
    acces = _derniere(pieces, TypePiece.ACCES_LOCAUX)
    constats.append(
        Constat(
            PIECES_AGREMENT["kbis"],
            evaluer(
                "AGR-PIECES",
                jour_de_reference=jour,
                region=region,
                depose_le=depot,
                premiere_session=demande.premiere_session,
                kbis_date=kbis.date_document if kbis else None,
                justificatif_acces="bail",
                acces_debut=demande.premiere_session,
                acces_fin=None,
            ),
        )
    )
    constats.append(
        Constat(
            PIECES_AGREMENT["acces_locaux"],
            evaluer(
                "AGR-PIECES",
                jour_de_reference=jour,
                region=region,
                depose_le=depot,
                premiere_session=demande.premiere_session,
                kbis_date=depot,
                justificatif_acces=(acces.justificatif or None) if acces else None,
                acces_debut=acces.acces_debut if acces else None,
                acces_fin=acces.acces_fin if acces else None,
            ),
        )
    )
    transport = any(m.titre.transport for m in millesimes)
    compte = {t: sum(1 for p in pieces if p.type == t) for t in TypePiece.values}
    renouvellement = demande.renouvellement or _est_renouvellement(demande, millesimes)
    verdicts = pieces_jointes(
        PiecesJointes(
            photos_legendees=sum(1 for p in pieces if p.type == TypePiece.PHOTO and p.legende.strip()),
            photos_sans_legende=sum(1 for p in pieces if p.type == TypePiece.PHOTO and not p.legende.strip()),
            organisation=compte[TypePiece.ORGANISATION],
            planning=compte[TypePiece.PLANNING],
            attestation_piste=compte[TypePiece.ATTESTATION_PISTE],
            suivi_effectifs=compte[TypePiece.SUIVI_EFFECTIFS],
            transport=transport,
            renouvellement=renouvellement,
        )
    )
    constats.extend(Constat(PIECES_AGREMENT[cle], verdict) for cle, verdict in verdicts.items())
    constats.append(Constat("Contacts de l'organisme", organisme_verdict_contacts(demande.organisme, jour=jour)))
    for millesime in millesimes:
        constats.append(Constat(f"Titre : {millesime}", _verdict_millesime(demande, millesime, jour)))
    return constats


def _est_renouvellement(demande: DemandeAgrement, millesimes: list[Millesime]) -> bool:
    """The site already held an agrément on one of these titres (another millésime): a renewal."""
    return Agrement.objects.filter(site=demande.site, millesime__titre__in=[m.titre_id for m in millesimes]).exists()


def _verdict_millesime(demande: DemandeAgrement, millesime: Millesime, jour: dt.date) -> Verdict:
    """AGR-MILLESIME seen from a request: a new millésime is a new request; one already held is refused."""
    en_vigueur = Agrement.objects.filter(site=demande.site, millesime__titre_id=millesime.titre_id).en_vigueur_le(jour)
    versions = tuple(sorted({a.millesime.version for a in en_vigueur.select_related("millesime")}))
    return evaluer(
        "AGR-MILLESIME",
        jour_de_reference=jour,
        region=demande.site.departement.region_id,
        titre=millesime.titre.intitule,
        millesime_vise=millesime.version,
        millesimes_agrees=versions,
        pour_une_demande=True,
    )
