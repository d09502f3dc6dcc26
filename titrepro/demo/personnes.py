"""Demo data of the personnes issue: parcours, addresses, accommodations, habilitations, links, duplicates.

Called once by ``charger_monde_demo`` after the candidates and jury members are loaded.
Idempotent: every record is found again by its natural key. Dates are fixed (the demo
tells the same story on every load). Everything is fictitious.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.organisations.models import Organisme
from titrepro.personnes.models import (
    Adresse,
    Candidat,
    CCPAcquis,
    ConfirmationAdresse,
    DemandeAmenagement,
    Disponibilite,
    Formation,
    Habilitation,
    LienJury,
    MembreJury,
)
from titrepro.referentiel.models import Millesime
from titrepro.territoires.models import Departement

D = dt.date

# (birth name, first names, birth date) → (titre code, version, statut, start, end, address)
PARCOURS = [
    ("GARCIA", "Inès", D(2001, 6, 2), "TP-01280", "04", "stagiaire", D(2026, 1, 5), D(2026, 7, 3), "12 rue Garibaldi"),
    ("LEFÈVRE", "Jean-Baptiste Louis", D(1994, 11, 23), "TP-01280", "04", "stagiaire", D(2025, 9, 1), D(2026, 3, 27),
     "5 place Bellecour"),
    ("NGUYEN", "Mai Linh", D(1987, 4, 9), "TP-01361", "02", "stagiaire", D(2026, 2, 2), D(2026, 9, 25),
     "40 avenue Alsace-Lorraine"),
    ("BENALI", "Karim", D(1990, 1, 30), "TP-01361", "02", "vae", None, None, "8 rue Paul Bert"),
]  # fmt: skip

# Homonyms (same names, other birth data) and a near-duplicate of a Horizon candidate kept by the CFA.
HOMONYMES = [
    {"nom_naissance": "MARTIN", "prenoms": "Julien", "sexe": "M", "date_naissance": D(1992, 3, 14),
     "lieu_naissance": "Lyon", "email": "julien.martin.92@exemple.fr",
     "organisme": "Centre de formation Horizon (fictif)"},
    {"nom_naissance": "MARTIN", "prenoms": "Julien", "sexe": "M", "date_naissance": D(1988, 10, 2),
     "lieu_naissance": "Marseille", "email": "julien.martin.88@exemple.fr",
     "organisme": "CFA Méditerranée Transport et Logistique (fictif)"},
    {"nom_naissance": "DUPONT MOREAU", "prenoms": "Elodie", "sexe": "F", "date_naissance": D(1996, 8, 17),
     "lieu_naissance": "St-Etienne", "email": "elodie.dupont-moreau@exemple.fr",
     "organisme": "CFA Méditerranée Transport et Logistique (fictif)"},
]  # fmt: skip

# jury e-mail → (experience years, professionalisation, [(titre code, version, start, end, state)])
JURY = {
    "christophe.pelletier@exemple.fr": (15, D(2024, 3, 12),
                                        [("TP-01361", "02", D(2025, 4, 1), D(2028, 3, 31), "active")]),
    "sylvie.brun@exemple.fr": (9, D(2025, 1, 20), [("TP-01361", "02", D(2025, 4, 1), D(2028, 3, 31), "active")]),
    "rachid.ouali@exemple.fr": (7, D(2023, 5, 10), [("TP-01280", "04", D(2023, 10, 1), D(2026, 9, 30), "active"),
                                                    ("TP-01280", "04", D(2026, 10, 1), D(2029, 9, 30), "demandee")]),
    "helene.moulin@exemple.fr": (12, D(2022, 11, 3), [("TP-01280", "04", D(2024, 1, 1), D(2026, 12, 31), "active")]),
    "patrick.giraud@exemple.fr": (20, D(2026, 2, 2), [("RNCP41536", "01", D(2026, 3, 1), D(2029, 2, 28), "active")]),
    "frederic.arnaud@exemple.fr": (11, D(2025, 6, 5), [("RNCP39795", "02", D(2025, 7, 1), D(2028, 6, 30), "active")]),
    "isabelle.sanchez@exemple.fr": (6, D(2025, 6, 5), [("RNCP39795", "02", D(2025, 7, 1), D(2028, 6, 30), "active")]),
    "jean-luc.lemaire@exemple.fr": (2, None, [("RNCP41536", "01", D(2026, 3, 1), D(2029, 2, 28), "demandee")]),
}  # fmt: skip


def _millesime(code: str, version: str) -> Millesime | None:
    return Millesime.objects.filter(titre__code=code, version=version).first()


def charger_personnes_demo() -> dict[str, int]:
    """Load the personnes demo data on top of the demo world; returns counts for the command's report."""
    horizon = Organisme.objects.filter(fictif=True, raison_sociale__startswith="Centre de formation Horizon").first()
    formateur = Affectation.objects.filter(role=Role.FORMATEUR, organisme=horizon, active=True).first()
    compteurs = {"formations": 0, "habilitations": 0}
    for nom, prenoms, naissance, code, version, statut, debut, fin, voie in PARCOURS:
        candidat = Candidat.objects.filter(nom_naissance=nom, prenoms=prenoms, date_naissance=naissance).first()
        millesime = _millesime(code, version)
        if candidat is None or millesime is None or horizon is None:
            continue
        formation, _ = Formation.objects.update_or_create(
            candidat=candidat,
            organisme=horizon,
            millesime=millesime,
            defaults={
                "statut": statut,
                "debut": debut,
                "fin": fin,
                # Relative to the load day: valid one year (CAN-VAE-RECEVABILITE) for the demo's coming sessions.
                "recevabilite_vae_le": timezone.localdate() - dt.timedelta(days=120) if statut == "vae" else None,
                "information_handicap_le": debut,
            },
        )
        compteurs["formations"] += 1
        if formateur is not None and statut != "vae":
            formation.formateurs.set([formateur])
        adresse, _ = Adresse.objects.get_or_create(
            candidat=candidat,
            jusqu_au=None,
            defaults={"voie": voie, "code_postal": "69002", "commune": "Lyon", "depuis": D(2024, 1, 1)},
        )
        if debut is not None:
            ConfirmationAdresse.objects.get_or_create(
                candidat=candidat, formation=formation, moment="debut_formation",
                defaults={"adresse": adresse, "confirmee_le": debut},
            )  # fmt: skip
    _partiel_et_amenagement(horizon)
    _homonymes()
    compteurs["habilitations"] = _jury()
    return compteurs


def _partiel_et_amenagement(horizon: Organisme | None) -> None:
    lefevre = Candidat.objects.filter(nom_naissance="LEFÈVRE", date_naissance=D(1994, 11, 23)).first()
    millesime = _millesime("TP-01280", "04")
    if lefevre is not None and millesime is not None:
        premier = millesime.ccps.order_by("numero").first()
        if premier is not None:  # partial success: the first CCP is acquired, the others remain
            CCPAcquis.objects.get_or_create(
                candidat=lefevre,
                ccp=premier,
                defaults={"obtenu_le": D(2026, 4, 17), "session_reference": "Lyon 2026-04"},
            )
    nguyen = Candidat.objects.filter(nom_naissance="NGUYEN", date_naissance=D(1987, 4, 9)).first()
    bim = _millesime("TP-01361", "02")
    if nguyen is not None and bim is not None:
        DemandeAmenagement.objects.get_or_create(
            candidat=nguyen,
            millesime=bim,
            premier_jour_session=D(2026, 10, 12),
            defaults={
                "departement": Departement.objects.get(code="69"),
                "temps_majore": True,
                "majoration_pourcent": 33,
                "materiel": "Écran grand format",
                "formulaire_recu_le": D(2026, 7, 30),
            },
        )


def _homonymes() -> None:
    for entree in HOMONYMES:
        donnees: dict[str, Any] = dict(entree)
        organisme = Organisme.objects.filter(raison_sociale=donnees.pop("organisme")).first()
        candidat, _ = Candidat.objects.update_or_create(
            nom_naissance=donnees.pop("nom_naissance"),
            prenoms=donnees.pop("prenoms"),
            date_naissance=donnees.pop("date_naissance"),
            defaults={**donnees, "fictif": True},
        )
        if organisme is not None:
            candidat.organismes.add(organisme)


def _jury() -> int:
    nombre = 0
    for email, (experience, professionnalisation, habilitations) in JURY.items():
        membre = MembreJury.objects.filter(email=email).first()
        if membre is None:
            continue
        membre.experience_annees = experience
        membre.professionnalisation_le = professionnalisation
        membre.save(update_fields=["experience_annees", "professionnalisation_le", "modifie_le"])
        for code, version, debut, fin, etat in habilitations:
            millesime = _millesime(code, version)
            if millesime is None:
                continue
            Habilitation.objects.update_or_create(
                membre=membre,
                millesime=millesime,
                debut=debut,
                defaults={
                    "fin": fin,
                    "etat": etat,
                    "demandee_le": debut - dt.timedelta(days=30),
                    "accordee_le": debut - dt.timedelta(days=10) if etat == "active" else None,
                },
            )
            nombre += 1
        Disponibilite.objects.get_or_create(membre=membre, debut=D(2026, 9, 1), defaults={"fin": D(2026, 12, 18)})
    pelletier = MembreJury.objects.filter(email="christophe.pelletier@exemple.fr").first()
    nguyen = Candidat.objects.filter(nom_naissance="NGUYEN", date_naissance=D(1987, 4, 9)).first()
    if pelletier is not None and nguyen is not None:
        LienJury.objects.get_or_create(
            membre=pelletier,
            candidat=nguyen,
            defaults={"nature": "professionnel", "description": "Ancienne collègue de bureau d'études",
                      "declare_le": D(2026, 3, 2)},
        )  # fmt: skip
    return nombre
