"""Agrément rules (AGR-*): coverage of a session, pieces' dates, requests left without follow-up, decision delay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date, jours_apres, mois_apres, mois_avant
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, phrase, valeurs

JUSTIFICATIFS_ACCES = {
    "bail": "bail",
    "titre_propriete": "titre de propriété",
    "convention_occupation": "convention d'occupation ou de mise à disposition",
    "facture": "facture de location",
    "quittance": "quittance de loyer",
}
JUSTIFICATIFS_NON_VALABLES = frozenset({"facture", "quittance"})
"""001 « Nouvelles règles … juillet 2025 » : « facture de location, quittance sont non-valables »."""


@dataclass(frozen=True)
class PerimetreAgrement:
    agrement_debut: dt.date
    agrement_fin: dt.date
    premier_jour: dt.date
    dernier_jour: dt.date
    meme_site: bool
    meme_millesime: bool


def perimetre(entree: PerimetreAgrement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-PERIMETRE — an agrément for this millésime and this site, valid every day of the session."""
    valeurs("AGR-PERIMETRE", parametres)
    problemes = []
    if not entree.meme_millesime:
        problemes.append("l'agrément ne porte pas sur ce millésime du titre")
    if not entree.meme_site:
        problemes.append("l'agrément ne porte pas sur ce site")
    if entree.agrement_debut > entree.premier_jour or entree.agrement_fin < entree.dernier_jour:
        problemes.append(
            f"agrément valable du {format_date(entree.agrement_debut)} au {format_date(entree.agrement_fin)}, la "
            f"session va du {format_date(entree.premier_jour)} au {format_date(entree.dernier_jour)}"
        )
    if problemes:
        return non_conforme("AGR-PERIMETRE", phrase(problemes), echeance=entree.agrement_fin)
    return conforme(
        "AGR-PERIMETRE",
        f"Agrément valable jusqu'au {format_date(entree.agrement_fin)} : couvre la session.",
        echeance=entree.agrement_fin,
    )


@dataclass(frozen=True)
class PiecesAgrement:
    depose_le: dt.date
    kbis_date: dt.date | None
    """Date of the KBIS extract or INSEE registration certificate."""
    justificatif_acces: str | None
    """A key of ``JUSTIFICATIFS_ACCES``."""
    acces_debut: dt.date | None
    acces_fin: dt.date | None
    """End of the lease (None: open-ended)."""
    premiere_session: dt.date


def pieces(entree: PiecesAgrement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-PIECES (dates) — KBIS under 6 months at submission; lease valid on the first planned session.

    "Moins de 6 mois": a KBIS dated exactly 6 calendar months before the submission is too old.
    """
    kbis_mois = valeurs("AGR-PIECES", parametres)["kbis_mois"]
    problemes = []
    limite_kbis = mois_avant(entree.depose_le, kbis_mois)
    if entree.kbis_date is None:
        problemes.append("extrait KBIS ou attestation INSEE manquant")
    elif entree.kbis_date <= limite_kbis:
        problemes.append(
            f"KBIS du {format_date(entree.kbis_date)} : il doit dater de moins de {kbis_mois} mois au dépôt du "
            f"{format_date(entree.depose_le)} (postérieur au {format_date(limite_kbis)})"
        )
    if entree.justificatif_acces is None:
        problemes.append("justificatif d'accès aux locaux manquant")
    elif entree.justificatif_acces in JUSTIFICATIFS_NON_VALABLES:
        nom = JUSTIFICATIFS_ACCES[entree.justificatif_acces]
        problemes.append(f"{nom} : ce n'est pas un justificatif valable d'accès aux locaux (un bail l'est)")
    else:
        debut, fin = entree.acces_debut, entree.acces_fin
        premiere = format_date(entree.premiere_session)
        if debut is None or debut > entree.premiere_session or (fin is not None and fin < entree.premiere_session):
            periode = f"du {format_date(debut)}" if debut else "sans date de début"
            periode += f" au {format_date(fin)}" if fin else ""
            problemes.append(f"bail {periode} : il doit être valide à la date de la première session ({premiere})")
    if problemes:
        return non_conforme("AGR-PIECES", phrase(problemes))
    return conforme("AGR-PIECES", "KBIS de moins de 6 mois et bail valide à la première session.")


@dataclass(frozen=True)
class ComplementsDemandes:
    demandes_le: dt.date
    recus_le: dt.date | None
    jour: dt.date


def sans_suite(entree: ComplementsDemandes, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-SANS-SUITE — requested changes not supplied within 3 weeks (21 days): the request is closed."""
    jours = valeurs("AGR-SANS-SUITE", parametres)["jours"]
    limite = jours_apres(entree.demandes_le, jours)
    demande = format_date(entree.demandes_le)
    if entree.recus_le is not None and entree.recus_le <= limite:
        return conforme("AGR-SANS-SUITE", f"Compléments reçus le {format_date(entree.recus_le)}, dans le délai.")
    if entree.recus_le is None and entree.jour <= limite:
        return conforme(
            "AGR-SANS-SUITE",
            f"Compléments demandés le {demande}, attendus au plus tard le {format_date(limite)}.",
            echeance=limite,
        )
    return non_conforme(
        "AGR-SANS-SUITE",
        f"Compléments demandés le {demande} non apportés au {format_date(limite)} ({jours} jours) : la demande "
        "est classée sans suite.",
        echeance=limite,
    )


@dataclass(frozen=True)
class DecisionAgrement:
    complete_le: dt.date
    decision_le: dt.date | None
    jour: dt.date
    agrement_fin: dt.date | None = None
    fin_millesime: dt.date | None = None


def decision(entree: DecisionAgrement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-DECISION — notified within 2 months of a complete request; never beyond the millésime's validity."""
    mois = valeurs("AGR-DECISION", parametres)["mois"]
    limite = mois_apres(entree.complete_le, mois)
    problemes = []
    if entree.decision_le is not None and entree.decision_le > limite:
        problemes.append(
            f"décision du {format_date(entree.decision_le)}, attendue au plus tard le {format_date(limite)} "
            f"({mois} mois après la demande complète du {format_date(entree.complete_le)})"
        )
    if entree.decision_le is None and entree.jour > limite:
        problemes.append(
            f"aucune décision au {format_date(limite)}, {mois} mois après la demande complète du "
            f"{format_date(entree.complete_le)}"
        )
    if entree.agrement_fin and entree.fin_millesime and entree.agrement_fin > entree.fin_millesime:
        problemes.append(
            f"l'agrément court jusqu'au {format_date(entree.agrement_fin)}, au-delà de la fin du millésime "
            f"({format_date(entree.fin_millesime)})"
        )
    if problemes:
        return non_conforme("AGR-DECISION", phrase(problemes), echeance=limite)
    return conforme("AGR-DECISION", f"Décision attendue au plus tard le {format_date(limite)}.", echeance=limite)


# --------------------------------------------------------------------------- AGR-MILLESIME, AGR-PLATEAU, AGR-SIRET
# Added with the agrément workflow (issue 4).


@dataclass(frozen=True)
class AgrementMillesime:
    titre: str
    millesime_vise: str
    """Version of the millésime a session or a request is about."""
    millesimes_agrees: tuple[str, ...]
    """Versions of the same titre on which the site holds an agrément in force."""
    pour_une_demande: bool = False
    """True when checking a request (not a session): asking again for a millésime already held is refused."""


def millesime(entree: AgrementMillesime, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-MILLESIME — an agrément on one millésime does not carry to the next: a new request is needed.

    000 « J'ai déjà un agrément sur un titre qui arrive en fin de millésime » : « procéder aux mêmes
    démarches que pour votre premier agrément ».
    """
    valeurs("AGR-MILLESIME", parametres)
    vise, titre = entree.millesime_vise, entree.titre
    anciens = ", ".join(v for v in entree.millesimes_agrees if v != vise)
    if entree.pour_une_demande:
        if vise in entree.millesimes_agrees:
            return non_conforme(
                "AGR-MILLESIME",
                f"Le site détient déjà un agrément en vigueur sur le millésime {vise} de {titre} : retirez ce titre "
                "de la demande.",
            )
        if anciens:
            return conforme(
                "AGR-MILLESIME",
                f"Agrément détenu sur le millésime {anciens} de {titre} : il ne vaut pas pour le millésime {vise}, "
                "d'où cette nouvelle demande (renouvellement).",
            )
        return conforme("AGR-MILLESIME", f"Première demande d'agrément sur {titre}.")
    if vise in entree.millesimes_agrees:
        return conforme("AGR-MILLESIME", f"Agrément détenu sur le millésime {vise} de {titre}.")
    if not anciens:
        return conforme("AGR-MILLESIME", f"Aucun agrément sur un autre millésime de {titre}.")
    return non_conforme(
        "AGR-MILLESIME",
        f"L'agrément détenu sur le millésime {anciens} de {titre} ne vaut pas pour le millésime {vise} : une "
        "nouvelle demande d'agrément est nécessaire.",
    )


NATURES_CHANGEMENT = {
    "adresse": "changement d'adresse du plateau technique",
    "configuration": "changement de configuration du plateau technique",
    "siege": "déménagement du siège social",
}


@dataclass(frozen=True)
class ChangementPlateau:
    nature: str
    """A key of ``NATURES_CHANGEMENT``."""
    date_effet: dt.date
    titres: tuple[str, ...]
    """The titres of the agréments in force on the plateau at ``date_effet``."""


def plateau(entree: ChangementPlateau, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-PLATEAU — a new address or configuration of the plateau ends its agréments; a head-office move does not.

    The failing verdict is not a refusal of the change itself: it says what the change costs (a new request
    for every titre); sessions are then refused by AGR-PERIMETRE on the ended agréments.
    """
    valeurs("AGR-PLATEAU", parametres)
    nature = NATURES_CHANGEMENT[entree.nature]
    date = format_date(entree.date_effet)
    if entree.nature == "siege":
        return conforme("AGR-PLATEAU", f"{nature.capitalize()} au {date} : simple mise à jour, agréments maintenus.")
    if not entree.titres:
        return conforme("AGR-PLATEAU", f"{nature.capitalize()} au {date} : aucun agrément en vigueur sur ce plateau.")
    return non_conforme(
        "AGR-PLATEAU",
        f"{nature.capitalize()} au {date} : les agréments de ce plateau prennent fin à cette date ; une nouvelle "
        f"demande d'agrément est nécessaire pour chaque titre : {' ; '.join(entree.titres)}.",
        echeance=entree.date_effet,
    )


@dataclass(frozen=True)
class ChangementSiret:
    ancien: str
    nouveau: str
    declare_le: dt.date | None
    """Day the change was reported to the DREETS (None: not reported)."""
    sites_total: int
    sites_transferes: int


def siret(entree: ChangementSiret, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-SIRET — a SIRET change is reported to the DREETS and the sites are transferred to the new SIRET."""
    valeurs("AGR-SIRET", parametres)
    problemes = []
    if entree.declare_le is None:
        problemes.append(f"changement de SIRET {entree.ancien} → {entree.nouveau} non signalé à la DREETS")
    restants = entree.sites_total - entree.sites_transferes
    if restants > 0:
        problemes.append(f"{restants} site{'s' if restants > 1 else ''} à transférer vers le SIRET {entree.nouveau}")
    if problemes or entree.declare_le is None:
        return non_conforme("AGR-SIRET", phrase(problemes))
    return conforme(
        "AGR-SIRET",
        f"SIRET {entree.ancien} → {entree.nouveau} signalé à la DREETS le {format_date(entree.declare_le)} ; "
        f"{entree.sites_transferes} site{'s' if entree.sites_transferes > 1 else ''} transféré"
        f"{'s' if entree.sites_transferes > 1 else ''}.",
    )


# --------------------------------------------------------------------------- AGR-PIECES: pieces other than dates

PIECES_AGREMENT = {
    "kbis": "Extrait KBIS ou attestation d'enregistrement INSEE",
    "acces_locaux": "Justificatif d'accès aux locaux (bail)",
    "photo": "Photos légendées des salles, du plateau et du matériel",
    "organisation": "Organisation détaillée d'une session",
    "planning": "Planning prévisionnel des sessions",
    "attestation_piste": "Attestation de conformité des pistes hors circulation",
    "suivi_effectifs": "Tableau de suivi des effectifs et de l'insertion",
}


@dataclass(frozen=True)
class PiecesJointes:
    """How many pieces of each kind the request holds (pieces whose dates AGR-PIECES checks are not here)."""

    photos_legendees: int
    photos_sans_legende: int
    organisation: int
    planning: int
    attestation_piste: int
    suivi_effectifs: int
    transport: bool
    """At least one requested titre is a road transport titre."""
    renouvellement: bool


def pieces_jointes(entree: PiecesJointes) -> dict[str, Verdict]:
    """AGR-PIECES (presence) — one verdict per kind of piece, keyed as ``PIECES_AGREMENT``.

    Called directly (not through ``evaluer``): it has no parameter and shares its code with ``pieces``.
    """
    verdicts: dict[str, Verdict] = {}

    def exiger_piece(cle: str, nombre: int, requise: bool = True) -> None:
        nom = PIECES_AGREMENT[cle]
        if not requise:
            return
        verdicts[cle] = (
            conforme("AGR-PIECES", f"{nom} : fourni.")
            if nombre
            else non_conforme("AGR-PIECES", f"{nom} : pièce manquante.")
        )

    if entree.photos_sans_legende:
        verdicts["photo"] = non_conforme(
            "AGR-PIECES",
            f"{PIECES_AGREMENT['photo']} : {entree.photos_sans_legende} photo"
            f"{'s' if entree.photos_sans_legende > 1 else ''} sans légende.",
        )
    else:
        exiger_piece("photo", entree.photos_legendees)
    exiger_piece("organisation", entree.organisation)
    exiger_piece("planning", entree.planning)
    exiger_piece("attestation_piste", entree.attestation_piste, requise=entree.transport)
    exiger_piece("suivi_effectifs", entree.suivi_effectifs, requise=entree.renouvellement)
    return verdicts
