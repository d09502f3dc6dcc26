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
from titrepro.core.permissions import exiger_permission
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.organisations.models import (
    ChangementSiret,
    Contact,
    Convention,
    LigneProgrammation,
    Organisme,
    PeriodeProgrammation,
    PhotoSite,
    ProgrammationAnnuelle,
    Site,
    valider_siret,
)


def organisme_verdict_contacts(organisme: Organisme, *, jour: dt.date) -> Verdict:
    """ORG-CONTACTS on the organisme's contacts as they are now."""
    contacts = tuple(
        ContactRegle(role=c.role, nom=c.nom_complet, email=c.email, telephone=c.telephone)
        for c in organisme.contacts.all()
    )
    return evaluer("ORG-CONTACTS", jour_de_reference=jour, contacts=contacts)


def organisme_modifier(*, organisme: Organisme, auteur: Any, **champs: Any) -> Organisme:
    """Head office, e-mail, CFA status (AGR-CFA). A head-office move is only an update (AGR-PLATEAU)."""
    exiger_permission(organisme.peut_modifier(auteur))
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
    exiger_permission(organisme.peut_modifier(auteur))
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
    exiger_permission(contact.organisme.peut_modifier(auteur))
    contact.delete()


def organisme_changer_siret(
    *, organisme: Organisme, nouveau_siret: str, date_effet: dt.date, motif: str, auteur: Any, jour: dt.date
) -> ChangementSiret:
    """AGR-SIRET: record the change, move the organisme (and so its sites) to the new SIRET, tell the DREETS."""
    exiger_permission(organisme.peut_modifier(auteur))
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
    exiger_permission(site.peut_modifier(auteur))
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
    exiger_permission(site.peut_modifier(auteur))
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
    exiger_permission(organisme.peut_modifier(auteur))
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


@transaction.atomic
def programmation_creer(
    *, organisme: Organisme, departement: Any, annee: int, auteur: Any, periode: str = PeriodeProgrammation.ANNUELLE
) -> ProgrammationAnnuelle:
    """The programming of ``annee`` (annual or one half, 001 §3.1) for the UD/DDETS of ``departement``.

    Idempotent: the existing programming of that period is returned.
    """
    exiger_permission(organisme.peut_modifier(auteur))
    if not organisme.sites.filter(departement=departement).exists():
        raise ValidationError({"departement": ["L'organisme n'a aucun site dans ce département."]})
    existante = ProgrammationAnnuelle.objects.filter(
        organisme=organisme, departement=departement, annee=annee, periode=periode
    ).first()
    if existante is not None:
        return existante
    programmation = ProgrammationAnnuelle(organisme=organisme, departement=departement, annee=annee, periode=periode)
    programmation.full_clean()
    programmation.save()
    return programmation


@transaction.atomic
def ligne_programmation_enregistrer(
    *, programmation: ProgrammationAnnuelle, auteur: Any, ligne: LigneProgrammation | None = None, **champs: Any
) -> LigneProgrammation:
    """Add (or change) a provisional session; its first day lies in the programming's period."""
    exiger_permission(programmation.peut_modifier(auteur))
    ligne = ligne or LigneProgrammation(programmation=programmation)
    if ligne.programmation_id != programmation.pk:
        raise PermissionDenied("Cette session n'appartient pas à cette programmation.")
    autorises = {"site", "millesime", "type_session", "ccps", "debut", "fin", "candidats_prevus"}
    inconnus = set(champs) - autorises
    if inconnus:
        raise ValidationError(f"Champs non modifiables ici : {', '.join(sorted(inconnus))}.")
    for nom, valeur in champs.items():
        setattr(ligne, nom, valeur)
    ligne.full_clean()
    ligne.save()
    return ligne


@transaction.atomic
def ligne_programmation_supprimer(*, ligne: LigneProgrammation, auteur: Any) -> None:
    exiger_permission(ligne.programmation.peut_modifier(auteur))
    ligne.delete()


def programmation_transmettre(*, programmation: ProgrammationAnnuelle, auteur: Any, jour: dt.date) -> Verdict:
    """ORG-PROGRAMMATION: send the year's programming to the UD/DDETS of its département."""
    exiger_permission(programmation.peut_transmettre(auteur))
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
            periode=programmation.periode,
        )
        courriel_programmer(
            destinataires=destinataires.agents_ddets([programmation.departement_id]),
            objet=f"Programmation {programmation.libelle_periode} de {programmation.organisme}",
            gabarit="organisations/courriels/programmation_transmise.txt",
            contexte={"programmation": programmation, "verdict": verdict, "lignes": list(programmation.lignes.all())},
        )
    return verdict


def changement_siret_confirmer(*, changement: ChangementSiret, auteur: Any, jour: dt.date) -> Verdict:
    """AGR-SIRET: the DREETS confirms it moved the sites and agréments to the new SIRET; the alert closes."""
    exiger_permission(changement.peut_confirmer(auteur))
    with transaction.atomic(), motif_audit(f"AGR-SIRET : report sur le SIRET {changement.nouveau_siret} confirmé"):
        changement.transfert_confirme_le = jour
        changement.transfert_confirme_par = auteur
        changement.save()
        total = changement.organisme.sites.count()
        verdict = evaluer(
            "AGR-SIRET",
            jour_de_reference=jour,
            ancien=changement.ancien_siret,
            nouveau=changement.nouveau_siret,
            declare_le=changement.declare_le,
            sites_total=total,
            sites_transferes=total,
        )
        courriel_programmer(
            destinataires=destinataires.responsables_organisme(changement.organisme_id),
            objet=f"Changement de SIRET de {changement.organisme} : report confirmé par la DREETS",
            gabarit="organisations/courriels/changement_siret_confirme.txt",
            contexte={"changement": changement, "verdict": verdict},
        )
    return verdict
