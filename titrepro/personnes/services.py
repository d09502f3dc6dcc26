"""Writes that touch several records or check rules: candidates, addresses, parcours, accommodations, juries.

Typed, keyword-only, atomic; never given a ``request``. Pages, API and imports call
the same functions, so the same rules apply everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from titrepro.comptes.acces import GESTION_CANDIDATS
from titrepro.comptes.roles import Role
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.catalogue import regle
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core.audit import journaliser_en_masse, motif
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import Axe
from titrepro.notifications.courriels import courriel_programmer
from titrepro.personnes import doublons
from titrepro.personnes.models import (
    Adresse,
    Candidat,
    ConfirmationAdresse,
    ConfirmationAutrePersonne,
    DemandeAmenagement,
    Disponibilite,
    EtatHabilitation,
    Formation,
    Habilitation,
    LienJury,
    MembreJury,
    StatutFormation,
)

LIMITE_BLOC = 500
"""Rows read per blocking key at most (a very common name born on a very common day stays bounded)."""

CHAMPS_IDENTITE = ("pk", "nom_naissance", "prenoms", "date_naissance", "nom_usage", "lieu_naissance")


# --------------------------------------------------------------------- CAN-DOUBLON


@dataclass(frozen=True)
class DoublonTrouve:
    candidat_id: int
    correspondance: doublons.Correspondance

    @property
    def score(self) -> float:
        return self.correspondance.score

    @property
    def raison(self) -> str:
        return self.correspondance.raison


def identites_proches(identite: doublons.Identite) -> list[doublons.Identite]:
    """The records sharing a blocking key with ``identite``: same or swapped birth date, same identity key."""
    dates, cles = doublons.cles_de_recherche(identite)
    lignes: dict[int, tuple[Any, ...]] = {}
    blocs = [Candidat.objects.filter(date_naissance__in=dates)]
    if cles:
        # Same identity key and a birth date one typo away: same year (day or month mistyped) or
        # same day and month in a neighbouring year. Served by the (key, date) indexes.
        jour = identite.date_naissance
        proches = Q(date_naissance__range=(jour.replace(month=1, day=1), jour.replace(month=12, day=31))) | Q(
            date_naissance__in=doublons.annees_voisines(jour)
        )
        blocs.append(Candidat.objects.filter(proches, cle_identite__in=cles))
        blocs.append(Candidat.objects.filter(proches, cle_identite_usage__in=cles))
    for bloc in blocs:
        for ligne in bloc.order_by().values_list(*CHAMPS_IDENTITE)[:LIMITE_BLOC]:
            lignes[ligne[0]] = ligne
    return [
        doublons.Identite(ident=pk, nom_naissance=nn, prenoms=pr, date_naissance=dn, nom_usage=nu, lieu_naissance=ln)
        for pk, nn, pr, dn, nu, ln in lignes.values()
    ]


def doublons_rechercher(*, identite: doublons.Identite, limite: int = 10) -> list[DoublonTrouve]:
    """CAN-DOUBLON: probable duplicates of ``identite`` among every record, best first (all organismes)."""
    return [
        DoublonTrouve(c.ident or 0, c) for c in doublons.classer(identite, identites_proches(identite), limite=limite)
    ]


class DoublonProbable(ValidationError):
    """Creation stopped: probable duplicates exist and the user has not confirmed « il s'agit d'une autre personne »."""

    def __init__(self, trouves: list[DoublonTrouve]) -> None:
        self.trouves = trouves
        liste = " ; ".join(f"fiche n°{t.candidat_id} ({t.raison})" for t in trouves)
        super().__init__(
            f"Doublon probable (CAN-DOUBLON) : {liste}. Vérifiez qu'il ne s'agit pas de la même personne ; "
            "sinon confirmez « il s'agit d'une autre personne ».",
            code="doublon_probable",
        )


CHAMPS_CANDIDAT = (
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "sexe",
    "date_naissance",
    "lieu_naissance",
    "pays_naissance",
    "email",
    "telephone",
)


def candidat_creer(
    *,
    donnees: dict[str, Any],
    organisme: Any,
    auteur: Any,
    autre_personne: bool = False,
    origine: str = "formulaire",
    adresse: dict[str, Any] | None = None,
    jour: dt.date | None = None,
) -> Candidat:
    """Create a candidate of ``organisme`` after the duplicate check (CAN-DOUBLON).

    With probable duplicates, raises ``DoublonProbable`` unless ``autre_personne`` is True:
    then each dismissed match is recorded (who, when, score, reason) and the audit entry
    carries the confirmation as its reason.
    """
    candidat = Candidat(**{champ: donnees.get(champ, "") for champ in CHAMPS_CANDIDAT})
    candidat.full_clean(exclude=["organismes", "compte"])
    trouves = doublons_rechercher(identite=candidat.identite())
    if trouves and not autre_personne:
        raise DoublonProbable(trouves)
    texte = (
        "Il s'agit d'une autre personne (confirmé malgré "
        + " ; ".join(f"la fiche n°{t.candidat_id} : {t.raison}" for t in trouves)
        + ")"
        if trouves
        else "Aucun doublon probable (CAN-DOUBLON)"
    )
    with transaction.atomic(), motif(texte):
        candidat.save()
        candidat.organismes.add(organisme)
        _confirmer_autres_personnes(candidat, trouves, auteur, origine)
        if adresse and adresse.get("voie"):
            Adresse.objects.create(candidat=candidat, depuis=jour or dt.date.today(), **adresse)
    return candidat


CHAMPS_IDENTITE_DOUBLON = ("nom_naissance", "nom_usage", "prenoms", "date_naissance", "lieu_naissance")
"""The état civil fields the duplicate check reads: changing one of them re-runs it (CAN-DOUBLON)."""


def organismes_geres_ids(utilisateur: Any) -> set[int]:
    """The organismes whose candidates ``utilisateur`` manages (GESTION_CANDIDATS affectations)."""
    return {
        a.organisme_id
        for a in getattr(utilisateur, "affectations_actives", [])
        if a.role in GESTION_CANDIDATS and a.organisme_id
    }


def peut_gerer_candidat(utilisateur: Any, candidat: Candidat) -> tuple[bool, str]:
    """An administrator, or a manager of one of the organismes holding the candidate."""
    if getattr(utilisateur, "est_administrateur", False):
        return True, ""
    geres = organismes_geres_ids(utilisateur)
    if geres and candidat.organismes.filter(pk__in=geres).exists():
        return True, ""
    return False, "Seul un organisme qui forme ou inscrit ce candidat modifie sa fiche."


def _confirmer_autres_personnes(candidat: Candidat, trouves: list[DoublonTrouve], auteur: Any, origine: str) -> None:
    for trouve in trouves:
        ConfirmationAutrePersonne.objects.create(
            candidat=candidat,
            ressemblant_id=trouve.candidat_id,
            score=Decimal(str(trouve.score)),
            raison=trouve.raison[:500],
            par=auteur if getattr(auteur, "is_authenticated", False) else None,
            origine=origine,
        )


def candidat_modifier(
    *,
    candidat: Candidat,
    donnees: dict[str, Any],
    auteur: Any,
    autre_personne: bool = False,
    origine: str = "formulaire",
) -> Candidat:
    """Edit the état civil and contact details of a candidate (CAN-ETAT-CIVIL, CAN-DOUBLON).

    When a name or a birth datum changes, the duplicate check runs again on the new identity,
    the record itself excluded: with probable duplicates, raises ``DoublonProbable`` unless
    ``autre_personne`` is True (then each dismissed match is recorded, as on creation).
    """
    possible, raison = peut_gerer_candidat(auteur, candidat)
    if not possible:
        raise PermissionDenied(raison)
    avant = Candidat.objects.filter(pk=candidat.pk).values(*CHAMPS_CANDIDAT).get()
    for champ in CHAMPS_CANDIDAT:
        if champ in donnees:
            setattr(candidat, champ, donnees[champ] if donnees[champ] is not None else "")
    candidat.full_clean(exclude=["organismes", "compte"])
    changes = [c for c in CHAMPS_CANDIDAT if getattr(candidat, c) != avant[c]]
    trouves: list[DoublonTrouve] = []
    if any(c in CHAMPS_IDENTITE_DOUBLON for c in changes):
        trouves = doublons_rechercher(identite=candidat.identite())
        if trouves and not autre_personne:
            raise DoublonProbable(trouves)
    texte = (
        "État civil modifié ; il s'agit d'une autre personne (confirmé malgré "
        + " ; ".join(f"la fiche n°{t.candidat_id} : {t.raison}" for t in trouves)
        + ")"
        if trouves
        else "Modification de la fiche (aucun doublon probable, CAN-DOUBLON)"
    )
    with transaction.atomic(), motif(texte):
        candidat.save()
        _confirmer_autres_personnes(candidat, trouves, auteur, origine)
    return candidat


def peut_rattacher(utilisateur: Any, organisme: Any) -> tuple[bool, str]:
    if getattr(utilisateur, "est_administrateur", False) or organisme.pk in organismes_geres_ids(utilisateur):
        return True, ""
    return False, f"Vous ne gérez pas les candidats de {organisme}."


@transaction.atomic
def candidat_rattacher(
    *,
    candidat: Candidat,
    organisme: Any,
    identite: doublons.Identite,
    auteur: Any,
    motif_rattachement: str = "",
    origine: str = "formulaire",
) -> Candidat:
    """Attach an existing record (held by another organisme) to ``organisme`` instead of creating a duplicate.

    Only a record the duplicate check finds for the identity typed by the user can be attached
    (CAN-DOUBLON): nobody attaches a record they could not have found. The change is audited on
    the candidate with the reason (the match and the user's motive).
    """
    possible, raison = peut_rattacher(auteur, organisme)
    if not possible:
        raise PermissionDenied(raison)
    trouve = next((t for t in doublons_rechercher(identite=identite) if t.candidat_id == candidat.pk), None)
    if trouve is None:
        raise ValidationError(
            {"candidat": "Cette fiche ne ressemble pas à l'identité saisie : elle ne peut pas être rattachée."}
        )
    if candidat.organismes.filter(pk=organisme.pk).exists():
        raise ValidationError({"candidat": f"Cette fiche est déjà rattachée à {organisme}."})
    avant = ", ".join(sorted(str(o) for o in candidat.organismes.all()))
    candidat.organismes.add(organisme)
    texte = f"Rattachement à {organisme} de la fiche existante (même personne : {trouve.raison})"
    if motif_rattachement.strip():
        texte += f" — {motif_rattachement.strip()}"
    journaliser_en_masse(
        [candidat],
        action=LogEntry.Action.UPDATE,
        changements={"organismes": (avant, f"{avant}, {organisme}" if avant else str(organisme))},
        motif=f"{texte} [{origine}]",
        acteur=auteur,
    )
    return candidat


# --------------------------------------------------------------------- CAN-ADRESSE


@transaction.atomic
def adresse_changer(*, candidat: Candidat, depuis: dt.date, par: Any = None, **champs: Any) -> Adresse:
    """A new current address; the previous one is kept in the history, closed the day before.

    ``par``: the acting user, checked when given (pages and API); imports check upstream.
    """
    if par is not None:
        possible, raison = peut_gerer_candidat(par, candidat)
        if not possible:
            raise PermissionDenied(raison)
    actuelle = candidat.adresses.filter(jusqu_au__isnull=True).first()
    if actuelle is not None:
        if depuis <= actuelle.depuis:
            raise ValidationError(
                {"depuis": f"La nouvelle adresse doit commencer après le {actuelle.depuis:%d/%m/%Y}."}
            )
        actuelle.jusqu_au = depuis - dt.timedelta(days=1)
        actuelle.save(update_fields=["jusqu_au", "modifie_le"])
    adresse = Adresse(candidat=candidat, depuis=depuis, **champs)
    adresse.full_clean()
    adresse.save()
    return adresse


def adresse_confirmer(
    *, candidat: Candidat, moment: str, jour: dt.date, par: Any, formation: Formation | None = None
) -> ConfirmationAdresse:
    """The current address was checked with the candidate at ``moment`` (CAN-ADRESSE)."""
    if par is not None:
        possible, raison = peut_gerer_candidat(par, candidat)
        if not possible:
            raise PermissionDenied(raison)
    actuelle = candidat.adresses.filter(jusqu_au__isnull=True).first()
    if actuelle is None:
        raise ValidationError("Le candidat n'a pas d'adresse postale : saisissez-la avant de la confirmer.")
    if formation is not None and formation.candidat_id != candidat.pk:
        raise ValidationError("Cette formation n'est pas celle du candidat.")
    return ConfirmationAdresse.objects.create(
        candidat=candidat, adresse=actuelle, formation=formation, moment=moment, confirmee_le=jour, par=par
    )


def verdict_adresse(formation: Formation, *, jour: dt.date, confirmees: Iterable[str] | None = None) -> Verdict | None:
    if formation.debut is None or formation.fin is None:
        return None
    if confirmees is None:
        confirmees = formation.confirmations_adresse.values_list("moment", flat=True)
    return evaluer(
        "CAN-ADRESSE",
        jour_de_reference=jour,
        debut_formation=formation.debut,
        fin_formation=formation.fin,
        confirmees=frozenset(confirmees),
        jour=jour,
    )


# --------------------------------------------------------------------- parcours, CAN-DROITS, CAN-VAE-RECEVABILITE


def formation_ajouter(
    *, candidat: Candidat, organisme: Any, formateurs: Iterable[Any] = (), par: Any = None, **champs: Any
) -> Formation:
    """A training (or a VAE) of the candidate; the organisme now holds the candidate.

    ``par``: the acting user, checked when given: they manage the candidate and the organisme.
    """
    if par is not None:
        for possible, raison in (peut_gerer_candidat(par, candidat), peut_rattacher(par, organisme)):
            if not possible:
                raise PermissionDenied(raison)
    formation = Formation(candidat=candidat, organisme=organisme, **champs)
    formation.full_clean()
    formateurs = list(formateurs)
    for affectation in formateurs:
        if affectation.organisme_id != organisme.pk:
            raise ValidationError({"formateurs": f"{affectation.utilisateur} n'est pas formateur de {organisme}."})
    with transaction.atomic():
        formation.save()
        formation.formateurs.set(formateurs)
        candidat.organismes.add(organisme)
    return formation


@dataclass(frozen=True)
class DroitsFormation:
    formation: Formation
    verdict: Verdict


def verdict_droits(
    formation: Formation, *, jour: dt.date, sessions: tuple[dt.date, ...], nouvelle_session: dt.date | None = None
) -> Verdict:
    if formation.fin is None:
        raise ValueError("CAN-DROITS se calcule sur une formation terminée ou datée.")
    return evaluer(
        "CAN-DROITS",
        jour_de_reference=jour,
        fin_formation=formation.fin,
        sessions=tuple(d for d in sessions if formation.debut is None or d >= formation.debut),
        jour=jour,
        nouvelle_session=nouvelle_session,
    )


def droits(
    candidat: Candidat,
    *,
    jour: dt.date,
    sessions: tuple[dt.date, ...] | None = None,
    nouvelle_session: dt.date | None = None,
) -> list[DroitsFormation]:
    """CAN-DROITS for each training: sessions presented within 12 months of its end.

    ``sessions`` are the first days of the person's sessions (default: ``candidat.dates_sessions()``, read
    from their registrations, drafts and cancelled sessions left out); ``nouvelle_session`` checks a
    registration being added (a 4th within 12 months is an alert the registering user confirms).
    """
    dates = candidat.dates_sessions() if sessions is None else sessions
    formations = candidat.formations.exclude(statut=StatutFormation.VAE).exclude(fin__isnull=True)
    return [
        DroitsFormation(f, verdict_droits(f, jour=jour, sessions=dates, nouvelle_session=nouvelle_session))
        for f in formations.select_related("millesime__titre", "organisme")
    ]


def verdict_recevabilite(formation: Formation, *, dernier_jour_session: dt.date) -> Verdict:
    return evaluer(
        "CAN-VAE-RECEVABILITE",
        jour_de_reference=dernier_jour_session,
        notifiee_le=formation.recevabilite_vae_le,
        dernier_jour_session=dernier_jour_session,
    )


def ccp_restants(candidat: Candidat, millesime: Any) -> list[Any]:
    """The CCP of ``millesime`` the candidate does not hold yet (partial success: what remains to pass)."""
    acquis = set(candidat.ccp_acquis.values_list("ccp_id", flat=True))
    return [ccp for ccp in millesime.ccps.order_by("numero") if ccp.pk not in acquis]


# --------------------------------------------------------------------- SES-HANDICAP


def verdict_amenagement(demande: DemandeAmenagement, *, jour: dt.date) -> Verdict | None:
    if demande.premier_jour_session is None:
        return None
    return evaluer(
        "SES-HANDICAP",
        jour_de_reference=jour,
        premier_jour=demande.premier_jour_session,
        transmis_le=demande.formulaire_recu_le,
        jour=jour,
    )


def amenagement_demander(*, candidat: Candidat, par: Any, **champs: Any) -> DemandeAmenagement:
    """An accommodation request (SES-HANDICAP) made by an organisme of the candidate, for the DDETS to decide.

    ``session`` (optional) is one of the candidate's sessions: the request then takes its
    millésime (when none is given) and its first day.
    """
    possible, raison = peut_gerer_candidat(par, candidat)
    if not possible:
        raise PermissionDenied(raison)
    demande = DemandeAmenagement(candidat=candidat, **champs)
    demande.suivre_session()  # before the field checks: the session may give the millésime
    demande.full_clean()
    with motif("Demande d'aménagement des épreuves (SES-HANDICAP)"):
        demande.save()
    return demande


@transaction.atomic
def amenagement_decider(
    *, demande: DemandeAmenagement, par: Any, jour: dt.date, accorde: bool, motif_decision: str = ""
) -> DemandeAmenagement:
    """The DDETS decision on an accommodation request."""
    possible, raison = demande.peut_decider(par)
    if not possible:
        raise PermissionDenied(raison)
    if accorde:
        demande.accorder(par=par, jour=jour, motif=motif_decision)
    else:
        if not motif_decision.strip():
            raise ValidationError({"motif": "Un refus est motivé."})
        demande.refuser(par=par, jour=jour, motif=motif_decision)
    demande.save()
    return demande


# --------------------------------------------------------------------- JUR-ELIGIBILITE, JUR-HABILITATION


def verdict_eligibilite(membre: MembreJury, *, jour: dt.date) -> Verdict:
    return evaluer(
        "JUR-ELIGIBILITE",
        jour_de_reference=jour,
        region=membre.departement.region_id,
        experience_mois=membre.experience_mois,
        quitte_metier_le=membre.quitte_metier_le,
        habilitation_le=jour,
    )


def habilitation_demander(
    *,
    membre: MembreJury,
    millesime: Any,
    debut: dt.date,
    fin: dt.date,
    jour: dt.date,
    renouvelle: Habilitation | None = None,
) -> Habilitation:
    habilitation = Habilitation(
        membre=membre, millesime=millesime, debut=debut, fin=fin, demandee_le=jour, renouvelle=renouvelle
    )
    habilitation.full_clean()
    habilitation.save()
    return habilitation


def _revision(habilitation: Habilitation) -> bool:
    """The member was habilitated on another millésime of the same titre: this one is a title revision."""
    return (
        Habilitation.objects.filter(
            membre_id=habilitation.membre_id,
            millesime__titre_id=habilitation.millesime.titre_id,
            etat__in=[EtatHabilitation.ACTIVE, EtatHabilitation.EXPIREE],
        )
        .exclude(millesime_id=habilitation.millesime_id)
        .exists()
    )


def verdicts_habilitation(habilitation: Habilitation, *, jour: dt.date) -> list[Verdict]:
    membre = habilitation.membre
    region = membre.departement.region_id
    renouvellement = habilitation.renouvelle_id is not None or (
        Habilitation.objects.filter(membre_id=membre.pk, millesime_id=habilitation.millesime_id)
        .exclude(pk=habilitation.pk)
        .filter(etat__in=[EtatHabilitation.ACTIVE, EtatHabilitation.EXPIREE])
        .exists()
    )
    return [
        verdict_eligibilite(membre, jour=jour),
        evaluer(
            "JUR-HABILITATION",
            jour_de_reference=jour,
            region=region,
            habilitation_le=jour,
            professionnalisation_le=membre.professionnalisation_le,
            revision=_revision(habilitation),
            quitte_metier_le=membre.quitte_metier_le if renouvellement else None,
        ),
    ]


CONTRAINTE_CHEVAUCHEMENT = "habilitation_actives_sans_chevauchement"
"""PostgreSQL exclusion constraint (migration 0004): one member's active habilitations on one millésime."""


def _refus_chevauchement(habilitation: Habilitation, autre: Habilitation | None = None) -> RegleRefusee:
    periode = f" (du {autre.debut:%d/%m/%Y} au {autre.fin:%d/%m/%Y})" if autre is not None else ""
    return RegleRefusee(
        "JUR-HABILITATION",
        f"{habilitation.membre} a déjà une habilitation active sur {habilitation.millesime}{periode} qui "
        f"chevauche la période du {habilitation.debut:%d/%m/%Y} au {habilitation.fin:%d/%m/%Y} : une "
        "habilitation porte sur un millésime et une période, renouvelez-la à sa fin ou retirez-la d'abord.",
        regle("JUR-HABILITATION").source,
    )


def verifier_sans_chevauchement(habilitation: Habilitation) -> None:
    """JUR-HABILITATION: a member holds at most one active habilitation per millésime on any day.

    The same invariant is enforced by PostgreSQL (exclusion constraint); this check gives the
    French message on every database.
    """
    autre = (
        Habilitation.objects.filter(
            membre_id=habilitation.membre_id,
            millesime_id=habilitation.millesime_id,
            etat=EtatHabilitation.ACTIVE,
            debut__lte=habilitation.fin,
            fin__gte=habilitation.debut,
        )
        .exclude(pk=habilitation.pk)
        .order_by("debut")
        .first()
    )
    if autre is not None:
        raise _refus_chevauchement(habilitation, autre)


@transaction.atomic
def habilitation_accorder(
    *, habilitation: Habilitation, par: Any, jour: dt.date, motif_accord: str = ""
) -> Habilitation:
    """Grant (demandée → active): the agent's département, JUR-ELIGIBILITE and JUR-HABILITATION are checked."""
    possible, raison = habilitation.peut_accorder(par)
    if not possible:
        raise PermissionDenied(raison)
    for verdict in verdicts_habilitation(habilitation, jour=jour):
        exiger(verdict)
    verifier_sans_chevauchement(habilitation)
    habilitation.accorder(par=par, jour=jour, motif=motif_accord)
    try:
        with transaction.atomic():
            habilitation.save()
    except IntegrityError as exc:
        # The PostgreSQL exclusion constraint caught a concurrent grant (see migration 0004).
        if CONTRAINTE_CHEVAUCHEMENT not in str(exc):
            raise
        raise _refus_chevauchement(habilitation) from None
    membre = habilitation.membre
    courriel_programmer(
        destinataires=[membre.email],
        objet="votre habilitation de membre de jury",
        gabarit="personnes/courriels/habilitation_accordee.txt",
        contexte={"habilitation": habilitation, "membre": membre},
    )
    return habilitation


@transaction.atomic
def habilitation_retirer(*, habilitation: Habilitation, par: Any, jour: dt.date, motif_retrait: str) -> Habilitation:
    possible, raison = habilitation.peut_retirer(par)
    if not possible:
        raise PermissionDenied(raison)
    if not motif_retrait.strip():
        raise ValidationError({"motif": "Le retrait d'une habilitation est motivé."})
    habilitation.retirer(jour=jour, motif=motif_retrait)
    habilitation.save()
    return habilitation


def habilitations_expirer(*, jour: dt.date) -> int:
    """Active habilitations whose end date has passed become « expirée » (one audited save each)."""
    nombre = 0
    with motif(f"Fin de la période d'habilitation (au {jour:%d/%m/%Y})"):
        for habilitation in Habilitation.objects.echues(jour).select_related("membre"):
            habilitation.expirer(motif="fin de période")
            habilitation.save()
            nombre += 1
    return nombre


# --------------------------------------------------------------------- calendar of a jury member


def peut_agir_pour_membre(utilisateur: Any, membre: MembreJury) -> tuple[bool, str]:
    """The member themselves, a DDETS agent of the member's département, or an administrator."""
    if getattr(utilisateur, "est_administrateur", False) or (membre.compte_id and membre.compte_id == utilisateur.pk):
        return True, ""
    if utilisateur.a_role(Role.AGENT_DDETS) and membre.departement_id in utilisateur.perimetre.ids(Axe.DEPARTEMENT):
        return True, ""
    return False, "Seuls le membre de jury et la DDETS de son département tiennent son calendrier et ses liens."


def disponibilite_ajouter(
    *, membre: MembreJury, par: Any, debut: dt.date, fin: dt.date, remarque: str = ""
) -> Disponibilite:
    """A period in which the member is available for juries (their calendar)."""
    possible, raison = peut_agir_pour_membre(par, membre)
    if not possible:
        raise PermissionDenied(raison)
    disponibilite = Disponibilite(membre=membre, debut=debut, fin=fin, remarque=remarque)
    disponibilite.full_clean()
    disponibilite.save()
    return disponibilite


# --------------------------------------------------------------------- SES-JURY-LIENS

SCORE_RAPPROCHEMENT = 0.95
"""A link declared by identity is tied to a record only when the match is this sure."""


def lien_declarer(
    *,
    membre: MembreJury,
    nature: str,
    jour: dt.date,
    organisme: Any = None,
    candidat: Candidat | None = None,
    nom: str = "",
    prenoms: str = "",
    date_naissance: dt.date | None = None,
    description: str = "",
    par: Any = None,
) -> LienJury:
    """A link with an organisme, a known candidate, or a person named by identity (matched if sure).

    ``par``: the acting user, checked when given (the member themselves or the DDETS of their département).
    """
    if par is not None:
        possible, raison = peut_agir_pour_membre(par, membre)
        if not possible:
            raise PermissionDenied(raison)
    if organisme is None and candidat is None and nom and prenoms and date_naissance:
        identite = doublons.Identite(nom_naissance=nom, prenoms=prenoms, date_naissance=date_naissance)
        trouves = [t for t in doublons_rechercher(identite=identite, limite=1) if t.score >= SCORE_RAPPROCHEMENT]
        if trouves:
            candidat = Candidat.objects.get(pk=trouves[0].candidat_id)
    lien = LienJury(
        membre=membre,
        nature=nature,
        organisme=organisme,
        candidat=candidat,
        nom_declare="" if organisme is not None else nom,
        prenoms_declares="" if organisme is not None else prenoms,
        date_naissance_declaree=None if organisme is not None else date_naissance,
        description=description,
        declare_le=jour,
    )
    if organisme is None and candidat is None and not nom:
        raise ValidationError("Indiquez l'organisme, ou le nom, les prénoms et la date de naissance de la personne.")
    lien.full_clean()
    lien.save()
    return lien


def millesime_par_code(code_titre: str, version: str) -> Any:
    """The référentiel's millésime (looked up by name: referentiel and personnes do not import each other)."""
    Millesime = apps.get_model("referentiel", "Millesime")
    return Millesime.objects.select_related("titre").get(titre__code=code_titre.strip(), version=version.strip())
