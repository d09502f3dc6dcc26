"""Organismes (training centres), their contacts and sites, conventions and annual programming.

Agréments and their requests live in ``titrepro.agrements`` (a layer above): a plateau
change, which ends agréments, is a service there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret

from titrepro.comptes.roles import Role
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet


def valider_siret(valeur: str) -> None:
    try:
        stdnum_siret.validate(valeur)
    except StdnumError:
        raise ValidationError(
            "Le SIRET « %(valeur)s » n'est pas valide : 14 chiffres dont le dernier est une clé de contrôle.",
            params={"valeur": valeur},
            code="siret_invalide",
        ) from None


@enregistrer
class Organisme(Horodate):
    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "pk",
            Axe.FORMATION: "pk",
            Axe.DEPARTEMENT: "sites__departement",
            Axe.REGION: "sites__departement__region",
        },
        distinct=True,
    )

    raison_sociale = models.CharField("raison sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[valider_siret])
    est_cfa = models.BooleanField(
        "centre de formation d'apprentis (CFA)",
        default=False,
        help_text="Déclaré par l'organisme (AGR-CFA) : ses apprentis bénéficient de la prolongation de 2 ans.",
    )
    fictif = models.BooleanField("donnée de démonstration", default=False)
    siege_adresse = models.CharField("adresse du siège social", max_length=250, blank=True)
    siege_code_postal = models.CharField("code postal du siège", max_length=5, blank=True)
    siege_commune = models.CharField("commune du siège", max_length=120, blank=True)
    email = models.EmailField("courriel de l'organisme", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "organisme"
        ordering = ["raison_sociale"]

    def __str__(self) -> str:
        return self.raison_sociale

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def siege(self) -> str:
        return ", ".join(p for p in (self.siege_adresse, f"{self.siege_code_postal} {self.siege_commune}".strip()) if p)

    def save(self, *args: object, **kwargs: object) -> None:
        self.siret = stdnum_siret.compact(self.siret)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def peut_modifier(self, user: Any) -> tuple[bool, str]:
        """The organisme's responsable writes its records (head office, contacts, sites, conventions)."""
        if not est_responsable_de(user, self.pk):
            return False, "Seul le responsable de l'organisme modifie ses informations."
        return True, ""


@enregistrer
class Site(Horodate):
    """A site and its plateau technique. Its département decides the competent DDETS and holidays."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.FORMATION: "organisme",
            Axe.DEPARTEMENT: "departement",
            Axe.REGION: "departement__region",
        }
    )

    organisme = models.ForeignKey(Organisme, on_delete=models.PROTECT, related_name="sites")
    nom = models.CharField("nom du site", max_length=200)
    adresse = models.CharField("adresse", max_length=250)
    code_postal = models.CharField("code postal", max_length=5)
    commune = models.CharField("commune", max_length=120)
    departement = models.ForeignKey("territoires.Departement", on_delete=models.PROTECT, related_name="sites")
    description = models.TextField("description du plateau technique", blank=True)
    equipements = models.TextField("équipements et matériel", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "site"
        ordering = ["organisme__raison_sociale", "nom"]
        constraints = [models.UniqueConstraint(fields=["organisme", "nom"], name="site_nom_unique_par_organisme")]

    def __str__(self) -> str:
        return f"{self.nom} — {self.commune}"

    @property
    def adresse_complete(self) -> str:
        return f"{self.adresse}, {self.code_postal} {self.commune}"

    def peut_modifier(self, user: Any) -> tuple[bool, str]:
        return self.organisme.peut_modifier(user)


def _bloc_fiction(numero: phonenumbers.PhoneNumber) -> bool:
    """06 39 98 xx xx: the block ARCEP reserves for works of fiction (used by the demo data)."""
    return (
        numero.country_code == 33
        and str(numero.national_number).startswith("63998")
        and (phonenumbers.is_possible_number(numero))
    )


def normaliser_telephone(valeur: str) -> str:
    """The number in E.164 (+33…); ValidationError (French) when it is not a valid number."""
    try:
        numero = phonenumbers.parse(valeur, "FR")
    except phonenumbers.NumberParseException:
        numero = None
    if numero is None or not (phonenumbers.is_valid_number(numero) or _bloc_fiction(numero)):
        raise ValidationError(
            "Le numéro « %(valeur)s » n'est pas un numéro de téléphone valide.",
            params={"valeur": valeur},
            code="telephone_invalide",
        )
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)


def telephone_affiche(valeur: str) -> str:
    if not valeur:
        return ""
    try:
        numero = phonenumbers.parse(valeur, "FR")
    except phonenumbers.NumberParseException:
        return valeur
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)


class RoleContact(models.TextChoices):
    """The contacts ORG-CONTACTS requires (001 « La qualité des informations saisies dans CERES »)."""

    RESPONSABLE_ORGANISME = "responsable_organisme", "Responsable de l'organisme"
    RESPONSABLE_PLATEAU = "responsable_plateau", "Responsable du plateau technique"
    RESPONSABLE_SESSION = "responsable_session", "Responsable de session"
    SUPPLEANT = "suppleant", "Suppléant du responsable de session"


@enregistrer
class Contact(Horodate):
    """A person to reach at the organisme. ORG-CONTACTS checks the set (``organisme_contacts_verdict``)."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.FORMATION: "organisme",
            Axe.DEPARTEMENT: "organisme__sites__departement",
            Axe.REGION: "organisme__sites__departement__region",
        },
        distinct=True,
    )

    organisme = models.ForeignKey(Organisme, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField("rôle", max_length=32, choices=RoleContact.choices)
    prenom = models.CharField("prénom", max_length=150)
    nom = models.CharField("nom", max_length=150)
    email = models.EmailField("courriel")
    telephone = models.CharField(
        "téléphone", max_length=20, help_text="Par exemple 01 23 45 67 89 ou +33 1 23 45 67 89."
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        ordering = ["organisme", "role", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisme", "role"],
                condition=~Q(role="suppleant"),
                name="contact_un_seul_par_role",
                violation_error_message="Ce rôle a déjà un contact : modifiez-le plutôt que d'en ajouter un.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom} ({self.get_role_display()})"

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    @property
    def telephone_affiche(self) -> str:
        return telephone_affiche(self.telephone)

    def clean(self) -> None:
        super().clean()
        if self.telephone:
            try:
                self.telephone = normaliser_telephone(self.telephone)
            except ValidationError as exc:
                raise ValidationError({"telephone": exc.messages}) from None


@enregistrer
class ChangementSiret(Horodate):
    """AGR-SIRET: the recorded procedure of a SIRET change (reported to the DREETS, sites transferred)."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.DEPARTEMENT: "organisme__sites__departement",
            Axe.REGION: "organisme__sites__departement__region",
        },
        distinct=True,
    )

    organisme = models.ForeignKey(Organisme, on_delete=models.CASCADE, related_name="changements_siret")
    ancien_siret = models.CharField("ancien SIRET", max_length=14)
    nouveau_siret = models.CharField("nouveau SIRET", max_length=14, validators=[valider_siret])
    date_effet = models.DateField("date d'effet")
    declare_le = models.DateField("signalé à la DREETS le")
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="signalé par"
    )
    sites_transferes = models.TextField("sites transférés", blank=True)
    motif = models.TextField("motif", blank=True)
    transfert_confirme_le = models.DateField(
        "report confirmé par la DREETS le",
        null=True,
        blank=True,
        help_text="La DREETS confirme avoir reporté les sites et agréments sur le nouveau SIRET (AGR-SIRET).",
    )
    transfert_confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="report confirmé par",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "changement de SIRET"
        verbose_name_plural = "changements de SIRET"
        ordering = ["-date_effet", "-pk"]

    def __str__(self) -> str:
        return f"{self.ancien_siret} → {self.nouveau_siret} ({self.date_effet:%d/%m/%Y})"

    def peut_confirmer(self, user: Any) -> tuple[bool, str]:
        """An agent DREETS of a région where the organisme has a site confirms the transfer."""
        regions = set(self.organisme.sites.values_list("departement__region_id", flat=True))
        if not any(
            a.role == Role.AGENT_DREETS and a.region_id in regions for a in getattr(user, "affectations_actives", ())
        ):
            return False, "Seule la DREETS d'une région où l'organisme a un site confirme le report."
        if self.transfert_confirme_le is not None:
            return False, f"Report déjà confirmé le {self.transfert_confirme_le:%d/%m/%Y}."
        return True, ""


def chemin_photo(instance: PhotoSite, nom: str) -> str:
    return f"sites/{instance.site_id}/photos/{nom}"


@enregistrer
class PhotoSite(Horodate):
    """A captioned photo of an exam room, the plateau or its equipment (file checked from its content)."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "site__organisme",
            Axe.FORMATION: "site__organisme",
            Axe.DEPARTEMENT: "site__departement",
            Axe.REGION: "site__departement__region",
        }
    )

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="photos")
    fichier = models.FileField("photo", upload_to=chemin_photo, max_length=300)
    nom_original = models.CharField("nom du fichier", max_length=200)
    legende = models.CharField("légende", max_length=300)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "photo du site"
        verbose_name_plural = "photos du site"
        ordering = ["site", "pk"]
        constraints = [models.CheckConstraint(name="photo_site_legendee", condition=~Q(legende=""))]

    def __str__(self) -> str:
        return self.legende


class NatureChangementPlateau(models.TextChoices):
    ADRESSE = "adresse", "Changement d'adresse du plateau technique"
    CONFIGURATION = "configuration", "Changement de configuration du plateau technique"


@enregistrer
class ChangementPlateau(Horodate):
    """AGR-PLATEAU: the recorded change of a plateau; the site's agréments end at ``date_effet``."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "site__organisme",
            Axe.DEPARTEMENT: "site__departement",
            Axe.REGION: "site__departement__region",
        }
    )

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="changements_plateau")
    nature = models.CharField("nature", max_length=16, choices=NatureChangementPlateau.choices)
    date_effet = models.DateField("date d'effet")
    description = models.TextField("description du changement")
    ancienne_adresse = models.CharField("ancienne adresse", max_length=400, blank=True)
    constat = models.TextField("conséquence (AGR-PLATEAU)", blank=True)
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="déclaré par"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "changement de plateau technique"
        verbose_name_plural = "changements de plateau technique"
        ordering = ["-date_effet", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} — {self.site} ({self.date_effet:%d/%m/%Y})"


def chemin_convention(instance: Convention, nom: str) -> str:
    return f"organismes/{instance.organisme_id}/conventions/{nom}"


@enregistrer
class Convention(Horodate):
    """ORG-CONVENTION: the written convention with a partner training organisation, updated every year."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.DEPARTEMENT: "organisme__sites__departement",
            Axe.REGION: "organisme__sites__departement__region",
        },
        distinct=True,
    )

    organisme = models.ForeignKey(Organisme, on_delete=models.CASCADE, related_name="conventions")
    partenaire_raison_sociale = models.CharField("organisme de formation partenaire", max_length=200)
    partenaire_siret = models.CharField("SIRET du partenaire", max_length=14, validators=[valider_siret])
    titres = models.TextField("titres concernés", help_text="Les titres professionnels couverts par la convention.")
    modalites_inscription = models.TextField("modalités d'inscription des candidats", blank=True)
    effectif_prevu = models.PositiveIntegerField("effectif prévisionnel")
    annee = models.PositiveSmallIntegerField("année couverte")
    date_effet = models.DateField("prise d'effet")
    transmise_prefet_le = models.DateField("transmise au préfet le", null=True, blank=True)
    mise_a_jour_le = models.DateField(
        "mise à jour annuelle le", null=True, blank=True, help_text="À faire avant le 1er janvier de l'année couverte."
    )
    fichier = models.FileField("convention signée (PDF)", upload_to=chemin_convention, max_length=300, blank=True)
    nom_fichier = models.CharField("nom du fichier", max_length=200, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "convention"
        ordering = ["organisme", "-annee", "partenaire_raison_sociale"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisme", "partenaire_siret", "annee"], name="convention_unique_par_partenaire_et_annee"
            )
        ]

    def __str__(self) -> str:
        return f"Convention {self.annee} avec {self.partenaire_raison_sociale}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.partenaire_siret = stdnum_siret.compact(self.partenaire_siret)
        super().save(*args, **kwargs)


class TypeSession(models.TextChoices):
    TITRE = "titre", "Session titre"
    CCP = "ccp", "Session CCP"


class PeriodeProgrammation(models.TextChoices):
    """001 §3.1: the provisional programming is « annuelle ou semestrielle »."""

    ANNUELLE = "annuelle", "Année entière"
    SEMESTRE_1 = "s1", "Premier semestre (janvier à juin)"
    SEMESTRE_2 = "s2", "Second semestre (juillet à décembre)"


def bornes_periode(annee: int, periode: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period of a programming."""
    if periode == PeriodeProgrammation.SEMESTRE_1:
        return dt.date(annee, 1, 1), dt.date(annee, 6, 30)
    if periode == PeriodeProgrammation.SEMESTRE_2:
        return dt.date(annee, 7, 1), dt.date(annee, 12, 31)
    return dt.date(annee, 1, 1), dt.date(annee, 12, 31)


class ProgrammationQuerySet(VisibleQuerySet["ProgrammationAnnuelle"]):
    def pour_lecteur(self, user: Any) -> ProgrammationQuerySet:
        """Visible ones; the state services only see what they received (transmitted programmings)."""
        visibles = self.visibles_par(user)
        perimetre = getattr(user, "perimetre", None)
        if perimetre is None or perimetre.national or perimetre.ids(Axe.ORGANISME):
            return visibles  # type: ignore[return-value]
        return visibles.filter(transmise_le__isnull=False)  # type: ignore[return-value]


@enregistrer
class ProgrammationAnnuelle(Horodate):
    """ORG-PROGRAMMATION: the provisional sessions of year N for one département, sent to its UD/DDETS."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.DEPARTEMENT: "departement",
            Axe.REGION: "departement__region",
        }
    )

    organisme = models.ForeignKey(Organisme, on_delete=models.CASCADE, related_name="programmations")
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        related_name="programmations",
        verbose_name="département (UD/DDETS destinataire)",
    )
    annee = models.PositiveSmallIntegerField("année")
    periode = models.CharField(
        "période",
        max_length=8,
        choices=PeriodeProgrammation.choices,
        default=PeriodeProgrammation.ANNUELLE,
        help_text="Annuelle ou semestrielle (001 §3.1) : le second semestre se transmet au plus tard le 31 juillet.",
    )
    transmise_le = models.DateField("transmise le", null=True, blank=True)
    transmise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgrammationQuerySet.as_manager()

    class Meta:
        verbose_name = "programmation annuelle"
        verbose_name_plural = "programmations annuelles"
        ordering = ["-annee", "organisme__raison_sociale", "departement__code", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisme", "departement", "annee", "periode"],
                name="programmation_unique_par_periode",
                violation_error_message="Une programmation existe déjà pour cette période et ce département.",
            )
        ]

    def __str__(self) -> str:
        return f"Programmation {self.libelle_periode} — {self.organisme} — {self.departement}"

    @property
    def libelle_periode(self) -> str:
        if self.periode == PeriodeProgrammation.ANNUELLE:
            return str(self.annee)
        return f"{self.annee} ({self.get_periode_display().split(' (')[0].lower()})"

    @property
    def bornes(self) -> tuple[dt.date, dt.date]:
        return bornes_periode(self.annee, self.periode)

    def clean(self) -> None:
        super().clean()
        if not (self.organisme_id and self.departement_id and self.annee):
            return
        autres = ProgrammationAnnuelle.objects.filter(
            organisme_id=self.organisme_id, departement_id=self.departement_id, annee=self.annee
        ).exclude(pk=self.pk)
        if self.periode == PeriodeProgrammation.ANNUELLE:
            conflit = autres.exclude(periode=PeriodeProgrammation.ANNUELLE).exists()
        else:
            conflit = autres.filter(periode=PeriodeProgrammation.ANNUELLE).exists()
        if conflit:
            raise ValidationError(
                {
                    "periode": f"Pour {self.annee} et ce département, la programmation est soit annuelle, soit "
                    "semestrielle : une programmation de l'autre forme existe déjà."
                }
            )

    @property
    def transmise(self) -> bool:
        return self.transmise_le is not None

    def peut_modifier(self, user: Any) -> tuple[bool, str]:
        if not est_responsable_de(user, self.organisme_id):
            return False, "Seul le responsable de l'organisme modifie sa programmation."
        return True, ""

    def peut_transmettre(self, user: Any) -> tuple[bool, str]:
        permis, raison = self.peut_modifier(user)
        if not permis:
            return permis, raison
        if not self.lignes.exists():
            return False, "La programmation ne contient aucune session : ajoutez-en avant de la transmettre."
        return True, ""


@enregistrer
class LigneProgrammation(Horodate):
    """One provisional session: site, TP millésime, session titre or CCP, dates and expected candidates."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "programmation__organisme",
            Axe.DEPARTEMENT: "programmation__departement",
            Axe.REGION: "programmation__departement__region",
        }
    )

    programmation = models.ForeignKey(ProgrammationAnnuelle, on_delete=models.CASCADE, related_name="lignes")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    millesime = models.ForeignKey(
        "referentiel.Millesime", on_delete=models.PROTECT, related_name="+", verbose_name="titre (millésime)"
    )
    type_session = models.CharField("type de session", max_length=8, choices=TypeSession.choices)
    ccps = models.CharField("CCP visés (session CCP)", max_length=200, blank=True)
    debut = models.DateField("premier jour")
    fin = models.DateField("dernier jour")
    candidats_prevus = models.PositiveSmallIntegerField("candidats prévus")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "session programmée"
        verbose_name_plural = "sessions programmées"
        ordering = ["programmation", "debut", "pk"]
        constraints = [
            models.CheckConstraint(
                name="ligne_programmation_fin_apres_debut",
                condition=Q(fin__gte=models.F("debut")),
                violation_error_message="Le dernier jour ne peut précéder le premier.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_session_display()} du {self.debut:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        erreurs: dict[str, str] = {}
        if self.debut and self.fin and self.fin < self.debut:
            erreurs["fin"] = "Le dernier jour ne peut précéder le premier."
        programmation = self.programmation if self.programmation_id else None
        if programmation and self.debut:
            premier, dernier = programmation.bornes
            if not premier <= self.debut <= dernier:
                erreurs["debut"] = (
                    f"La session doit commencer entre le {premier:%d/%m/%Y} et le {dernier:%d/%m/%Y}, "
                    f"la période de la programmation ({programmation.get_periode_display().lower()} "
                    f"{programmation.annee})."
                )
        if programmation and self.site_id:
            site = self.site
            if site.organisme_id != programmation.organisme_id:
                erreurs["site"] = "Ce site n'appartient pas à l'organisme."
            elif site.departement_id != programmation.departement_id:
                erreurs["site"] = f"Ce site ne relève pas de {programmation.departement}."
        if self.type_session == TypeSession.CCP and not self.ccps.strip():
            erreurs["ccps"] = "Pour une session CCP, indiquez les CCP visés."
        if erreurs:
            raise ValidationError(erreurs)


def est_responsable_de(user: Any, organisme_id: int | None) -> bool:
    """WORKFLOWS.md « Who may do what » : the organisme's responsable writes its own records."""
    if organisme_id is None or not getattr(user, "is_authenticated", False):
        return False
    return any(
        a.role == Role.RESPONSABLE_ORGANISME and a.organisme_id == organisme_id for a in user.affectations_actives
    )
