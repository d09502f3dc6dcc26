"""Build the demo world from ``donnees/``: idempotent, in one transaction, everything fictitious.

Each record is found again by its natural key (e-mail, SIRET, organisme and site
name, birth name + first names + birth date, jury member e-mail) and updated, so
running the load twice duplicates nothing and resets the demo passwords.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command, get_commands
from django.db import transaction
from stdnum import luhn

from titrepro.comptes.models import Affectation, Utilisateur
from titrepro.comptes.roles import Role
from titrepro.core.audit import motif
from titrepro.demo.agrements import charger_agrements
from titrepro.demo.personnes import charger_personnes_demo
from titrepro.demo.planning import charger_planning_demo
from titrepro.demo.sessions import CLE as CLE_SESSIONS
from titrepro.demo.sessions import charger_sessions_demo
from titrepro.organisations.models import Organisme, Site, valider_siret
from titrepro.personnes.models import Candidat, MembreJury
from titrepro.referentiel.models import Millesime, Titre
from titrepro.territoires.models import Departement, Region

DONNEES = Path(__file__).resolve().parent / "donnees"
FICHIER_MONDE = DONNEES / "monde.json"
FICHIER_REFERENTIEL = DONNEES / "referentiel.json"

MOT_DE_PASSE_DEMO = "titrepro-demo"
LAUREAT_DEMO = "laureat@demo.titrepro.fr"
"""The portal account of Lucas FONTAINE, titre obtenu in the demo's validated session (demo/proces_verbaux.py)."""
MOTIF_CHARGEMENT = "Chargement des données de démonstration"
COMMANDE_REFERENTIEL = "importer_referentiel"


@dataclass(frozen=True)
class LigneCompte:
    email: str
    role: str
    rattachement: str


@dataclass
class Bilan:
    """What the load produced, for the command to print."""

    organismes: int = 0
    sites: int = 0
    candidats: int = 0
    membres_jury: int = 0
    titres: int = 0
    millesimes: int = 0
    referentiel_importe: bool = False
    comptes: list[LigneCompte] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)


def siret_fictif(base_siren: str, rang_etablissement: str) -> str:
    """A SIRET with valid check digits: 8 digits + SIREN key, then 4 digits + SIRET key (both Luhn)."""
    siren = base_siren + luhn.calc_check_digit(base_siren)
    sans_cle = siren + rang_etablissement
    return sans_cle + luhn.calc_check_digit(sans_cle)


def telephone_fictif(rang: int) -> str:
    """A mobile number in 06 39 98 xx xx, the block ARCEP reserves for works of fiction."""
    return f"06 39 98 {rang // 100:02d} {rang % 100:02d}"


def charger_monde_demo(
    *, fichier_monde: Path = FICHIER_MONDE, fichier_referentiel: Path = FICHIER_REFERENTIEL
) -> Bilan:
    """Load (or reload) the whole demo world. All or nothing."""
    donnees = json.loads(fichier_monde.read_text(encoding="utf-8"))
    bilan = Bilan()
    with motif(MOTIF_CHARGEMENT), transaction.atomic():
        _importer_referentiel(fichier_referentiel, bilan)
        organismes = _charger_organismes(donnees["organismes"])
        comptes = _charger_comptes(donnees["comptes"], organismes)
        candidats = _charger_candidats(donnees["candidats"], organismes, comptes)
        membres = _charger_membres_jury(donnees["membres_jury"], comptes)
        charger_personnes_demo()  # issue 5: parcours, habilitations, liens, homonymes et quasi-doublon
        charger_agrements(organismes)  # issue 4: contacts, agréments, a request in each state, convention…
        bilan.avertissements += charger_sessions_demo()  # issue 6: a session in each state up to convocation
        bilan.avertissements += charger_planning_demo(cle_session=f"{CLE_SESSIONS} convoquée")  # issue 8: planning
        bilan.comptes = [_ligne_compte(affectation, candidats, membres) for affectation in comptes.values()]
        laureat = Candidat.objects.filter(compte__email=LAUREAT_DEMO).first()
        if laureat is not None:
            rattachement = f"Fiche candidat : {laureat} — titre obtenu, résultats publiés"
            bilan.comptes.append(LigneCompte(email=LAUREAT_DEMO, role=Role.CANDIDAT.label, rattachement=rattachement))
        bilan.organismes = Organisme.objects.filter(fictif=True).count()
        bilan.sites = Site.objects.filter(organisme__fictif=True).count()
        bilan.candidats = Candidat.objects.filter(fictif=True).count()
        bilan.membres_jury = MembreJury.objects.filter(fictif=True).count()
        bilan.titres = Titre.objects.count()
        bilan.millesimes = Millesime.objects.count()
    return bilan


def _importer_referentiel(fichier: Path, bilan: Bilan) -> None:
    if COMMANDE_REFERENTIEL not in get_commands():
        bilan.avertissements.append(
            f"Référentiel non chargé : la commande « {COMMANDE_REFERENTIEL} » n'existe pas encore."
        )
        return
    if not fichier.exists():
        bilan.avertissements.append(f"Référentiel non chargé : le fichier {fichier} est introuvable.")
        return
    # The import's own report and progress bar are kept quiet: charger_demo prints the resulting counts.
    # On failure its detailed errors (written to stderr) travel with the exception.
    erreurs = io.StringIO()
    try:
        call_command(COMMANDE_REFERENTIEL, str(fichier), stdout=io.StringIO(), stderr=erreurs)
    except CommandError as exc:
        details = "\n".join(ligne for ligne in erreurs.getvalue().splitlines() if ligne.startswith("  - "))
        raise CommandError(f"Import du référentiel de démonstration impossible : {exc}\n{details}".rstrip()) from exc
    bilan.referentiel_importe = True


def _charger_organismes(entrees: list[dict[str, Any]]) -> dict[str, Organisme]:
    departements = {d.code: d for d in Departement.objects.all()}
    organismes: dict[str, Organisme] = {}
    for entree in entrees:
        siret = siret_fictif(entree["base_siren"], entree["rang_etablissement"])
        valider_siret(siret)
        organisme, _ = Organisme.objects.update_or_create(
            siret=siret,
            defaults={"raison_sociale": entree["raison_sociale"], "est_cfa": entree["est_cfa"], "fictif": True},
        )
        for site in entree["sites"]:
            Site.objects.update_or_create(
                organisme=organisme,
                nom=site["nom"],
                defaults={
                    "adresse": site["adresse"],
                    "code_postal": site["code_postal"],
                    "commune": site["commune"],
                    "departement": departements[site["departement"]],
                },
            )
        organismes[entree["cle"]] = organisme
    return organismes


def _charger_comptes(entrees: list[dict[str, Any]], organismes: dict[str, Organisme]) -> dict[str, Affectation]:
    """One user and one membership per entry, by e-mail."""
    return {entree["email"]: charger_compte(entree, organismes) for entree in entrees}


def charger_compte(entree: dict[str, Any], organismes: dict[str, Organisme]) -> Affectation:
    """A demo user (the common password) and their membership; idempotent."""
    technique = bool(entree.get("administration_technique", False))
    utilisateur, _ = Utilisateur.objects.update_or_create(
        email=entree["email"],
        defaults={
            "prenom": entree["prenom"],
            "nom": entree["nom"],
            "is_active": True,
            "is_staff": technique,
            "is_superuser": technique,
        },
    )
    # Checked first so that a second run does not rewrite every hash.
    if not utilisateur.check_password(MOT_DE_PASSE_DEMO):
        utilisateur.set_password(MOT_DE_PASSE_DEMO)
        utilisateur.save(update_fields=["password"])
    # The structure the role requires (the Affectation check constraint refuses any other combination).
    affectation, _ = Affectation.objects.update_or_create(
        utilisateur=utilisateur,
        role=entree["role"],
        organisme=organismes[entree["organisme"]] if "organisme" in entree else None,
        departement=Departement.objects.get(code=entree["departement"]) if "departement" in entree else None,
        region=Region.objects.get(code=entree["region"]) if "region" in entree else None,
        defaults={"active": True},
    )
    return affectation


def _charger_candidats(
    entrees: list[dict[str, Any]], organismes: dict[str, Organisme], comptes: dict[str, Affectation]
) -> dict[str, Candidat]:
    """Returns the candidates linked to a demo account, by account e-mail."""
    lies: dict[str, Candidat] = {}
    for rang, entree in enumerate(entrees, start=1):
        compte = comptes[entree["compte"]].utilisateur if "compte" in entree else None
        cle = {
            "nom_naissance": entree["nom_naissance"],
            "prenoms": entree["prenoms"],
            "date_naissance": dt.date.fromisoformat(entree["date_naissance"]),
        }
        if compte is not None:
            # The account is a one-to-one: free it if an older version of the data gave it to someone else.
            Candidat.objects.filter(compte=compte).exclude(**cle).update(compte=None)
        candidat, _ = Candidat.objects.update_or_create(
            **cle,
            defaults={
                "nom_usage": entree.get("nom_usage", ""),
                "sexe": entree["sexe"],
                "lieu_naissance": entree["lieu_naissance"],
                "email": entree["email"],
                "telephone": telephone_fictif(rang),
                "compte": compte,
                "fictif": True,
            },
        )
        candidat.organismes.set([organismes[cle] for cle in entree["organismes"]])
        if compte is not None:
            lies[compte.email] = candidat
    return lies


def _charger_membres_jury(entrees: list[dict[str, Any]], comptes: dict[str, Affectation]) -> dict[str, MembreJury]:
    """Returns the jury members linked to a demo account, by account e-mail."""
    departements = {d.code: d for d in Departement.objects.all()}
    lies: dict[str, MembreJury] = {}
    for rang, entree in enumerate(entrees, start=1):
        compte = comptes[entree["compte"]].utilisateur if "compte" in entree else None
        if compte is not None:
            MembreJury.objects.filter(compte=compte).exclude(email=entree["email"]).update(compte=None)
        membre, _ = MembreJury.objects.update_or_create(
            email=entree["email"],
            defaults={
                "nom": entree["nom"],
                "prenoms": entree["prenoms"],
                "metier": entree["metier"],
                "departement": departements[entree["departement"]],
                "telephone": telephone_fictif(100 + rang),
                "compte": compte,
                "fictif": True,
            },
        )
        if compte is not None:
            lies[compte.email] = membre
    return lies


def _ligne_compte(
    affectation: Affectation, candidats: dict[str, Candidat], membres: dict[str, MembreJury]
) -> LigneCompte:
    utilisateur = affectation.utilisateur
    if affectation.organisme:
        rattachement = affectation.organisme.raison_sociale
    elif affectation.departement:
        rattachement = f"Département : {affectation.departement}"
    elif affectation.region:
        rattachement = f"Région : {affectation.region.nom} ({affectation.region.code})"
    elif affectation.role == Role.CANDIDAT:
        rattachement = f"Fiche candidat : {candidats[utilisateur.email]}"
    elif affectation.role == Role.MEMBRE_JURY:
        rattachement = f"Fiche membre de jury : {membres[utilisateur.email]}"
    elif utilisateur.is_superuser:
        rattachement = "National, avec l'administration technique (/administration/)"
    else:
        rattachement = "National"
    return LigneCompte(email=utilisateur.email, role=affectation.get_role_display(), rattachement=rattachement)
