"""What each role's home page offers. Counts go through the scoping mechanism like every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from titrepro.comptes.acces import LECTEURS_ALERTES
from titrepro.comptes.roles import Role
from titrepro.conformite.models import Alerte, EtatAlerte
from titrepro.organisations.models import Organisme
from titrepro.personnes.models import Candidat, MembreJury
from titrepro.referentiel.models import Titre
from titrepro.web.views.alertes import lier_sujets


@dataclass(frozen=True)
class Tuile:
    titre: str
    description: str
    url: str


def _compte(queryset: Any, user: Any) -> int:
    return int(queryset.visibles_par(user).count())


def _nombre(n: int, singulier: str, pluriel: str) -> str:
    """« 1 organisme », « 0 organisme », « 2 organismes » (French: 0 and 1 are singular)."""
    return f"{n} {singulier if n < 2 else pluriel}"


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
        tuiles.append(
            Tuile(
                "Organismes", _nombre(n, "organisme", "organismes") + " dans votre périmètre", reverse("web:organismes")
            )
        )
    if role in {
        Role.RESPONSABLE_ORGANISME,
        Role.RESPONSABLE_SESSION,
        Role.SUPPLEANT,
        Role.FORMATEUR,
        Role.AGENT_DDETS,
        Role.ADMINISTRATEUR,
    }:
        n = _compte(Candidat.objects, user)
        tuiles.append(
            Tuile("Candidats", _nombre(n, "candidat", "candidats") + " dans votre périmètre", reverse("web:candidats"))
        )
    if role in {Role.AGENT_DDETS, Role.AGENT_DREETS, Role.ADMINISTRATEUR}:
        n = _compte(MembreJury.objects, user)
        tuiles.append(
            Tuile("Membres de jury", _nombre(n, "membre de jury", "membres de jury"), reverse("web:membres_jury"))
        )
    if role == Role.CANDIDAT:
        tuiles.append(
            Tuile(
                "Mon espace candidat",
                "Vos données, convocations, aménagements et résultats",
                reverse("web:mon_espace"),
            )
        )
        for candidat in Candidat.objects.visibles_par(user):
            tuiles.append(Tuile("Ma fiche candidat", str(candidat), reverse("web:candidat", args=[candidat.pk])))
    if role == Role.MEMBRE_JURY:
        for fiche in MembreJury.objects.visibles_par(user):
            tuiles.append(Tuile("Ma fiche de membre de jury", str(fiche), reverse("web:membre_jury", args=[fiche.pk])))
    if role != Role.CANDIDAT:
        n = _compte(Titre.objects, user)
        tuiles.append(
            Tuile("Référentiel", _nombre(n, "titre professionnel", "titres professionnels"), reverse("web:titres"))
        )
    tuiles.append(Tuile("Mon compte", "Vos rôles et vos rattachements", reverse("web:mon_compte")))
    return tuiles


ALERTES_SUR_L_ACCUEIL = 10


@dataclass(frozen=True)
class AlertesAccueil:
    alertes: list[Any]
    total: int


def alertes_pour(user: Any) -> AlertesAccueil:
    """The user's open alerts (soonest deadline first), through the scoping mechanism; empty for other roles."""
    if not user.roles.intersection(LECTEURS_ALERTES):
        return AlertesAccueil([], 0)
    ouvertes = Alerte.objects.visibles_par(user).filter(etat=EtatAlerte.OUVERTE)
    premieres = list(ouvertes.prefetch_related("sujet").order_by("echeance", "code", "pk")[:ALERTES_SUR_L_ACCUEIL])
    return AlertesAccueil(lier_sujets(premieres), ouvertes.count())
