"""Writes on organismes: contacts (ORG-CONTACTS), SIRET change (AGR-SIRET), photos, conventions, programming.

Each service checks the permission (``peut_modifier``), is atomic and audited (the models are
registered with ``enregistrer``), and programs its e-mails after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from stdnum.fr import siret as stdnum_siret

from titrepro.conformite.moteur import evaluer
from titrepro.conformite.regles.organismes import Contact as ContactRegle
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core.audit import motif as motif_audit
from titrepro.core.fichiers import IMAGES, PDF, verifier_fichier
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.organisations.models import (
    ChangementSiret,
    Contact,
    Convention,
    Organisme,
    PhotoSite,
    ProgrammationAnnuelle,
    Site,
    valider_siret,
)


def _exiger_permission(resultat: tuple[bool, str]) -> None:
    permis, raison = resultat
    if not permis:
        raise PermissionDenied(raison)


def organisme_verdict_contacts(organisme: Organisme, *, jour: dt.date) -> Verdict:
    """ORG-CONTACTS on the organisme's contacts as they are now."""
    contacts = tuple(
        ContactRegle(role=c.role, nom=c.nom_complet, email=c.email, telephone=c.telephone)
        for c in organisme.contacts.all()
    )
    return evaluer("ORG-CONTACTS", jour_de_reference=jour, contacts=contacts)


def organisme_modifier(*, organisme: Organisme, auteur: Any, **champs: Any) -> Organisme:
    """Head office, e-mail, CFA status (AGR-CFA). A head-office move is only an update (AGR-PLATEAU)."""
    _exiger_permission(organisme.peut_modifier(auteur))
    autorises = {"raison_sociale", "siege_adresse", "siege_code_postal", "siege_commune", "email", "est_cfa"}
    inconnus = set(champs) - autorises
    if inconnus:
        raise ValidationError(f"Champs non modifiables ici : {', '.join(sorted(inconnus))}.")
    for nom, valeur in champs.items():
        setattr(organisme, nom, valeur)
    organisme.full_clean(exclude=["siret"])  # the SIRET changes only through organisme_changer_siret
    with transaction.atomic():
        organisme.save()
    return organisme


@transaction.atomic
def contact_enregistrer(*, organisme: Organisme, auteur: Any, contact: Contact | None = None, **champs: Any) -> Contact:
    """Create or update a contact; the phone is normalised (phonenumbers), the e-mail checked."""
    _exiger_permission(organisme.peut_modifier(auteur))
    contact = contact or Contact(organisme=organisme)
    if contact.organisme_id != organisme.pk:
        raise PermissionDenied("Ce contact n'appartient pas à cet organisme.")
    for nom, valeur in champs.items():
        setattr(contact, nom, valeur)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_supprimer(*, contact: Contact, auteur: Any) -> None:
    _exiger_permission(contact.organisme.peut_modifier(auteur))
    contact.delete()


def organisme_changer_siret(
    *, organisme: Organisme, nouveau_siret: str, date_effet: dt.date, motif: str, auteur: Any, jour: dt.date
) -> ChangementSiret:
    """AGR-SIRET: record the change, move the organisme (and so its sites) to the new SIRET, tell the DREETS."""
    _exiger_permission(organisme.peut_modifier(auteur))
    nouveau = stdnum_siret.compact(nouveau_siret or "")
    try:
        valider_siret(nouveau)
    except ValidationError as exc:
        raise ValidationError({"nouveau_siret": exc.messages}) from None
    if nouveau == organisme.siret:
        raise ValidationError({"nouveau_siret": ["Le nouveau SIRET est identique à l'actuel."]})
    if Organisme.objects.filter(siret=nouveau).exclude(pk=organisme.pk).exists():
        raise ValidationError({"nouveau_siret": ["Ce SIRET est déjà celui d'un autre organisme."]})
    ancien = organisme.siret
    with transaction.atomic(), motif_audit(motif or f"Changement de SIRET {ancien} → {nouveau}"):
        organisme = Organisme.objects.select_for_update().get(pk=organisme.pk)
        sites = list(organisme.sites.select_related("departement"))
        organisme.siret = nouveau
        organisme.save()
        # The sites hang on the organisme: they follow it to the new SIRET; the list is kept in the record.
        changement = ChangementSiret.objects.create(
            organisme=organisme,
            ancien_siret=ancien,
            nouveau_siret=nouveau,
            date_effet=date_effet,
            declare_le=jour,
            declare_par=auteur,
            sites_transferes="\n".join(str(site) for site in sites),
            motif=motif,
        )
        verdict = evaluer(
            "AGR-SIRET",
            jour_de_reference=jour,
            ancien=ancien,
            nouveau=nouveau,
            declare_le=jour,
            sites_total=len(sites),
            sites_transferes=len(sites),
        )
        regions = {site.departement.region_id for site in sites}
        courriel_programmer(
            destinataires=destinataires.agents_dreets(regions) + destinataires.responsables_organisme(organisme.pk),
            objet=f"Changement de SIRET de {organisme}",
            gabarit="organisations/courriels/changement_siret.txt",
            contexte={"organisme": organisme, "changement": changement, "sites": sites, "verdict": verdict},
        )
    return changement


@transaction.atomic
def site_modifier(*, site: Site, auteur: Any, **champs: Any) -> Site:
    """Description and equipment only. The address or configuration of the plateau is ``site_changer_plateau``."""
    _exiger_permission(site.peut_modifier(auteur))
    autorises = {"nom", "description", "equipements"}
    inconnus = set(champs) - autorises
    if inconnus:
        raise ValidationError(
            "L'adresse du plateau technique se change par la procédure de changement de plateau (AGR-PLATEAU)."
        )
    for nom, valeur in champs.items():
        setattr(site, nom, valeur)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def photo_site_ajouter(*, site: Site, fichier: Any, legende: str, auteur: Any) -> PhotoSite:
    _exiger_permission(site.peut_modifier(auteur))
    if not (legende or "").strip():
        raise ValidationError({"legende": ["Chaque photo porte une légende (AGR-PIECES)."]})
    try:
        type_fichier = verifier_fichier(fichier, IMAGES)
    except ValidationError as exc:
        raise ValidationError({"fichier": exc.messages}) from None
    photo = PhotoSite(site=site, legende=legende.strip(), nom_original=str(fichier.name)[:200])
    photo.fichier.save(f"photo.{type_fichier.extension}", fichier, save=False)
    photo.save()
    return photo


@transaction.atomic
def convention_enregistrer(
    *, organisme: Organisme, auteur: Any, fichier: Any = None, convention: Convention | None = None, **champs: Any
) -> Convention:
    """ORG-CONVENTION: record (or update) a convention with a partner organisation, with its signed file (PDF)."""
    _exiger_permission(organisme.peut_modifier(auteur))
    convention = convention or Convention(organisme=organisme)
    for nom, valeur in champs.items():
        setattr(convention, nom, valeur)
    if "partenaire_siret" in champs:
        convention.partenaire_siret = stdnum_siret.compact(convention.partenaire_siret or "")
    convention.full_clean(exclude=["fichier"])
    if fichier is not None:
        try:
            verifier_fichier(fichier, (PDF,))
        except ValidationError as exc:
            raise ValidationError({"fichier": exc.messages}) from None
        convention.nom_fichier = str(fichier.name)[:200]
        convention.fichier.save("convention.pdf", fichier, save=False)
    convention.save()
    return convention


def programmation_transmettre(*, programmation: ProgrammationAnnuelle, auteur: Any, jour: dt.date) -> Verdict:
    """ORG-PROGRAMMATION: send the year's programming to the UD/DDETS of its département."""
    _exiger_permission(programmation.peut_transmettre(auteur))
    with transaction.atomic():
        programmation.transmise_le = jour
        programmation.transmise_par = auteur
        programmation.save()
        verdict = evaluer(
            "ORG-PROGRAMMATION",
            jour_de_reference=jour,
            region=programmation.departement.region_id,
            annee=programmation.annee,
            transmise_le=jour,
            jour=jour,
        )
        courriel_programmer(
            destinataires=destinataires.agents_ddets([programmation.departement_id]),
            objet=f"Programmation {programmation.annee} de {programmation.organisme}",
            gabarit="organisations/courriels/programmation_transmise.txt",
            contexte={"programmation": programmation, "verdict": verdict, "lignes": list(programmation.lignes.all())},
        )
    return verdict
