"""DTE rules (DTE-*): ordering delay, quantity, plis not received, expected delivery dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import METROPOLE, format_date, jours_avant, jours_ouvres_avant, mois_avant
from titrepro.conformite.regles.catalogue import Niveau
from titrepro.conformite.regles.verdict import DerogationAppliquee, Verdict, conforme, non_conforme, valeurs

BOITES_GEV = {
    "btp": "epreuves-btp@afpa.fr",
    "industrie": "epreuves-industrie@afpa.fr",
    "tertiaire": "epreuves-tertiaire@afpa.fr",
    "ccp": "epreuves-ccp@afpa.fr",
}
"""GEV mailboxes by sector (000 « Que faire si je n'ai pas reçu mes plis d'examen ? », 004)."""


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
