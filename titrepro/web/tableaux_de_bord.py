"""What each role's home page offers. Counts go through the scoping mechanism like every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from titrepro.comptes.roles import Role
from titrepro.organisations.models import Organisme
from titrepro.personnes.models import Candidat, MembreJury
from titrepro.referentiel.models import Titre


@dataclass(frozen=True)
class Tuile:
    titre: str
    description: str
    url: str


def _compte(queryset: Any, user: Any) -> int:
    return int(queryset.visibles_par(user).count())


def tuiles_pour(user: Any, role: str | None) -> list[Tuile]:
    tuiles: list[Tuile] = []
    if role in {
        Role.RESPONSABLE_ORGANISME,
        Role.RESPONSABLE_SESSION,
        Role.SUPPLEANT,
        Role.FORMATEUR,
        Role.AGENT_DDETS,
        Role.AGENT_DREETS,
        Role.ADMINISTRATEUR,
    }:
        n = _compte(Organisme.objects, user)
        tuiles.append(Tuile("Organismes", f"{n} organisme(s) dans votre périmètre", reverse("web:organismes")))
    if role in {
        Role.RESPONSABLE_ORGANISME,
        Role.RESPONSABLE_SESSION,
        Role.SUPPLEANT,
        Role.FORMATEUR,
        Role.AGENT_DDETS,
        Role.ADMINISTRATEUR,
    }:
        n = _compte(Candidat.objects, user)
        tuiles.append(Tuile("Candidats", f"{n} candidat(s) dans votre périmètre", reverse("web:candidats")))
    if role in {Role.AGENT_DDETS, Role.AGENT_DREETS, Role.ADMINISTRATEUR}:
        n = _compte(MembreJury.objects, user)
        tuiles.append(Tuile("Membres de jury", f"{n} membre(s) de jury", reverse("web:membres_jury")))
    if role == Role.CANDIDAT:
        for candidat in Candidat.objects.visibles_par(user):
            tuiles.append(Tuile("Ma fiche candidat", str(candidat), reverse("web:candidat", args=[candidat.pk])))
    if role == Role.MEMBRE_JURY:
        for fiche in MembreJury.objects.visibles_par(user):
            tuiles.append(Tuile("Ma fiche de membre de jury", str(fiche), reverse("web:membre_jury", args=[fiche.pk])))
    if role != Role.CANDIDAT:
        n = _compte(Titre.objects, user)
        tuiles.append(Tuile("Référentiel", f"{n} titre(s) professionnel(s)", reverse("web:titres")))
    tuiles.append(Tuile("Mon compte", "Vos rôles et vos rattachements", reverse("web:mon_compte")))
    return tuiles
