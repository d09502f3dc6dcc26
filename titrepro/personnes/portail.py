"""The candidate portal: invitation of a candidate by their organisme, and the candidate's own address correction.

The invitation creates (or links) a user account holding the candidat role, attached to the
``Candidat`` record (``Candidat.compte``: the candidate's perimeter, Axe.CANDIDAT), and e-mails
a set-password link made by Django's password-reset token machinery (the existing DSFR pages
« nouveau mot de passe » finish the job). Inviting again sends a fresh link and changes nothing else.

A candidate corrects their postal address themselves: a new ``Adresse`` in their history (the
previous one closed the day before, never edited in place), marked ``declaree_par_candidat`` until the
organisme confirms it (CAN-ADRESSE), and an e-mail tells the organismes' teams right away.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import ROLES_GESTION_ORGANISME, Role
from titrepro.notifications.courriels import courriel_programmer
from titrepro.personnes.models import Adresse, Candidat
from titrepro.personnes.services import adresse_changer, peut_gerer_candidat


def adresse_site(chemin: str) -> str:
    """An absolute address for e-mails (``TITREPRO_URL_SITE``), or the path when it is not set."""
    return f"{getattr(settings, 'TITREPRO_URL_SITE', '').rstrip('/')}{chemin}"


def lien_mot_de_passe(compte: Any) -> str:
    """The set-password link of ``compte`` (Django's reset token: single use, ``PASSWORD_RESET_TIMEOUT``)."""
    uid = urlsafe_base64_encode(force_bytes(compte.pk))
    jeton = default_token_generator.make_token(compte)
    return adresse_site(reverse("web:mot_de_passe_nouveau", args=[uid, jeton]))


def peut_inviter(utilisateur: Any, candidat: Candidat) -> tuple[bool, str]:
    """The organisme that trains or registers the candidate (its team) invites them; nobody else."""
    possible, _raison = peut_gerer_candidat(utilisateur, candidat)
    if not possible:
        return False, "Seul un organisme qui forme ou inscrit ce candidat l'invite au portail candidat."
    if not candidat.email:
        return False, (
            "Le candidat n'a pas d'adresse électronique : saisissez-la sur sa fiche (« Modifier ») avant de "
            "l'inviter au portail candidat."
        )
    return True, ""


@transaction.atomic
def candidat_inviter(*, candidat: Candidat, par: Any) -> Any:
    """Create or link the candidate's portal account and e-mail them a set-password link. Idempotent.

    Returns the account. An address already used by a staff account or by another candidate's
    account is refused: one account never reaches two candidates.
    """
    possible, raison = peut_inviter(par, candidat)
    if not possible:
        if candidat.email:
            raise PermissionDenied(raison)
        raise ValidationError(raison)
    candidat = Candidat.objects.select_for_update().get(pk=candidat.pk)
    email = candidat.email.strip().lower()
    Utilisateur = get_user_model()
    compte = candidat.compte
    if compte is None:
        compte = Utilisateur.objects.filter(email=email).first()
        if compte is not None:
            if Candidat.objects.filter(compte=compte).exclude(pk=candidat.pk).exists():
                raise ValidationError(
                    f"L'adresse {email} est déjà celle du compte d'un autre candidat : corrigez l'adresse "
                    "électronique de ce candidat avant de l'inviter."
                )
            autres_roles = compte.affectations.filter(active=True).exclude(role=Role.CANDIDAT)
            if autres_roles.exists() or compte.is_staff or compte.is_superuser:
                raise ValidationError(
                    f"L'adresse {email} est celle d'un compte professionnel de Titrepro : le portail candidat "
                    "demande une adresse personnelle du candidat."
                )
        else:
            compte = Utilisateur.objects.create_user(
                email, password=None, prenom=candidat.prenoms.split(" ")[0], nom=candidat.nom_affiche
            )
        candidat.compte = compte
        candidat.save(update_fields=["compte", "modifie_le"])
    affectation, creee = Affectation.objects.get_or_create(
        utilisateur=compte,
        role=Role.CANDIDAT,
        organisme=None,
        departement=None,
        region=None,
        defaults={"active": True},
    )
    if not creee and not affectation.active:
        affectation.active = True
        affectation.save(update_fields=["active", "modifie_le"])
    if not compte.is_active:
        compte.is_active = True
        compte.save(update_fields=["is_active"])
    organismes = _noms_organismes(candidat, par)
    courriel_programmer(
        destinataires=[compte.email],
        objet="votre espace candidat",
        gabarit="personnes/courriels/invitation_portail.txt",
        contexte={
            "candidat": candidat,
            "organismes": organismes,
            "lien": lien_mot_de_passe(compte),
            "lien_espace": adresse_site(reverse("web:mon_espace")),
            "a_deja_un_mot_de_passe": compte.has_usable_password(),
        },
    )
    return compte


def _noms_organismes(candidat: Candidat, utilisateur: Any) -> str:
    """The inviting organisme(s): those of ``utilisateur`` holding the candidate (all of them for an admin)."""
    siens = {a.organisme_id for a in getattr(utilisateur, "affectations_actives", []) if a.organisme_id}
    organismes = candidat.organismes.all()
    if siens:
        organismes = organismes.filter(pk__in=siens)
    return ", ".join(o.raison_sociale for o in organismes)


def candidat_du_compte(utilisateur: Any) -> Candidat | None:
    """The candidate record attached to ``utilisateur`` (the candidat role), if any."""
    if not getattr(utilisateur, "is_authenticated", False) or Role.CANDIDAT not in utilisateur.roles:
        return None
    return Candidat.objects.visibles_par(utilisateur).filter(compte=utilisateur).first()


def destinataires_organismes(candidat: Candidat) -> list[str]:
    """The teams (responsable, responsables de session, suppléants) of the candidate's organismes."""
    return sorted(
        set(
            Affectation.objects.filter(
                active=True,
                role__in=sorted(ROLES_GESTION_ORGANISME),
                organisme__in=candidat.organismes.all(),
                utilisateur__is_active=True,
            ).values_list("utilisateur__email", flat=True)
        )
    )


@transaction.atomic
def adresse_corriger_par_candidat(*, candidat: Candidat, par: Any, depuis: dt.date, **champs: Any) -> Adresse:
    """The candidate declares a new postal address; kept in the history and flagged to the organismes."""
    if par is None or candidat.compte_id is None or candidat.compte_id != par.pk:
        raise PermissionDenied("Seul le candidat corrige sa propre adresse depuis son espace.")
    adresse = adresse_changer(candidat=candidat, depuis=depuis, declaree_par_candidat=True, **champs)
    courriel_programmer(
        destinataires=destinataires_organismes(candidat),
        objet=f"adresse postale corrigée par {candidat}",
        gabarit="personnes/courriels/adresse_corrigee.txt",
        contexte={
            "candidat": candidat,
            "adresse": adresse,
            "lien": adresse_site(reverse("web:candidat", args=[candidat.pk])),
        },
    )
    return adresse


def espace_du_candidat(candidat: Candidat, user: Any) -> dict[str, Any]:
    """What the candidate sees of themselves in their space (the page and the API read the same).

    The registrations' state is left out: it carries the jury's decision, published only after the
    DDETS validation (RES-PUBLICATION, ``web:mes_resultats``). Registrations are read through the
    reverse relation (``examens`` stays above ``personnes``).
    """
    inscriptions = (
        candidat.inscriptions.visibles_par(user)
        .exclude(session__etat="brouillon")
        .select_related("session__site", "session__millesime__titre", "convocation")
        .order_by("-session__premier_jour", "pk")
    )
    return {
        "candidat": candidat,
        "adresses": list(candidat.adresses.all()),
        "formations": list(candidat.formations.visibles_par(user).select_related("organisme", "millesime__titre")),
        "ccp_acquis": list(candidat.ccp_acquis.select_related("ccp__millesime__titre", "session")),
        "inscriptions": [(i, getattr(i, "convocation", None)) for i in inscriptions],
        "amenagements": list(
            candidat.amenagements.visibles_par(user).select_related("millesime__titre", "session").order_by("-pk")
        ),
    }
