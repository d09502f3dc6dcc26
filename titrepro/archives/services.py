"""Writes of the archives: the candidate's DP consent and copy (ARC-DP), the evaluation documents of a
registration (ARC-CONSERVATION, SES-DOSSIER), and the purge (ARC-CONSERVATION)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from titrepro.archives.garde import purge_autorisee
from titrepro.archives.models import (
    ActionPurge,
    ConsentementDossierProfessionnel,
    CopieDossierProfessionnel,
    LignePurge,
    NaturePiece,
    PieceConservee,
    PurgeArchives,
)
from titrepro.archives.registre import PREFIXE_PURGE, DocumentArchive, documents_echus
from titrepro.comptes.acces import GESTION_ARCHIVES
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.catalogue import regle
from titrepro.core.audit import auteur as auteur_audit
from titrepro.core.audit import motif as motif_audit
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import DOCUMENTS, PDF, verifier_fichier
from titrepro.core.permissions import exiger_permission
from titrepro.examens.models import PublicCandidat
from titrepro.personnes.models import Candidat


def peut_gerer_archives(utilisateur: Any, candidat: Candidat) -> tuple[bool, str]:
    """The team of an organisme holding the candidate (or the administrator)."""
    if getattr(utilisateur, "est_administrateur", False):
        return True, ""
    siens = {
        a.organisme_id
        for a in getattr(utilisateur, "affectations_actives", [])
        if a.role in GESTION_ARCHIVES and a.organisme_id
    }
    if siens and candidat.organismes.filter(pk__in=siens).exists():
        return True, ""
    return False, "Seul un organisme qui forme ou inscrit ce candidat enregistre son accord ou son dossier."


def consentement_en_vigueur(candidat: Candidat, *, jour: dt.date) -> ConsentementDossierProfessionnel | None:
    return (
        ConsentementDossierProfessionnel.objects.filter(candidat=candidat, donne_le__lte=jour)
        .filter(retire_le__isnull=True)
        .order_by("-donne_le")
        .first()
    )


@transaction.atomic
def consentement_dp_enregistrer(
    *, candidat: Candidat, donne_le: dt.date, forme: str, par: Any, precision: str = ""
) -> ConsentementDossierProfessionnel:
    """Record the candidate's explicit consent (date and form) to keep a copy of their DP (ARC-DP)."""
    exiger_permission(peut_gerer_archives(par, candidat))
    if donne_le > timezone.localdate():
        raise ValidationError({"donne_le": "L'accord ne peut pas être daté de demain ou plus tard."})
    if ConsentementDossierProfessionnel.objects.filter(candidat=candidat, retire_le__isnull=True).exists():
        raise ValidationError("Le candidat a déjà un accord en vigueur.")
    consentement = ConsentementDossierProfessionnel(
        candidat=candidat, donne_le=donne_le, forme=forme, precision=precision, enregistre_par=par
    )
    consentement.full_clean()
    consentement.save()
    return consentement


@transaction.atomic
def copie_dp_deposer(*, inscription: Any, fichier: File[Any], par: Any, jour: dt.date) -> CopieDossierProfessionnel:
    """File the copy of the candidate's dossier professionnel: refused by ARC-DP without their recorded consent."""
    candidat = inscription.candidat
    exiger_permission(peut_gerer_archives(par, candidat))
    consentement = consentement_en_vigueur(candidat, jour=jour)
    # The consent in force, or else the last one (withdrawn): ARC-DP says which refusal applies.
    retenu = consentement or (
        ConsentementDossierProfessionnel.objects.filter(candidat=candidat).order_by("-donne_le", "-pk").first()
    )
    exiger(
        evaluer(
            "ARC-DP",
            jour_de_reference=jour,
            candidat=str(candidat),
            consenti_le=retenu.donne_le if retenu is not None else None,
            retire_le=retenu.retire_le if retenu is not None else None,
            jour=jour,
        )
    )
    if consentement is None:  # ARC-DP passed: cannot happen, kept for the type checker
        raise ValidationError("Aucun accord du candidat n'est enregistré.")
    verifier_fichier(fichier, (PDF,))
    copie = CopieDossierProfessionnel(
        inscription=inscription,
        consentement=consentement,
        fichier_nom=str(getattr(fichier, "name", "dossier-professionnel.pdf"))[-255:],
        deposee_le=jour,
        deposee_par=par,
    )
    copie.fichier.save(f"dossier-professionnel-{inscription.pk}.pdf", fichier, save=False)
    copie.save()
    return copie


def peut_deposer_piece(utilisateur: Any, inscription: Any) -> tuple[bool, str]:
    """The session team of the organisme (its responsable de session and suppléants): ``Session.peut_gerer``."""
    ok, raison = inscription.session.peut_gerer(utilisateur)
    if not ok:
        return False, f"{raison} Eux seuls déposent les pièces d'évaluation de ses candidats."
    return True, ""


def refus_hors_dossier(nature: str) -> str:
    """SES-DOSSIER's French refusal of a document that is not one of the listed natures (a CV, a report...)."""
    permises = " ; ".join(str(libelle) for libelle in NaturePiece.labels)
    return (
        f"« {nature} » n'est pas une pièce prévue par le référentiel d'évaluation : rien d'autre n'est ajouté au "
        f"dossier du candidat (ni rapport de stage, ni CV). Pièces possibles : {permises}."
    )


@transaction.atomic
def piece_conservee_deposer(
    *, inscription: Any, nature: str, fichier: File[Any], par: Any, jour: dt.date
) -> PieceConservee:
    """File an evaluation document of ``inscription``, kept 5 years after the session (ARC-CONSERVATION).

    Only the natures of ``NaturePiece`` are filed (SES-DOSSIER: a CV or an internship report is refused with
    the rule's code); the VAE admissibility belongs to a VAE candidate, the ECF booklet to a trained one. The
    type is read from the content (PDF, PNG or JPEG: a scanned sheet), the size bounded.
    """
    exiger_permission(peut_deposer_piece(par, inscription))
    if nature not in NaturePiece.values:
        raise RegleRefusee("SES-DOSSIER", refus_hors_dossier(nature), regle("SES-DOSSIER").source)
    vae = inscription.public == PublicCandidat.VAE
    if nature == NaturePiece.RECEVABILITE_VAE and not vae:
        raise ValidationError(
            {"nature": f"{inscription.candidat} n'est pas inscrit(e) par la VAE : pas de décision de recevabilité."}
        )
    if nature == NaturePiece.LIVRET_ECF and vae:
        raise ValidationError(
            {"nature": f"{inscription.candidat} est inscrit(e) par la VAE : pas d'évaluations en cours de formation."}
        )
    reconnu = verifier_fichier(fichier, DOCUMENTS)
    # The name kept for the download: the one given, with the extension of the type read from the content.
    nom_depose = str(getattr(fichier, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = (nom_depose.rsplit(".", 1)[0] if "." in nom_depose else nom_depose).strip() or nature
    piece = PieceConservee(
        inscription=inscription,
        nature=nature,
        fichier_nom=f"{base[:240]}.{reconnu.extension}",
        deposee_le=jour,
        deposee_par=par,
    )
    piece.fichier.save(f"{nature}-{inscription.pk}.{reconnu.extension}", fichier, save=False)
    piece.save()
    return piece


@dataclass
class RapportPurge:
    purge: PurgeArchives | None
    documents: list[DocumentArchive] = field(default_factory=list)

    @property
    def nombre(self) -> int:
        return len(self.documents)


def archives_purger(
    *,
    jusqu_au: dt.date,
    simuler: bool = False,
    par: Any = None,
    progression: Callable[[int, int], None] | None = None,
) -> RapportPurge:
    """Delete the documents whose retention end (ARC-CONSERVATION) is on or before ``jusqu_au``, and log each one.

    ``jusqu_au`` may not be later than today: nothing is purged ahead of time. Each document is
    handled in its own transaction with its log row (what, why, when, by which run); a document
    already purged has no file any more and is not found again, so a second run does nothing.
    ``simuler``: list what would be deleted, touch nothing.
    """
    aujourd_hui = timezone.localdate()
    if jusqu_au > aujourd_hui:
        raise ValidationError(
            f"La purge ne prend que les documents dont la conservation est finie : le {jusqu_au:%d/%m/%Y} "
            f"est après aujourd'hui ({aujourd_hui:%d/%m/%Y})."
        )
    documents = list(documents_echus(jusqu_au=jusqu_au))
    if simuler:
        return RapportPurge(purge=None, documents=documents)
    purge = PurgeArchives.objects.create(jusqu_au=jusqu_au, simulation=False, par=par)
    faits: list[DocumentArchive] = []
    for index, document in enumerate(documents, start=1):
        if _purger_document(purge, document):
            faits.append(document)
        if progression is not None:
            progression(index, len(documents))
    purge.nombre = len(faits)
    purge.terminee_a = timezone.now()
    purge.save(update_fields=["nombre", "terminee_a", "modifie_le"])
    return RapportPurge(purge=purge, documents=faits)


def _purger_document(purge: PurgeArchives, document: DocumentArchive) -> bool:
    type_document = document.type_document
    if document.conserver_jusqu_au is None or document.date_reference is None:
        return False  # no retention end: never purged
    with transaction.atomic(), auteur_audit(purge.par), purge_autorisee():
        objet = type(document.objet)._default_manager.select_for_update().filter(pk=document.objet.pk).first()
        if objet is None or not type_document.a_un_document(objet):
            return False  # purged meanwhile
        nom_fichier = str(type_document.fichier(objet).name)
        session = type_document.valeur(objet, type_document.chemin_session) if type_document.chemin_session else None
        raison = (
            f"Conservation finie le {document.conserver_jusqu_au:%d/%m/%Y} (ARC-CONSERVATION : "
            f"{document.date_reference:%d/%m/%Y} + durée en vigueur) ; purge n°{purge.pk} jusqu'au "
            f"{purge.jusqu_au:%d/%m/%Y}."
        )
        LignePurge.objects.create(
            purge=purge,
            type_document=type_document.cle,
            libelle=document.libelle[:300],
            modele=type_document.modele,
            objet_id=objet.pk,
            session=session,
            fichier=nom_fichier[:300],
            date_reference=document.date_reference,
            conserver_jusqu_au=document.conserver_jusqu_au,
            action=ActionPurge.SUPPRIME if type_document.supprimer_la_ligne else ActionPurge.FICHIER_SUPPRIME,
            motif=raison[:500],
        )
        with motif_audit(raison):
            champ = type_document.fichier(objet)
            stockage, nom = champ.storage, champ.name
            if type_document.supprimer_la_ligne:
                objet.delete()
            else:
                marque = f"{PREFIXE_PURGE}{type_document.cle}-{objet.pk}" if type_document.marque_apres_purge else ""
                setattr(objet, type_document.champ_fichier, marque)
                objet.save(update_fields=[type_document.champ_fichier, "modifie_le"])
        # The file goes last, once the rows are written: a failure above leaves it in place.
        transaction.on_commit(lambda: stockage.delete(nom))
    return True
