"""Users (login by e-mail), their memberships, and the perimeter they derive."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from titrepro.comptes.roles import (
    AXE_DU_ROLE,
    ROLES_DEPARTEMENT,
    ROLES_NATIONAUX,
    ROLES_ORGANISME,
    ROLES_PERSONNE,
    ROLES_REGION,
    Role,
)
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Perimetre


class UtilisateurManager(BaseUserManager["Utilisateur"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Utilisateur:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> Utilisateur:
        """Sign-in ignores the case of the address (addresses are stored lowercase)."""
        return self.get(email=(username or "").strip().lower())

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Utilisateur:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


@enregistrer
class Utilisateur(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField("nom", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UtilisateurManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.nom_complet or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    def get_full_name(self) -> str:
        return self.nom_complet

    def get_short_name(self) -> str:
        return self.prenom or self.email

    @cached_property
    def affectations_actives(self) -> list[Affectation]:
        return list(self.affectations.filter(active=True).select_related("organisme", "departement", "region"))

    @cached_property
    def roles(self) -> frozenset[str]:
        roles = {affectation.role for affectation in self.affectations_actives}
        if self.is_superuser:
            roles.add(Role.ADMINISTRATEUR)
        return frozenset(roles)

    def a_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def est_administrateur(self) -> bool:
        return Role.ADMINISTRATEUR in self.roles

    @cached_property
    def perimetre(self) -> Perimetre:
        """What this user reaches, axis by axis (see titrepro.core.visibilite)."""
        if self.est_administrateur:
            return Perimetre(national=True)
        valeurs: dict[Axe, set[int]] = defaultdict(set)
        for affectation in self.affectations_actives:
            axe = AXE_DU_ROLE.get(affectation.role)
            if axe is None:
                continue
            valeurs[axe].add(affectation.cible_id or 0)
            if affectation.role == Role.FORMATEUR:
                # A trainer reads their own trainees: the trainings name this membership (personnes.Formation).
                valeurs[Axe.FORMATEUR].add(affectation.pk)
        # The person records point at their account; looked up by name to keep comptes below personnes.
        if Role.CANDIDAT in self.roles:
            candidats = apps.get_model("personnes", "Candidat").objects.filter(compte=self)
            valeurs[Axe.CANDIDAT].update(candidats.values_list("pk", flat=True))
        if Role.MEMBRE_JURY in self.roles:
            membres = apps.get_model("personnes", "MembreJury").objects.filter(compte=self)
            valeurs[Axe.JURY].update(membres.values_list("pk", flat=True))
        return Perimetre(valeurs={axe: frozenset(ids) for axe, ids in valeurs.items() if ids})


@enregistrer
class Affectation(Horodate):
    """A user's role, tied to an organisme, a département or a région as the role requires."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="affectations")
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    organisme = models.ForeignKey(
        "organisations.Organisme", on_delete=models.CASCADE, null=True, blank=True, related_name="affectations"
    )
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="affectations"
    )
    region = models.ForeignKey(
        "territoires.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="affectations"
    )
    active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "affectation"
        constraints = [
            models.CheckConstraint(
                name="affectation_cible_conforme_au_role",
                condition=(
                    Q(
                        role__in=sorted(ROLES_ORGANISME),
                        organisme__isnull=False,
                        departement__isnull=True,
                        region__isnull=True,
                    )
                    | Q(
                        role__in=sorted(ROLES_DEPARTEMENT),
                        organisme__isnull=True,
                        departement__isnull=False,
                        region__isnull=True,
                    )
                    | Q(
                        role__in=sorted(ROLES_REGION),
                        organisme__isnull=True,
                        departement__isnull=True,
                        region__isnull=False,
                    )
                    | Q(
                        role__in=sorted(ROLES_PERSONNE | ROLES_NATIONAUX),
                        organisme__isnull=True,
                        departement__isnull=True,
                        region__isnull=True,
                    )
                ),
                violation_error_message="Le rôle ne correspond pas à la structure de rattachement.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["utilisateur", "role", cible],
                    condition=Q(**{f"{cible}__isnull": False}),
                    name=f"affectation_unique_par_{cible}",
                    violation_error_message="Cet utilisateur a déjà ce rôle dans cette structure.",
                )
                for cible in ("organisme", "departement", "region")
            ),
            models.UniqueConstraint(
                fields=["utilisateur", "role"],
                condition=Q(organisme__isnull=True, departement__isnull=True, region__isnull=True),
                name="affectation_unique_sans_structure",
                violation_error_message="Cet utilisateur a déjà ce rôle.",
            ),
        ]

    def __str__(self) -> str:
        cible = self.organisme or self.departement or self.region
        return f"{self.get_role_display()} — {cible}" if cible else self.get_role_display()

    @property
    def cible_id(self) -> int | None:
        return self.organisme_id or self.departement_id or self.region_id
