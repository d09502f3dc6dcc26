"""DTE rules (DTE-*): ordering delay, quantity, plis not received, expected delivery dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import METROPOLE, format_date, jours_avant, jours_ouvres_avant, mois_avant
from titrepro.conformite.regles.catalogue import Niveau
from titrepro.conformite.regles.verdict import DerogationAppliquee, Verdict, conforme, non_conforme, phrase, valeurs

BOITES_GEV = {
    "btp": "epreuves-btp@afpa.fr",
    "industrie": "epreuves-industrie@afpa.fr",
    "tertiaire": "epreuves-tertiaire@afpa.fr",
    "ccp": "epreuves-ccp@afpa.fr",
}
"""GEV mailboxes by sector (000 « Que faire si je n'ai pas reçu mes plis d'examen ? », 004)."""

SECTEUR_GEV_PAR_DEFAUT = "tertiaire"
"""A titre whose sector is unknown goes to the tertiaire desk (our choice: 000 and 004 name only the four desks)."""


def secteur_gev(*, session_ccp: bool, secteur_titre: str | None) -> str:
    """The GEV desk that handles a session's exam material: « ccp » for a session CCP, else the titre's sector."""
    if session_ccp:
        return "ccp"
    secteur = (secteur_titre or "").strip().lower()
    return secteur if secteur in BOITES_GEV else SECTEUR_GEV_PAR_DEFAUT


def boite_gev(secteur: str) -> str:
    """The mailbox of a GEV desk (DTE-NON-RECU, DTE-SUIVI, DTE-ANNULATION)."""
    return BOITES_GEV.get(secteur, BOITES_GEV[SECTEUR_GEV_PAR_DEFAUT])


@dataclass(frozen=True)
class CommandeDte:
    premier_jour: dt.date
    commandee_le: dt.date


def limite_commande(premier_jour: dt.date, parametres: Mapping[str, int] | None = None) -> dt.date:
    """Last day to order: 3 calendar months (clamped) + 1 day before the first day (004)."""
    p = valeurs("DTE-DELAI", parametres)
    return jours_avant(mois_avant(premier_jour, p["mois"]), p["jours_supplementaires"])


def delai(
    entree: CommandeDte,
    parametres: Mapping[str, int] | None = None,
    derogation: DerogationAppliquee | None = None,
) -> Verdict:
    """DTE-DELAI — refused later than 3 months + 1 day before the session; alert under 92 days.

    REGLES.md: "refuse later than 3 months + 1 day; warn from 92 days". 3 months + 1 day
    is 90 to 93 calendar days depending on the months crossed, so an order can be in
    time for 004 yet closer than the 92 days of 000 (or the 91 days of 001): it passes,
    with an alert.
    """
    p = valeurs("DTE-DELAI", parametres)
    limite = limite_commande(entree.premier_jour, p)
    session = format_date(entree.premier_jour)
    commande = format_date(entree.commandee_le)
    delai_txt = f"{p['mois']} mois + {p['jours_supplementaires']} jour"
    if entree.commandee_le > limite:
        return non_conforme(
            "DTE-DELAI",
            f"Les DTE de la session du {session} devaient être commandés au plus tard le {format_date(limite)} "
            f"({delai_txt} avant) ; commande du {commande}.",
            echeance=limite,
            derogation=derogation,
        )
    ecart = (entree.premier_jour - entree.commandee_le).days
    if ecart < p["jours_alerte"]:
        return non_conforme(
            "DTE-DELAI",
            f"Commande du {commande} dans le délai de {delai_txt} (au plus tard le {format_date(limite)}), mais à "
            f"{ecart} jours de la session du {session}, sous les {p['jours_alerte']} jours cités par la FAQ : "
            "vérifier auprès de la DDETS.",
            echeance=limite,
            niveau=Niveau.ALERTE,
        )
    return conforme(
        "DTE-DELAI",
        f"Commande du {commande}, au plus tard le {format_date(limite)} ({delai_txt} avant le {session}) : "
        "délai respecté.",
        echeance=limite,
    )


@dataclass(frozen=True)
class QuantiteDte:
    nombre_candidats: int
    nombre_sujets: int


def quantite(entree: QuantiteDte, parametres: Mapping[str, int] | None = None) -> Verdict:
    """DTE-QUANTITE — number of subjects = number of candidates + 1 or 2."""
    p = valeurs("DTE-QUANTITE", parametres)
    minimum = entree.nombre_candidats + p["supplement_minimum"]
    maximum = entree.nombre_candidats + p["supplement_maximum"]
    if minimum <= entree.nombre_sujets <= maximum:
        return conforme(
            "DTE-QUANTITE", f"{entree.nombre_sujets} sujets pour {entree.nombre_candidats} candidats : conforme."
        )
    return non_conforme(
        "DTE-QUANTITE",
        f"Pour {entree.nombre_candidats} candidats, commander entre {minimum} et {maximum} sujets "
        f"(candidats + {p['supplement_minimum']} ou {p['supplement_maximum']}) ; {entree.nombre_sujets} demandés.",
    )


@dataclass(frozen=True)
class ReceptionPlis:
    premier_jour: dt.date
    recue: bool
    secteur: str
    """``btp``, ``industrie``, ``tertiaire`` or ``ccp`` (for a CCP order)."""
    jour: dt.date


def non_recu(entree: ReceptionPlis, parametres: Mapping[str, int] | None = None) -> Verdict:
    """DTE-NON-RECU — plis not received 14 days before the session: contact the sector's GEV mailbox."""
    jours = valeurs("DTE-NON-RECU", parametres)["jours"]
    echeance = jours_avant(entree.premier_jour, jours)
    if entree.recue:
        return conforme("DTE-NON-RECU", "Plis reçus.")
    if entree.jour < echeance:
        return conforme(
            "DTE-NON-RECU",
            f"Plis attendus ; sans réception le {format_date(echeance)}, contacter la GEV.",
            echeance=echeance,
        )
    boite = BOITES_GEV.get(entree.secteur, ", ".join(BOITES_GEV.values()))
    return non_conforme(
        "DTE-NON-RECU",
        f"Plis non reçus {jours} jours avant la session du {format_date(entree.premier_jour)} (depuis le "
        f"{format_date(echeance)}) : contacter la GEV à {boite}.",
        echeance=echeance,
    )


@dataclass(frozen=True)
class SuiviDte:
    premier_jour: dt.date
    ccp: bool
    territoire: str = METROPOLE
    """``Departement.subdivision_feries`` of the site (working days)."""


def suivi(entree: SuiviDte, parametres: Mapping[str, int] | None = None) -> Verdict:
    """DTE-SUIVI — when the material should arrive (information; 5 working days use the site's holidays)."""
    p = valeurs("DTE-SUIVI", parametres)
    if entree.ccp:
        organisateur = jours_avant(entree.premier_jour, p["jours_organisateur_ccp"])
        jury = jours_ouvres_avant(entree.premier_jour, p["jours_ouvres_jury_ccp"], entree.territoire)
        return conforme(
            "DTE-SUIVI",
            f"DTE CCP : organisateur accessible le {format_date(organisateur)} ({p['jours_organisateur_ccp']} jours "
            f"avant), jury et candidats le {format_date(jury)} ({p['jours_ouvres_jury_ccp']} jours ouvrés avant) ; "
            "liens activés à 8 h, 15 h et 21 h.",
            echeance=jury,
        )
    au_plus_tot = jours_avant(entree.premier_jour, 7 * p["semaines_envoi_max"])
    au_plus_tard = jours_avant(entree.premier_jour, 7 * p["semaines_envoi_min"])
    return conforme(
        "DTE-SUIVI",
        f"DTE titre : envoi prévu entre le {format_date(au_plus_tot)} et le {format_date(au_plus_tard)} "
        f"({p['semaines_envoi_max']} à {p['semaines_envoi_min']} semaines avant la session).",
        echeance=au_plus_tard,
    )


# ---------------------------------------------------------------------------------------------- CCP links


HEURES_AUTOMATE = (dt.time(8, 0), dt.time(15, 0), dt.time(21, 0))
"""DTE-SUIVI (004): the automate activates the links at these runs."""


def activation_automate(a_partir_de: dt.datetime) -> dt.datetime:
    """The first automate run (8:00, 15:00, 21:00) at or after ``a_partir_de`` (naive, local time)."""
    jour = a_partir_de.date()
    while True:
        for heure in HEURES_AUTOMATE:
            passage = dt.datetime.combine(jour, heure)
            if passage >= a_partir_de:
                return passage
        jour += dt.timedelta(days=1)


@dataclass(frozen=True)
class LiensCcp:
    organisateur_le: dt.date
    organisateur_a: dt.datetime
    jury_le: dt.date
    jury_a: dt.datetime


def liens_ccp(
    premier_jour: dt.date,
    transmis_a: dt.datetime,
    territoire: str = METROPOLE,
    parametres: Mapping[str, int] | None = None,
) -> LiensCcp:
    """DTE-SUIVI, CCP order: the organisateur's DTE is accessible 60 days before the session, the jury's and
    candidates' 5 working days before (the site's holidays); each link becomes active at the first automate
    run at or after its availability, and never before the links are transmitted (``transmis_a``)."""
    p = valeurs("DTE-SUIVI", parametres)
    organisateur = jours_avant(premier_jour, p["jours_organisateur_ccp"])
    jury = jours_ouvres_avant(premier_jour, p["jours_ouvres_jury_ccp"], territoire)
    org_a = activation_automate(max(dt.datetime.combine(organisateur, dt.time.min), transmis_a))
    jury_a = activation_automate(max(dt.datetime.combine(jury, dt.time.min), transmis_a))
    return LiensCcp(organisateur, org_a, jury, jury_a)


# ---------------------------------------------------------------------------------------------- DTE-COMPLETUDE

_COURRIEL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)
_CODE_POSTAL = re.compile(r"^\d{5}$")
_COMMUNE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '’\-])*$")


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", sans_accents.lower().replace("saint", "st"))


def departement_du_code_postal(code_postal: str) -> str | None:
    """The département a French postal code belongs to ("2A"/"2B" both as "20"), None when impossible."""
    if not _CODE_POSTAL.match(code_postal):
        return None
    prefixe = code_postal[:2]
    if prefixe in {"00", "96", "99"}:
        return None
    if prefixe in {"97", "98"}:
        return (
            code_postal[:3]
            if code_postal[:3] in {"971", "972", "973", "974", "975", "976", "984", "986", "987", "988"}
            else None
        )
    return prefixe


@dataclass(frozen=True)
class CompletudeCommande:
    champs: tuple[tuple[str, str], ...]
    """(French label, value) of every field of the order: each must be filled."""
    courriel: str
    code_postal: str
    commune: str
    commune_connue: str = ""
    """A commune whose postal code is known (the session's site), to check coherence."""
    code_postal_connu: str = ""


def completude(entree: CompletudeCommande, parametres: Mapping[str, int] | None = None) -> Verdict:
    """DTE-COMPLETUDE — every field filled; delivery e-mail syntax; French postal code (5 digits, a real
    département) coherent with the commune (same commune as the site ⇒ same département)."""
    valeurs("DTE-COMPLETUDE", parametres)
    problemes = []
    manquants = [libelle for libelle, valeur in entree.champs if not str(valeur or "").strip()]
    if manquants:
        problemes.append(f"champs à remplir : {', '.join(manquants)}")
    courriel = entree.courriel.strip()
    if courriel and not _COURRIEL.match(courriel):
        problemes.append(f"l'adresse électronique de livraison « {courriel} » n'est pas valide")
    code_postal = entree.code_postal.strip()
    commune = entree.commune.strip()
    departement = departement_du_code_postal(code_postal)
    if code_postal and departement is None:
        problemes.append(f"le code postal « {code_postal} » n'est pas un code postal français (5 chiffres)")
    if commune and not _COMMUNE.match(commune):
        problemes.append(f"la commune « {commune} » n'est pas un nom de commune")
    if (
        departement
        and commune
        and entree.commune_connue
        and _normaliser(commune) == _normaliser(entree.commune_connue)
        and departement != departement_du_code_postal(entree.code_postal_connu)
    ):
        problemes.append(
            f"le code postal {code_postal} ne correspond pas à {commune} ({entree.code_postal_connu} "
            "pour le site de la session)"
        )
    if problemes:
        texte = phrase(problemes)
        return non_conforme("DTE-COMPLETUDE", "Commande incomplète : " + texte[0].lower() + texte[1:])
    return conforme("DTE-COMPLETUDE", "Commande complète ; adresses de livraison vérifiées.")


# ---------------------------------------------------------------------------------------------- SES-ENTRETIEN-FINAL


@dataclass(frozen=True)
class GrilleEntretienFinal:
    ccp: bool
    """A CCP order (the grid only concerns CCP sessions)."""
    candidats_terminant: tuple[str, ...]
    """Candidates for whom the CCP sat are their last missing ones (they would complete the TP)."""
    grille_demandee: bool


def grille_entretien_final(entree: GrilleEntretienFinal, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-ENTRETIEN-FINAL (ordering side) — on a CCP order where a candidate would acquire their last missing
    CCP, the entretien final grid of the TP is requested with the order (004)."""
    valeurs("SES-ENTRETIEN-FINAL", parametres)
    if not entree.ccp:
        return conforme("SES-ENTRETIEN-FINAL", "Commande titre : la grille d'entretien final est dans le DTE.")
    if not entree.candidats_terminant:
        return conforme("SES-ENTRETIEN-FINAL", "Aucun candidat n'achève son titre dans cette session CCP.")
    noms = ", ".join(entree.candidats_terminant)
    if entree.grille_demandee:
        return conforme(
            "SES-ENTRETIEN-FINAL",
            f"Grille d'entretien final demandée pour {noms}, qui passe(nt) ses derniers CCP.",
        )
    return non_conforme(
        "SES-ENTRETIEN-FINAL",
        f"{noms} passe(nt) dans cette session ses derniers CCP manquants : demandez la grille d'entretien final "
        "du titre avec la commande de DTE CCP.",
    )


# ---------------------------------------------------------------------------------------------- DTE-ANNULATION


@dataclass(frozen=True)
class AnnulationCommande:
    plis_recus: bool
    """The centre holds the material (TP plis received, CCP links transmitted)."""
    plis_expedies: bool = False
    """TP plis shipped but not received yet."""
    commandee: bool = True
    """False for a draft order never sent to the GEV."""


def annulation(entree: AnnulationCommande, parametres: Mapping[str, int] | None = None) -> Verdict:
    """DTE-ANNULATION — the consequence of cancelling the session for its order (procedure: information).

    Plis not received: the GEV cancels. Plis received: the GEV cancels and the centre destroys them (a failing
    information verdict: something remains to be done, logged as DTE-DESTRUCTION).
    """
    valeurs("DTE-ANNULATION", parametres)
    if not entree.commandee:
        return conforme("DTE-ANNULATION", "Commande non transmise à la GEV : elle est simplement annulée.")
    if entree.plis_recus:
        return non_conforme(
            "DTE-ANNULATION",
            "Plis reçus : la GEV annule la commande et le centre doit détruire les plis sans les ouvrir (ou les "
            "retourner à la GEV), puis l'enregistrer.",
        )
    if entree.plis_expedies:
        return non_conforme(
            "DTE-ANNULATION",
            "Plis expédiés, pas encore reçus : la GEV annule la commande ; à leur arrivée, le centre les détruit "
            "sans les ouvrir (ou les retourne) et l'enregistre.",
        )
    return conforme("DTE-ANNULATION", "Plis non reçus : la GEV annule la commande.")
