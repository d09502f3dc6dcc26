"""Deterministic factories (factory_boy). Sequences, no randomness: a failing test fails the same way twice."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.contenttypes.models import ContentType
from stdnum import luhn

from titrepro.comptes.models import Affectation, Utilisateur
from titrepro.conformite.models import Alerte
from titrepro.organisations.models import Organisme, Site
from titrepro.personnes.models import Candidat, MembreJury
from titrepro.referentiel.models import CCP, Epreuve, Millesime, Titre, TypeEpreuve
from titrepro.territoires.models import Departement

MOT_DE_PASSE = "mot-de-passe-de-test"


def siret_valide(n: int) -> str:
    """A 14-digit SIRET whose Luhn check digit is right."""
    base = f"{n:013d}"
    return base + luhn.calc_check_digit(base)


def departement(code: str) -> Departement:
    return Departement.objects.get(code=code)


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.fr")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Test{n}")
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @classmethod
    def _after_postgeneration(cls, instance: Utilisateur, create: bool, results: object = None) -> None:
        if create:
            instance.save()


class OrganismeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisme

    raison_sociale = factory.Sequence(lambda n: f"Organisme de formation {n}")
    siret = factory.Sequence(lambda n: siret_valide(1234567800000 + n))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisme = factory.SubFactory(OrganismeFactory)
    nom = factory.Sequence(lambda n: f"Site {n}")
    adresse = "1 rue de la République"
    code_postal = "75001"
    commune = "Paris"
    departement = factory.LazyFunction(lambda: departement("75"))


class AffectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affectation

    utilisateur = factory.SubFactory(UtilisateurFactory)


class CandidatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidat
        skip_postgeneration_save = True

    nom_naissance = factory.Sequence(lambda n: f"CANDIDAT{n}")
    prenoms = "Alex"
    sexe = "F"
    date_naissance = dt.date(1995, 5, 17)
    lieu_naissance = "Lyon"

    @factory.post_generation
    def organismes(self, create: bool, extracted: list[Organisme] | None, **kwargs: object) -> None:
        if create and extracted:
            self.organismes.set(extracted)


class MembreJuryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembreJury

    nom = factory.Sequence(lambda n: f"JURE{n}")
    prenoms = "Dominique"
    email = factory.Sequence(lambda n: f"jure{n}@exemple.fr")
    metier = "Conducteur de travaux"
    departement = factory.LazyFunction(lambda: departement("75"))


class TitreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Titre

    code = factory.Sequence(lambda n: f"TP-9{n:04d}")
    intitule = factory.Sequence(lambda n: f"Titre d'essai {n}")
    niveau = 4
    secteur = "tertiaire"


class MillesimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Millesime

    titre = factory.SubFactory(TitreFactory)
    version = factory.Sequence(lambda n: f"{n + 1:02d}")
    date_effet = dt.date(2024, 1, 1)
    fin_validite = dt.date(2029, 1, 1)
    duree_lecture_dossier = 15


class CCPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CCP

    millesime = factory.SubFactory(MillesimeFactory)
    numero = factory.Sequence(lambda n: n + 1)
    intitule = factory.Sequence(lambda n: f"Activité type {n + 1}")


class EpreuveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epreuve

    millesime = factory.SubFactory(MillesimeFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    type = TypeEpreuve.MISE_EN_SITUATION
    duree_minutes = 120


class AlerteFactory(factory.django.DjangoModelFactory):
    """An open alert about ``sujet`` (required); the scoping columns are given by the test."""

    class Meta:
        model = Alerte
        exclude = ["sujet"]

    sujet = None
    code = "ORG-PROGRAMMATION"
    niveau = "alerte"
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.sujet))
    object_id = factory.LazyAttribute(lambda o: o.sujet.pk)
    message = factory.Sequence(lambda n: f"Alerte de test numéro {n}.")
    echeance = dt.date(2027, 1, 31)
    ouverte_le = dt.date(2027, 2, 1)
    derniere_vue_le = dt.date(2027, 2, 1)
