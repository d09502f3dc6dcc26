"""Deadline dates (échéances) of a session and of an organisme, as pure functions.

The échéancier (``titrepro.conformite.echeancier``) shows them with their state; the
sessions issue wires ``echeances_session`` to its ``Session`` model by writing a
deadline source (``@source_d_echeances``) that builds a ``SessionDatee`` and marks the
deadlines already done. Nothing here reads today's date; the parameters in force are
passed in (``parametres[code]``, catalogue defaults otherwise), so an override of
SES-CREATION-DELAI or RES-PV-DELAI moves the échéancier as it moves the checks.

Every date is the **last day** the action is in time (inclusive), except the session
days themselves and the end of retention (first day a deletion is allowed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from titrepro.conformite.regles import organismes
from titrepro.conformite.regles.calendrier import METROPOLE, ans_apres, jours_apres, jours_avant, jours_ouvres_avant
from titrepro.conformite.regles.calendrier import mois_avant as mois_avant_date
from titrepro.conformite.regles.dte import limite_commande
from titrepro.conformite.regles.verdict import valeurs

FENETRE_RAPPEL_JOURS = 30
"""A deadline is « due » from this many days before its date (a reminder window), then « dépassée » after it."""


class Etat(StrEnum):
    """Same values as ``signalements.EtatEcheance`` (the Django side)."""

    A_VENIR = "a_venir"
    DUE = "due"
    DEPASSEE = "depassee"
    FAITE = "faite"


def etat(date: dt.date, *, jour: dt.date, faite_le: dt.date | None = None, fenetre: int = FENETRE_RAPPEL_JOURS) -> Etat:
    """State of a deadline on ``jour``: done, past, within the reminder window (due), or to come."""
    if faite_le is not None:
        return Etat.FAITE
    if jour > date:
        return Etat.DEPASSEE
    if (date - jour).days <= fenetre:
        return Etat.DUE
    return Etat.A_VENIR


class EcheanceRegle(NamedTuple):
    """One dated deadline: the catalogue code that sets it, a French label, the date."""

    code: str
    libelle: str
    date: dt.date


Parametres = Mapping[str, Mapping[str, int]]
"""Parameters in force, by rule code (only the overridden ones need be given)."""


def _p(code: str, parametres: Parametres | None) -> dict[str, int]:
    return valeurs(code, (parametres or {}).get(code))


# ---------------------------------------------------------------------------------- Session


class NatureSession(StrEnum):
    TITRE = "titre"  # session titre (TP): plis posted 5–6 weeks before
    CCP = "ccp"  # session CCP: DTE by links (organisateur J-60, jury and candidates J-5 working days)


@dataclass(frozen=True)
class SessionDatee:
    """What the deadlines of a session depend on (the sessions issue builds it from its model)."""

    premier_jour: dt.date
    dernier_jour: dt.date
    nature: NatureSession = NatureSession.TITRE
    transport: bool = False
    """A TP of the transport sector: PVs within 5 days instead of 15 (RES-PV-DELAI)."""
    territoire: str = METROPOLE
    """``Departement.subdivision_feries`` of the site: the working days of DTE-SUIVI."""

    def __post_init__(self) -> None:
        if self.dernier_jour < self.premier_jour:
            raise ValueError("Le dernier jour de la session précède le premier.")


CODES_ECHEANCES_SESSION: tuple[str, ...] = (
    "SES-CREATION-DELAI",
    "DTE-DELAI",
    "SES-HANDICAP",
    "SES-CONVOCATION",
    "DTE-SUIVI",
    "DTE-NON-RECU",
    "SES-JOUR",
    "DTE-DESTRUCTION",
    "RES-PV-DELAI",
    "ARC-CONSERVATION",
)
"""The codes ``echeances_session`` uses: fetch their parameters in force for the session's date and région."""


def echeances_session(session: SessionDatee, parametres: Parametres | None = None) -> list[EcheanceRegle]:
    """Every deadline of one session, sorted by date (then in the order of the workflow).

    Before the session: creation (SES-CREATION-DELAI, 91 days), DTE order (DTE-DELAI, 3 months
    + 1 day), handicap medical forms (SES-HANDICAP, 3 months), convocations (SES-CONVOCATION,
    1 month), DTE delivery (DTE-SUIVI: TP plis sent 6 to 5 weeks before; CCP organisateur link
    60 days before, jury and candidates 5 working days before), plis check (DTE-NON-RECU,
    14 days). Then the session days (SES-JOUR) and after it: destruction of the subjects
    (DTE-DESTRUCTION, right after the last day), PV transmission (RES-PV-DELAI, 15 days, 5 for
    transport) and the end of retention (ARC-CONSERVATION, 5 years).
    """
    premier, dernier = session.premier_jour, session.dernier_jour
    creation = _p("SES-CREATION-DELAI", parametres)["jours"]
    handicap = _p("SES-HANDICAP", parametres)["mois"]
    convocation = _p("SES-CONVOCATION", parametres)["mois"]
    suivi = _p("DTE-SUIVI", parametres)
    non_recu = _p("DTE-NON-RECU", parametres)["jours"]
    pv = _p("RES-PV-DELAI", parametres)
    pv_jours = pv["jours_transport"] if session.transport else pv["jours"]
    conservation = _p("ARC-CONSERVATION", parametres)["ans"]
    dte = _p("DTE-DELAI", parametres)

    liste = [
        EcheanceRegle(
            "SES-CREATION-DELAI", f"Créer la session ({creation} jours avant)", jours_avant(premier, creation)
        ),
        EcheanceRegle(
            "DTE-DELAI",
            f"Commander les DTE ({dte['mois']} mois + {dte['jours_supplementaires']} jour avant)",
            limite_commande(premier, dte),
        ),
        EcheanceRegle(
            "SES-HANDICAP",
            f"Faire parvenir les formulaires médicaux (aménagements) à la DDETS ({handicap} mois avant)",
            mois_avant_date(premier, handicap),
        ),
        EcheanceRegle(
            "SES-CONVOCATION",
            f"Convoquer les candidats ({convocation} mois avant, LRAR ou main propre)",
            mois_avant_date(premier, convocation),
        ),
    ]
    if session.nature is NatureSession.CCP:
        organisateur = suivi["jours_organisateur_ccp"]
        jury = suivi["jours_ouvres_jury_ccp"]
        liste += [
            EcheanceRegle(
                "DTE-SUIVI",
                f"DTE CCP : lien organisateur accessible ({organisateur} jours avant)",
                jours_avant(premier, organisateur),
            ),
            EcheanceRegle(
                "DTE-SUIVI",
                f"DTE CCP : liens jury et candidats accessibles ({jury} jours ouvrés avant)",
                jours_ouvres_avant(premier, jury, session.territoire),
            ),
        ]
    else:
        liste += [
            EcheanceRegle(
                "DTE-SUIVI",
                f"Plis du titre : envoi par la GEV au plus tôt ({suivi['semaines_envoi_max']} semaines avant)",
                jours_avant(premier, 7 * suivi["semaines_envoi_max"]),
            ),
            EcheanceRegle(
                "DTE-SUIVI",
                f"Plis du titre : envoi par la GEV au plus tard ({suivi['semaines_envoi_min']} semaines avant)",
                jours_avant(premier, 7 * suivi["semaines_envoi_min"]),
            ),
        ]
    liste.append(
        EcheanceRegle(
            "DTE-NON-RECU",
            f"Vérifier la réception des DTE ; sinon contacter la GEV ({non_recu} jours avant)",
            jours_avant(premier, non_recu),
        )
    )
    liste.append(EcheanceRegle("SES-JOUR", "Premier jour de la session (contrôle des plis scellés)", premier))
    if dernier != premier:
        liste.append(EcheanceRegle("SES-JOUR", "Dernier jour de la session", dernier))
    liste += [
        EcheanceRegle("DTE-DESTRUCTION", "Détruire les sujets et les DTE non utilisés (aussitôt la session)", dernier),
        EcheanceRegle(
            "RES-PV-DELAI",
            f"Transmettre les PV au service départemental ({pv_jours} jours après"
            + (", titre du transport)" if session.transport else ")"),
            jours_apres(dernier, pv_jours),
        ),
        EcheanceRegle(
            "ARC-CONSERVATION",
            f"Fin de la conservation des documents de la session ({conservation} ans)",
            ans_apres(dernier, conservation),
        ),
    ]
    ordre = {code: i for i, code in enumerate(CODES_ECHEANCES_SESSION)}
    return sorted(liste, key=lambda e: (e.date, ordre[e.code]))


# ---------------------------------------------------------------------------------- Organisme


def limite_programmation(annee: int, parametres: Parametres | None = None, periode: str = "annuelle") -> dt.date:
    """ORG-PROGRAMMATION — last day to send the year's provisional programming (31 January, inclusive).

    ``periode`` « s2 » (a semestrial programming's second half): 31 July (``organismes.limite_programmation``).
    """
    return organismes.limite_programmation(annee, periode, _p("ORG-PROGRAMMATION", parametres))


def limite_convention(annee: int, parametres: Parametres | None = None) -> dt.date:
    """ORG-CONVENTION — last day to update the convention for ``annee`` (the day before 1 January, excluded)."""
    p = _p("ORG-CONVENTION", parametres)
    return jours_avant(dt.date(annee, p["mois_limite"], p["jour_limite"]), 1)


def echeance_programmation(
    annee: int, parametres: Parametres | None = None, periode: str = "annuelle"
) -> EcheanceRegle:
    limite = limite_programmation(annee, parametres, periode)
    return EcheanceRegle(
        "ORG-PROGRAMMATION",
        f"Transmettre la programmation prévisionnelle {annee}{organismes.PERIODES_PROGRAMMATION[periode]} à "
        "l'UD/DDETS (sessions titre et CCP distinguées)",
        limite,
    )


def echeance_convention(annee: int, parametres: Parametres | None = None) -> EcheanceRegle:
    return EcheanceRegle(
        "ORG-CONVENTION",
        f"Mettre à jour et transmettre au préfet les conventions {annee} avec les organismes de formation partenaires",
        limite_convention(annee, parametres),
    )
