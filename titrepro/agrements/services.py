"""Writes of the agrément workflow: build and submit a request, instruct it, decide; agrément states; plateau change.

Every service is keyword-only, atomic, checks ``peut_<verbe>(auteur)`` first (the
reason reaches the user as is, as a ``PermissionDenied``), refuses through the rule
engine (``RegleRefusee``), and programs its e-mails after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from titrepro.agrements.lectures import completude
from titrepro.agrements.models import (
    CONTRAINTE_CHEVAUCHEMENT,
    Agrement,
    DemandeAgrement,
    EtatAgrement,
    EtatDemande,
    MotifRefus,
    PieceJointe,
    TypePiece,
    message_chevauchement,
)
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.verdict import Verdict, premier_bloquant
from titrepro.core.audit import motif as motif_audit
from titrepro.core.fichiers import DOCUMENTS, IMAGES, verifier_fichier
from titrepro.core.permissions import exiger_permission
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.organisations.models import (
    ChangementPlateau,
    NatureChangementPlateau,
    Organisme,
    Site,
    est_responsable_de,
)
from titrepro.referentiel.models import Millesime


def _courriel(demande: DemandeAgrement, *, vers: list[str], objet: str, gabarit: str, **contexte: Any) -> None:
    courriel_programmer(
        destinataires=vers,
        objet=f"{objet} — demande d'agrément n°{demande.pk}",
        gabarit=f"agrements/courriels/{gabarit}.txt",
        contexte={"demande": demande, "millesimes": list(demande.millesimes.all()), **contexte},
    )


def _vers_organisme(demande: DemandeAgrement) -> list[str]:
    return destinataires.responsables_organisme(demande.organisme_id)


def _vers_dreets(demande: DemandeAgrement) -> list[str]:
    return destinataires.agents_dreets([demande.region_id])


def _verifier_millesimes(site: Site, millesimes: Iterable[Millesime]) -> list[Millesime]:
    choisis = list(millesimes)
    if not choisis:
        raise ValidationError({"millesimes": ["Choisissez au moins un titre (millésime)."]})
    return choisis


def _enregistrer_agrement(agrement: Agrement) -> None:
    """Save an agrément; the PostgreSQL exclusion constraint (a concurrent overlap) becomes a French refusal."""
    try:
        with transaction.atomic():
            agrement.save()
    except IntegrityError as exc:
        if CONTRAINTE_CHEVAUCHEMENT not in str(exc):
            raise
        raise ValidationError({"debut": [message_chevauchement()]}) from None


# ---------------------------------------------------------------------------------------------- the organisme


@transaction.atomic
def demande_creer(
    *,
    organisme: Organisme,
    site: Site,
    millesimes: Iterable[Millesime],
    premiere_session: dt.date,
    auteur: Any,
    candidats_externes: bool = False,
    renouvellement: bool = False,
    observations: str = "",
) -> DemandeAgrement:
    """A new request (one site, one or several TP millésimes), *en construction*."""
    if not est_responsable_de(auteur, organisme.pk):
        raise PermissionDenied("Seul le responsable de l'organisme dépose une demande d'agrément.")
    if site.organisme_id != organisme.pk:
        raise ValidationError({"site": ["Ce site n'appartient pas à l'organisme."]})
    choisis = _verifier_millesimes(site, millesimes)
    demande = DemandeAgrement(
        organisme=organisme,
        site=site,
        premiere_session=premiere_session,
        candidats_externes=candidats_externes,
        renouvellement=renouvellement,
        observations=observations,
        cree_par=auteur,
    )
    demande.full_clean()
    demande.save()
    demande.millesimes.set(choisis)
    return demande


@transaction.atomic
def demande_modifier(
    *, demande: DemandeAgrement, auteur: Any, millesimes: Iterable[Millesime] | None = None, **champs: Any
) -> DemandeAgrement:
    exiger_permission(demande.peut_modifier(auteur))
    autorises = {"premiere_session", "candidats_externes", "renouvellement", "observations"}
    if set(champs) - autorises:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(set(champs) - autorises))}.")
    for nom, valeur in champs.items():
        setattr(demande, nom, valeur)
    demande.full_clean()
    demande.save()
    if millesimes is not None:
        demande.millesimes.set(_verifier_millesimes(demande.site, millesimes))
    return demande


@transaction.atomic
def piece_ajouter(
    *,
    demande: DemandeAgrement,
    auteur: Any,
    type: str,
    fichier: Any,
    date_document: dt.date | None = None,
    justificatif: str = "",
    acces_debut: dt.date | None = None,
    acces_fin: dt.date | None = None,
    legende: str = "",
) -> PieceJointe:
    """Attach a piece (PDF, PNG or JPEG checked from its content; size limit) with its metadata."""
    exiger_permission(demande.peut_modifier(auteur))
    try:
        type_fichier = verifier_fichier(fichier, IMAGES if type == TypePiece.PHOTO else DOCUMENTS)
    except ValidationError as exc:
        raise ValidationError({"fichier": exc.messages}) from None
    piece = PieceJointe(
        demande=demande,
        type=type,
        nom_original=str(fichier.name)[:200],
        type_mime=type_fichier.mime,
        taille=fichier.size,
        date_document=date_document,
        justificatif=justificatif,
        acces_debut=acces_debut,
        acces_fin=acces_fin,
        legende=(legende or "").strip(),
        deposee_par=auteur,
    )
    piece.full_clean(exclude=["fichier"])
    piece.fichier.save(f"{type}.{type_fichier.extension}", fichier, save=False)
    piece.save()
    return piece


@transaction.atomic
def piece_supprimer(*, piece: PieceJointe, auteur: Any) -> None:
    exiger_permission(piece.demande.peut_modifier(auteur))
    piece.fichier.delete(save=False)
    piece.delete()


def demande_deposer(*, demande: DemandeAgrement, auteur: Any, jour: dt.date) -> list[Verdict]:
    """*déposer*: the completeness check must pass piece by piece; the DREETS is told (again after complements)."""
    exiger_permission(demande.peut_deposer(auteur))
    if not demande.millesimes.exists():
        raise ValidationError({"millesimes": ["Choisissez au moins un titre (millésime)."]})
    constats = completude(demande, jour=jour)
    bloquant = premier_bloquant(c.verdict for c in constats)
    if bloquant is not None:
        exiger(bloquant)
    complements = demande.attend_complements
    with transaction.atomic():
        demande.deposer(jour=jour, motif="Compléments apportés" if complements else "Demande déposée complète")
        demande.save()
        _courriel(
            demande,
            vers=_vers_dreets(demande),
            objet="Compléments apportés" if complements else "Demande déposée",
            gabarit="deposee",
            complements=complements,
        )
    return [c.verdict for c in constats]


# ---------------------------------------------------------------------------------------------- the DREETS


def demande_demander_pieces(*, demande: DemandeAgrement, auteur: Any, motif: str, jour: dt.date) -> DemandeAgrement:
    """Ask for more pieces: the organisme is e-mailed; without an answer in 21 days, AGR-SANS-SUITE applies."""
    exiger_permission(demande.peut_demander_pieces(auteur))
    if not (motif or "").strip():
        raise ValidationError({"motif": ["Précisez les pièces ou corrections attendues."]})
    with transaction.atomic():
        demande.demander_pieces(jour=jour, motif=motif.strip())
        demande.save()
        echeance = evaluer(
            "AGR-SANS-SUITE",
            jour_de_reference=jour,
            region=demande.region_id,
            demandes_le=jour,
            recus_le=None,
            jour=jour,
        )
        _courriel(
            demande,
            vers=_vers_organisme(demande),
            objet="Compléments demandés",
            gabarit="pieces_demandees",
            verdict=echeance,
        )
    return demande


def demande_passer_en_instruction(*, demande: DemandeAgrement, auteur: Any, jour: dt.date) -> DemandeAgrement:
    """The request becomes read-only for the organisme (AGR-ETATS)."""
    exiger_permission(demande.peut_passer_en_instruction(auteur))
    with transaction.atomic():
        demande.passer_en_instruction(jour=jour, motif="Toutes les pièces sont réunies")
        demande.save()
        _courriel(demande, vers=_vers_organisme(demande), objet="Demande en instruction", gabarit="en_instruction")
    return demande


def demande_accepter(
    *, demande: DemandeAgrement, auteur: Any, debut: dt.date, fin: dt.date, jour: dt.date, motif: str = ""
) -> list[Agrement]:
    """Accept: one Agrément per requested millésime, never beyond the millésime's end (AGR-DECISION)."""
    exiger_permission(demande.peut_accepter(auteur))
    if fin < debut:
        raise ValidationError({"fin": ["La fin de l'agrément ne peut précéder son début."]})
    with transaction.atomic():
        demande.accepter(jour=jour, motif=motif or "Demande acceptée")
        demande.save()
        agrements = []
        for millesime in demande.millesimes.all():
            fin_agrement = min(fin, millesime.fin_validite)
            if fin_agrement < debut:
                raise ValidationError(
                    {"debut": [f"Le millésime {millesime} a pris fin le {millesime.fin_validite:%d/%m/%Y}."]}
                )
            agrement = Agrement(
                organisme=demande.organisme,
                site=demande.site,
                millesime=millesime,
                debut=debut,
                fin=fin_agrement,
                candidats_externes=demande.candidats_externes,
                demande=demande,
            )
            agrement.full_clean()
            _enregistrer_agrement(agrement)
            agrements.append(agrement)
        delai = evaluer(
            "AGR-DECISION",
            jour_de_reference=jour,
            region=demande.region_id,
            complete_le=demande.complete_le or jour,
            decision_le=jour,
            jour=jour,
        )
        _courriel(
            demande,
            vers=_vers_organisme(demande),
            objet="Demande acceptée",
            gabarit="acceptee",
            agrements=agrements,
            delai=delai,
        )
    return agrements


def demande_refuser(
    *, demande: DemandeAgrement, auteur: Any, motif_refus: str, motif: str = "", jour: dt.date
) -> DemandeAgrement:
    """Refuse with a motive of AGR-REFUS or a free text (« autre »)."""
    exiger_permission(demande.peut_refuser(auteur))
    if motif_refus not in MotifRefus.values:
        raise ValidationError({"motif_refus": ["Choisissez un motif de refus."]})
    if motif_refus == MotifRefus.AUTRE and not (motif or "").strip():
        raise ValidationError({"motif": ["Rédigez le motif du refus."]})
    texte = (motif or "").strip() or MotifRefus(motif_refus).label
    with transaction.atomic():
        demande.refuser(jour=jour, motif=texte, motif_refus=motif_refus)
        demande.save()
        _courriel(demande, vers=_vers_organisme(demande), objet="Demande refusée", gabarit="refusee")
    return demande


def demande_classer_sans_suite(
    *, demande: DemandeAgrement, auteur: Any, motif: str, jour: dt.date, par_le_balayage: bool = False
) -> DemandeAgrement:
    """*classer sans suite*: by the DREETS, or by the sweep when AGR-SANS-SUITE's 21 days ran out."""
    if par_le_balayage:
        verdict = evaluer(
            "AGR-SANS-SUITE",
            jour_de_reference=jour,
            region=demande.region_id,
            demandes_le=demande.pieces_demandees_le or jour,
            recus_le=demande.complements_recus_le,
            jour=jour,
        )
        if verdict.ok or demande.etat != EtatDemande.EN_CONSTRUCTION:
            raise ValidationError("Le délai de la règle AGR-SANS-SUITE n'est pas dépassé.")
        motif = verdict.message
    else:
        exiger_permission(demande.peut_classer_sans_suite(auteur))
        if not (motif or "").strip():
            raise ValidationError({"motif": ["Précisez le motif du classement."]})
    with transaction.atomic():
        demande.classer_sans_suite(jour=jour, motif=motif.strip())
        demande.save()
        _courriel(
            demande,
            vers=_vers_organisme(demande) + _vers_dreets(demande),
            objet="Demande classée sans suite",
            gabarit="sans_suite",
        )
    return demande


def demandes_sans_suite_a_classer(*, jour: dt.date, auteur: Any = None) -> list[DemandeAgrement]:
    """Close every request whose complements are overdue (AGR-SANS-SUITE). For the sweep or a scheduled task."""
    attente = DemandeAgrement.objects.filter(
        etat=EtatDemande.EN_CONSTRUCTION, pieces_demandees_le__isnull=False, complements_recus_le__isnull=True
    ).select_related("site__departement")
    classees = []
    for demande in attente:
        try:
            demande_classer_sans_suite(demande=demande, auteur=auteur, motif="", jour=jour, par_le_balayage=True)
        except ValidationError:
            continue
        classees.append(demande)
    return classees


# ---------------------------------------------------------------------------------------------- agréments


def agrement_changer_etat(*, agrement: Agrement, auteur: Any, action: str, motif: str) -> Agrement:
    """suspendre | retablir | retirer, by the DREETS of the site's région, with a motive."""
    exiger_permission(agrement.peut_changer_etat(auteur))
    if action not in {"suspendre", "retablir", "retirer"}:
        raise ValidationError({"action": ["Action inconnue."]})
    if not (motif or "").strip():
        raise ValidationError({"motif": ["Précisez le motif."]})
    transitions = {t.name for t in agrement.get_available_etat_transitions()}  # type: ignore[attr-defined]
    if action not in transitions:
        raise PermissionDenied(f"Action impossible : l'agrément est {agrement.get_etat_display().lower()}.")
    if action == "retablir" and (autre := agrement.chevauchement(si_actif=True)) is not None:
        raise ValidationError({"action": [message_chevauchement(autre)]})
    with transaction.atomic():
        getattr(agrement, action)(motif=motif.strip())
        _enregistrer_agrement(agrement)
        courriel_programmer(
            destinataires=destinataires.responsables_organisme(agrement.organisme_id),
            objet=f"Agrément {agrement.get_etat_display().lower()}",
            gabarit="agrements/courriels/agrement_etat.txt",
            contexte={"agrement": agrement},
        )
    return agrement


def site_changer_plateau(
    *,
    site: Site,
    auteur: Any,
    nature: str,
    date_effet: dt.date,
    description: str,
    jour: dt.date,
    adresse: str = "",
    code_postal: str = "",
    commune: str = "",
    departement: Any = None,
) -> tuple[ChangementPlateau, Verdict]:
    """AGR-PLATEAU: record the change; the site's agréments end at ``date_effet``; each TP needs a new request."""
    exiger_permission(site.peut_modifier(auteur))
    if nature not in NatureChangementPlateau.values:
        raise ValidationError({"nature": ["Choisissez la nature du changement."]})
    if not (description or "").strip():
        raise ValidationError({"description": ["Décrivez le changement."]})
    if nature == NatureChangementPlateau.ADRESSE and not (adresse and code_postal and commune and departement):
        raise ValidationError({"adresse": ["Indiquez la nouvelle adresse complète du plateau (et son département)."]})
    with transaction.atomic(), motif_audit(f"Changement de plateau technique au {date_effet:%d/%m/%Y}"):
        site = Site.objects.select_for_update().get(pk=site.pk)
        touches = list(
            Agrement.objects.filter(
                site=site, etat__in=[EtatAgrement.ACTIF, EtatAgrement.SUSPENDU], fin__gte=date_effet
            ).select_related("millesime__titre")
        )
        verdict = evaluer(
            "AGR-PLATEAU",
            jour_de_reference=jour,
            region=site.departement.region_id,
            nature=nature,
            date_effet=date_effet,
            titres=tuple(sorted({str(a.millesime) for a in touches})),
        )
        ancienne = site.adresse_complete
        if nature == NatureChangementPlateau.ADRESSE:
            site.adresse, site.code_postal, site.commune, site.departement = adresse, code_postal, commune, departement
            site.full_clean()
            site.save()
        veille = date_effet - dt.timedelta(days=1)
        for agrement in touches:
            agrement.clore(motif=verdict.message, fin=veille)
            agrement.save()
        changement = ChangementPlateau.objects.create(
            site=site,
            nature=nature,
            date_effet=date_effet,
            description=description.strip(),
            ancienne_adresse=ancienne,
            constat=verdict.message,
            declare_par=auteur,
        )
        regions = {site.departement.region_id}
        courriel_programmer(
            destinataires=destinataires.agents_dreets(regions)
            + destinataires.responsables_organisme(site.organisme_id),
            objet=f"Changement de plateau technique — {site.nom}",
            gabarit="agrements/courriels/changement_plateau.txt",
            contexte={"site": site, "changement": changement, "agrements": touches, "verdict": verdict},
        )
    return changement, verdict
