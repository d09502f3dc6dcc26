"""Demo data of the agrément issue: contacts, head offices, agréments, a request in each state,
a convention and an annual programming — all fictitious, idempotent (found again by natural key).

Called once from ``charger_monde_demo`` with the demo organismes; dates are relative to the
day of the load so that the demo always shows agréments in force and requests to instruct.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from titrepro.agrements.models import Agrement, DemandeAgrement, EtatAgrement, EtatDemande, PieceJointe, TypePiece
from titrepro.organisations.models import (
    Contact,
    Convention,
    LigneProgrammation,
    Organisme,
    ProgrammationAnnuelle,
    normaliser_telephone,
)
from titrepro.referentiel.models import Millesime

PDF_FICTIF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIRET_PARTENAIRE = "90555555300015"  # fictitious, valid check digits (SIREN and SIRET)

CONTACTS = {
    "horizon": [
        ("responsable_organisme", "Nadia", "BERTIN", "organisme@demo.titrepro.fr", "06 39 98 02 01"),
        ("responsable_plateau", "Hugo", "MARCHAL", "plateau@demo.titrepro.fr", "06 39 98 02 02"),
        ("responsable_session", "Inès", "ROCHE", "session@demo.titrepro.fr", "06 39 98 02 03"),
        ("suppleant", "Paul", "VIDAL", "suppleant@demo.titrepro.fr", "06 39 98 02 04"),
    ],
    # The CFA's suppléant is its responsable de session: the demo shows the ORG-CONTACTS refusal.
    "cfa-mediterranee": [
        ("responsable_organisme", "Lina", "FABRE", "direction@cfa-mediterranee.demo.titrepro.fr", "06 39 98 03 01"),
        ("responsable_session", "Marc", "OLIVE", "autre-organisme@demo.titrepro.fr", "06 39 98 03 03"),
        ("suppleant", "Marc", "OLIVE", "autre-organisme@demo.titrepro.fr", "06 39 98 03 03"),
    ],
}

SIEGES = {
    "horizon": ("12 place Bellecour", "69002", "Lyon"),
    "cfa-mediterranee": ("40 boulevard du Littoral", "13015", "Marseille"),
}

# One request per state (WORKFLOWS.md « Demande d'agrément »), on Horizon's sites (région 84: the demo DREETS).
DEMANDES = [
    ("en-construction", EtatDemande.EN_CONSTRUCTION, {}),
    ("deposee", EtatDemande.EN_CONSTRUCTION, {"deposee": 5}),
    ("complements", EtatDemande.EN_CONSTRUCTION, {"deposee": 30, "pieces": 10}),
    ("en-instruction", EtatDemande.EN_INSTRUCTION, {"deposee": 40, "instruction": 20}),
    ("acceptee", EtatDemande.ACCEPTEE, {"deposee": 120, "instruction": 100, "decision": 90}),
    ("refusee", EtatDemande.REFUSEE, {"deposee": 80, "instruction": 60, "decision": 50}),
    ("sans-suite", EtatDemande.CLASSEE_SANS_SUITE, {"deposee": 90, "pieces": 70, "decision": 45}),
]


MOTIFS_DECISION: dict[str, str] = {
    EtatDemande.REFUSEE.value: "Quittance de loyer fournie à la place d'un bail.",
    EtatDemande.CLASSEE_SANS_SUITE.value: "Compléments non apportés dans les 3 semaines (AGR-SANS-SUITE).",
    EtatDemande.ACCEPTEE.value: "Demande acceptée.",
}


def charger_agrements(organismes: dict[str, Organisme], *, jour: dt.date | None = None) -> None:
    jour = jour or timezone.localdate()
    millesimes = list(Millesime.objects.filter(fin_validite__gt=jour).select_related("titre").order_by("titre__code"))
    for cle, organisme in organismes.items():
        adresse, code_postal, commune = SIEGES.get(cle, ("", "", ""))
        Organisme.objects.filter(pk=organisme.pk).update(
            siege_adresse=adresse, siege_code_postal=code_postal, siege_commune=commune
        )
        for role, prenom, nom, email, telephone in CONTACTS.get(cle, []):
            Contact.objects.update_or_create(
                organisme=organisme,
                role=role,
                nom=nom,
                defaults={"prenom": prenom, "email": email, "telephone": normaliser_telephone(telephone)},
            )
    if not millesimes or "horizon" not in organismes:
        return
    horizon = organismes["horizon"]
    sites = list(horizon.sites.order_by("nom"))
    lyon = next((s for s in sites if s.departement.code == "69"), sites[0])
    # Agréments in force on Horizon's Lyon site and on the CFA's site.
    for millesime in millesimes[:3]:
        _agrement(horizon, lyon, millesime, jour)
    if "cfa-mediterranee" in organismes:
        cfa = organismes["cfa-mediterranee"]
        site_cfa = cfa.sites.order_by("nom").first()
        transport = next((m for m in millesimes if m.titre.transport), millesimes[0])
        if site_cfa is not None:
            _agrement(cfa, site_cfa, transport, jour)
    for rang, (cle, etat, jours) in enumerate(DEMANDES):
        millesime = millesimes[(3 + rang) % len(millesimes)]
        _demande(horizon, sites[rang % len(sites)], millesime, cle, etat, jours, jour)
    _convention(horizon, jour)
    _programmation(horizon, lyon, millesimes, jour)


def _agrement(organisme: Organisme, site: Any, millesime: Millesime, jour: dt.date) -> Agrement:
    debut = max(millesime.date_effet, dt.date(jour.year - 1, 1, 1))
    agrement, _ = Agrement.objects.update_or_create(
        organisme=organisme,
        site=site,
        millesime=millesime,
        demande=None,
        defaults={
            "debut": debut,
            "fin": millesime.fin_validite,
            "etat": EtatAgrement.ACTIF,
            "candidats_externes": True,
        },
    )
    return agrement


def _demande(
    organisme: Organisme, site: Any, millesime: Millesime, cle: str, etat: str, jours: dict[str, int], jour: dt.date
) -> None:
    def il_y_a(nom: str) -> dt.date | None:
        return jour - dt.timedelta(days=jours[nom]) if nom in jours else None

    observations = f"Demande de démonstration « {cle} »."
    demande, _ = DemandeAgrement.objects.update_or_create(
        organisme=organisme,
        site=site,
        observations=observations,
        defaults={
            "etat": etat,
            "premiere_session": jour + dt.timedelta(days=150),
            "candidats_externes": True,
            "deposee_le": il_y_a("deposee"),
            "complete_le": il_y_a("deposee"),
            "pieces_demandees_le": il_y_a("pieces"),
            "pieces_demandees": "Merci de joindre un bail valide à la date de la première session."
            if "pieces" in jours
            else "",
            "instruction_le": il_y_a("instruction"),
            "decision_le": il_y_a("decision"),
            "motif_refus": "acces_locaux" if etat == EtatDemande.REFUSEE else "",
            "motif_decision": MOTIFS_DECISION.get(str(etat), ""),
        },
    )
    demande.millesimes.set([millesime])
    if not demande.pieces.exists():
        kbis = PieceJointe(
            demande=demande,
            type=TypePiece.KBIS,
            nom_original="kbis-horizon-fictif.pdf",
            type_mime="application/pdf",
            taille=len(PDF_FICTIF),
            date_document=jour - dt.timedelta(days=20),
        )
        kbis.fichier.save("kbis.pdf", ContentFile(PDF_FICTIF), save=False)
        kbis.save()
    if etat == EtatDemande.ACCEPTEE:
        Agrement.objects.update_or_create(
            demande=demande,
            millesime=millesime,
            defaults={
                "organisme": organisme,
                "site": site,
                "debut": jour - dt.timedelta(days=90),
                "fin": millesime.fin_validite,
                "etat": EtatAgrement.ACTIF,
            },
        )


def _convention(organisme: Organisme, jour: dt.date) -> None:
    Convention.objects.update_or_create(
        organisme=organisme,
        partenaire_siret=SIRET_PARTENAIRE,
        annee=jour.year,
        defaults={
            "partenaire_raison_sociale": "Atelier des Compagnons (fictif)",
            "titres": "Titres du bâtiment préparés par le partenaire",
            "modalites_inscription": "Inscription par le partenaire au plus tard deux mois avant la session.",
            "effectif_prevu": 24,
            "date_effet": dt.date(jour.year, 1, 1),
            "transmise_prefet_le": dt.date(jour.year - 1, 12, 1),
            "mise_a_jour_le": dt.date(jour.year - 1, 12, 1),
        },
    )


def _programmation(organisme: Organisme, site: Any, millesimes: list[Millesime], jour: dt.date) -> None:
    programmation, _ = ProgrammationAnnuelle.objects.update_or_create(
        organisme=organisme,
        departement=site.departement,
        annee=jour.year,
        defaults={"transmise_le": dt.date(jour.year, 1, 20)},
    )
    if programmation.lignes.exists():
        return
    for rang, millesime in enumerate(millesimes[:3]):
        debut = dt.date(jour.year, 3 + 3 * rang, 10)
        LigneProgrammation.objects.create(
            programmation=programmation,
            site=site,
            millesime=millesime,
            type_session="titre" if rang < 2 else "ccp",
            ccps="CCP 1" if rang >= 2 else "",
            debut=debut,
            fin=debut + dt.timedelta(days=2),
            candidats_prevus=8 + 2 * rang,
        )
