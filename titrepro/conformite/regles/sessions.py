"""Session rules (SES-*): creation delay, end of millésime, prolongation, convocation, jury size, handicap.

Each function takes a small input dataclass, the parameters in force (``None``: the
catalogue defaults) and, for derogeable rules, the DDETS derogation; it returns a
``Verdict``. Dates are arguments: nothing here reads today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import ans_apres, format_date, jours_avant, mois_avant
from titrepro.conformite.regles.verdict import (
    DerogationAppliquee,
    Verdict,
    conforme,
    non_conforme,
    phrase,
    valeurs,
)

MODES_CONVOCATION = {"lrar": "lettre recommandée avec accusé de réception", "main_propre": "remise en main propre"}


@dataclass(frozen=True)
class CreationSession:
    premier_jour: dt.date
    creee_le: dt.date


def creation_delai(
    entree: CreationSession,
    parametres: Mapping[str, int] | None = None,
    derogation: DerogationAppliquee | None = None,
) -> Verdict:
    """SES-CREATION-DELAI — created at least N (91) calendar days before the first day; DDETS derogation."""
    jours = valeurs("SES-CREATION-DELAI", parametres)["jours"]
    limite = jours_avant(entree.premier_jour, jours)
    session = format_date(entree.premier_jour)
    if entree.creee_le <= limite:
        return conforme(
            "SES-CREATION-DELAI",
            f"Session du {session} créée le {format_date(entree.creee_le)}, au plus tard le "
            f"{format_date(limite)} ({jours} jours avant) : délai respecté.",
            echeance=limite,
        )
    return non_conforme(
        "SES-CREATION-DELAI",
        f"La session du {session} devait être créée au plus tard le {format_date(limite)} ({jours} jours avant).",
        echeance=limite,
        derogation=derogation,
    )


@dataclass(frozen=True)
class FinMillesime:
    premier_jour: dt.date
    fin_millesime: dt.date
    programmee_le: dt.date
    """The day the session was created (programmed) in the system."""


def fin_millesime(entree: FinMillesime, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-FIN-MILLESIME — a session after the end of validity must have been programmed by that date.

    The millésime is valid up to and including its end date, so a session programmed on
    that day was programmed "before" the end.
    """
    valeurs("SES-FIN-MILLESIME", parametres)
    fin = format_date(entree.fin_millesime)
    if entree.premier_jour <= entree.fin_millesime:
        return conforme("SES-FIN-MILLESIME", f"La session commence avant la fin du millésime ({fin}).")
    if entree.programmee_le <= entree.fin_millesime:
        return conforme(
            "SES-FIN-MILLESIME",
            f"Session après la fin du millésime ({fin}), programmée le {format_date(entree.programmee_le)}, "
            "avant cette date.",
        )
    return non_conforme(
        "SES-FIN-MILLESIME",
        f"Aucune session ne peut se tenir après la fin du millésime ({fin}) si elle n'a pas été programmée avant "
        f"cette date ; celle-ci l'a été le {format_date(entree.programmee_le)}.",
        echeance=entree.fin_millesime,
    )


@dataclass(frozen=True)
class Prolongation:
    fin_millesime: dt.date
    dernier_jour: dt.date
    """Last day of the session: the candidate must have sat it by the end of the prolongation."""
    entree_en_formation: dt.date
    apprenti_cfa: bool
    """An apprentice of an organisme that declared its CFA status (AGR-CFA)."""


def prolongation(entree: Prolongation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-PROLONGATION — for one candidate of a session held after the end of the millésime.

    Seed 000: trainees entering "BIM modeleur du bâtiment" on 1 January 2025, end of
    millésime 15 March 2025: non-apprentices may sit until 15 March 2026 (1 year),
    apprentices of a CFA until 15 March 2027 (2 years). Trainees who entered after the
    end sit the new millésime.
    """
    p = valeurs("SES-PROLONGATION", parametres)
    fin = format_date(entree.fin_millesime)
    if entree.dernier_jour <= entree.fin_millesime:
        return conforme("SES-PROLONGATION", f"La session se tient avant la fin du millésime ({fin}).")
    if entree.entree_en_formation > entree.fin_millesime:
        return non_conforme(
            "SES-PROLONGATION",
            f"Entré(e) en formation le {format_date(entree.entree_en_formation)}, après la fin du millésime ({fin}) : "
            "le candidat passe sa session sur le nouveau millésime.",
        )
    ans = p["ans_apprentis_cfa"] if entree.apprenti_cfa else p["ans"]
    limite = ans_apres(entree.fin_millesime, ans)
    public = "apprenti d'un CFA" if entree.apprenti_cfa else "candidat non apprenti"
    duree = f"{ans} an{'s' if ans > 1 else ''}"
    if entree.dernier_jour <= limite:
        return conforme(
            "SES-PROLONGATION",
            f"Prolongation de {duree} ({public}, entré en formation le {format_date(entree.entree_en_formation)}) : "
            f"session possible jusqu'au {format_date(limite)}.",
            echeance=limite,
        )
    return non_conforme(
        "SES-PROLONGATION",
        f"La prolongation de {duree} ({public}) s'achève le {format_date(limite)} ; la session se termine le "
        f"{format_date(entree.dernier_jour)}.",
        echeance=limite,
    )


@dataclass(frozen=True)
class Convocation:
    premier_jour: dt.date
    envoyee_le: dt.date
    """Date of the registered letter's posting or of the hand delivery."""
    mode: str
    """``lrar`` or ``main_propre``."""
    preuve: bool
    """The receipt (AR) or the signed acknowledgement is recorded."""


def convocation(entree: Convocation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-CONVOCATION — summoned at least 1 calendar month before (clamped), by LRAR or by hand, with proof."""
    mois = valeurs("SES-CONVOCATION", parametres)["mois"]
    limite = mois_avant(entree.premier_jour, mois)
    problemes = []
    if entree.envoyee_le > limite:
        problemes.append(
            f"la convocation du {format_date(entree.envoyee_le)} devait partir au plus tard le {format_date(limite)} "
            f"({mois} mois avant le {format_date(entree.premier_jour)})"
        )
    if entree.mode not in MODES_CONVOCATION:
        problemes.append("le mode doit être la lettre recommandée avec AR ou la remise en main propre contre signature")
    if not entree.preuve:
        problemes.append("la preuve (accusé de réception ou signature) n'est pas enregistrée")
    if problemes:
        return non_conforme("SES-CONVOCATION", phrase(problemes), echeance=limite)
    return conforme(
        "SES-CONVOCATION",
        f"Convocation par {MODES_CONVOCATION[entree.mode]} le {format_date(entree.envoyee_le)}, au plus tard le "
        f"{format_date(limite)} : délai respecté.",
        echeance=limite,
    )


@dataclass(frozen=True)
class CompositionJurys:
    membres_presents: tuple[int, ...]
    """For each jury of the session, its number of habilitated members (present, on the day)."""
    le_jour: dt.date | None = None
    """The session day the counts are the members present with their identity checked (None: the composition)."""


def jury_min(entree: CompositionJurys, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-JURY-MIN — every jury has at least 2 habilitated members; otherwise reschedule or cancel.

    With ``le_jour`` (the opening of the session), the counts are the members present that
    day with their identity checked: fewer than 2 in a jury and the session cannot take place.
    """
    minimum = valeurs("SES-JURY-MIN", parametres)["minimum"]
    qui = f"membres présents le {format_date(entree.le_jour)}" if entree.le_jour else "membres habilités"
    if not entree.membres_presents:
        return non_conforme("SES-JURY-MIN", f"Aucun jury : il faut au moins un jury de {minimum} {qui}.")
    insuffisants = [i for i, n in enumerate(entree.membres_presents, start=1) if n < minimum]
    if insuffisants:
        liste = ", ".join(f"jury {i} ({entree.membres_presents[i - 1]})" for i in insuffisants)
        return non_conforme(
            "SES-JURY-MIN",
            f"Chaque jury compte au moins {minimum} {qui} : {liste}. La session ne peut avoir lieu ; "
            "elle est reprogrammée ou annulée et la DDETS informée.",
        )
    return conforme("SES-JURY-MIN", f"{len(entree.membres_presents)} jury(s), chacun d'au moins {minimum} {qui}.")


@dataclass(frozen=True)
class FormulaireHandicap:
    premier_jour: dt.date
    transmis_le: dt.date | None
    jour: dt.date
    """Reference date (for a form not yet sent)."""


def handicap(entree: FormulaireHandicap, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-HANDICAP — the medical form reaches the DDETS at least 3 calendar months before the session."""
    mois = valeurs("SES-HANDICAP", parametres)["mois"]
    limite = mois_avant(entree.premier_jour, mois)
    echeance = f"au plus tard le {format_date(limite)} ({mois} mois avant le {format_date(entree.premier_jour)})"
    if entree.transmis_le is None:
        if entree.jour > limite:
            return non_conforme("SES-HANDICAP", f"Formulaire médical non transmis à la DDETS : attendu {echeance}.")
        return conforme("SES-HANDICAP", f"Formulaire médical à transmettre à la DDETS {echeance}.", echeance=limite)
    if entree.transmis_le > limite:
        return non_conforme(
            "SES-HANDICAP",
            f"Formulaire médical transmis le {format_date(entree.transmis_le)} : attendu {echeance}.",
            echeance=limite,
        )
    return conforme(
        "SES-HANDICAP",
        f"Formulaire médical transmis le {format_date(entree.transmis_le)}, {echeance}.",
        echeance=limite,
    )


# ------------------------------------------------------------------ issue 6: the session itself


@dataclass(frozen=True)
class ResponsableSession:
    responsable: str | None
    """Full name of the named responsable de session (None: nobody named)."""
    responsable_habilite: bool
    """The responsable holds the role responsable de session or suppléant in the organisme."""
    suppleants_non_habilites: tuple[str, ...] = ()
    """Suppléants named who hold neither role in the organisme."""
    present_le: dt.date | None = None
    """The session day checked at the opening (None: only the naming is checked)."""
    present: str | None = None
    """On ``present_le``: the full name of the responsable or suppléant present on the site (None: nobody)."""


def responsable(entree: ResponsableSession, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-RESPONSABLE — a responsable de session of the organisme is named; suppléants are of the organisme too.

    With ``present_le`` (the opening), the responsable or a suppléant must be present on the site
    that day; without one the session cannot take place.
    """
    valeurs("SES-RESPONSABLE", parametres)
    if entree.present_le is not None:
        jour = format_date(entree.present_le)
        if not entree.present:
            return non_conforme(
                "SES-RESPONSABLE",
                f"Ni le responsable de session ni un suppléant n'est enregistré présent sur le site le {jour} : "
                "la session ne peut avoir lieu ; elle est reprogrammée ou annulée et la DDETS informée.",
            )
        return conforme("SES-RESPONSABLE", f"{entree.present} présent(e) sur le site le {jour}.")
    problemes = []
    if not entree.responsable:
        problemes.append("aucun responsable de session n'est désigné : sans lui la session ne peut avoir lieu")
    elif not entree.responsable_habilite:
        problemes.append(
            f"{entree.responsable} n'est ni responsable de session ni suppléant de l'organisme et ne peut être "
            "désigné(e) responsable de la session"
        )
    if entree.suppleants_non_habilites:
        noms = ", ".join(entree.suppleants_non_habilites)
        problemes.append(f"suppléant(s) sans rôle de responsable de session ou de suppléant dans l'organisme : {noms}")
    if problemes:
        return non_conforme("SES-RESPONSABLE", phrase(problemes))
    return conforme(
        "SES-RESPONSABLE",
        f"Responsable de session désigné : {entree.responsable}, présent sur le site toute la durée de la session "
        "(un suppléant le remplace au besoin).",
    )


DECISIONS_DTE = {
    "sans_objet": "aucun pli commandé",
    "retour": "plis retournés non ouverts à la GEV",
    "destruction": "plis détruits sans ouverture",
    "conservation": "plis conservés pour une nouvelle date avec l'autorisation de la DDETS",
}


@dataclass(frozen=True)
class AnnulationSession:
    motif: str
    decision_dte: str
    """One of ``DECISIONS_DTE`` (empty: not decided). Ignored for a postponement."""
    autorisation_ddets: str
    """Reference of the DDETS authorisation (keeping the plis; a postponement)."""
    convoquee: bool
    """The convocations were issued: a cancellation PV is due."""
    report: bool = False
    """A postponement to new dates rather than a cancellation."""


def annulation(entree: AnnulationSession, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-ANNULATION — a cancellation (or postponement) decision is complete and coherent.

    Cancel: a motive and the fate of the plis (returned, destroyed unopened, or kept for a
    new date with the DDETS authorisation); a PV of cancellation is due once convoquée.
    Postpone: a motive and the DDETS authorisation.
    """
    valeurs("SES-ANNULATION", parametres)
    problemes = []
    if not entree.motif.strip():
        quoi = "du report" if entree.report else "de l'annulation"
        problemes.append(f"le motif {quoi} est obligatoire")
    if entree.report:
        if not entree.autorisation_ddets.strip():
            problemes.append("le report exige l'autorisation de la DDETS (référence, date, agent)")
        if problemes:
            return non_conforme("SES-ANNULATION", phrase(problemes))
        return conforme(
            "SES-ANNULATION", f"Report autorisé par la DDETS ({entree.autorisation_ddets.strip()}) : dates modifiées."
        )
    if entree.decision_dte not in DECISIONS_DTE:
        problemes.append("indiquez le devenir des plis (aucun pli, retour à la GEV, destruction ou conservation)")
    elif entree.decision_dte == "conservation" and not entree.autorisation_ddets.strip():
        problemes.append("conserver les plis pour une nouvelle date exige l'autorisation de la DDETS")
    if problemes:
        return non_conforme("SES-ANNULATION", phrase(problemes))
    pv = (
        " Les convocations avaient été émises : un PV d'annulation est à adresser à l'UD/DDETS."
        if entree.convoquee
        else ""
    )
    return conforme("SES-ANNULATION", f"Annulation enregistrée : {DECISIONS_DTE[entree.decision_dte]}.{pv}")


@dataclass(frozen=True)
class VerrouSession:
    convoquee_le: dt.date | None
    """Day the convocations were issued (None: not issued)."""
    verrouillee: bool
    """The session's state is past the convocation step (or cancelled)."""
    changement: str = "les dates"
    """What the user wants to change, for the message (« les dates », « les candidats »)."""


def verrou(entree: VerrouSession, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-VERROU — once the convocations are issued, candidates and dates are locked."""
    valeurs("SES-VERROU", parametres)
    if entree.verrouillee:
        depuis = f" le {format_date(entree.convoquee_le)}" if entree.convoquee_le else ""
        return non_conforme(
            "SES-VERROU",
            f"Les convocations ont été émises{depuis} : {entree.changement} de la session ne peuvent plus être "
            "modifié(e)s (un report exige l'autorisation de la DDETS).",
        )
    return conforme("SES-VERROU", f"Convocations non émises : {entree.changement} restent modifiables.")


@dataclass(frozen=True)
class NatureSession:
    nature: str
    """``titre``, ``ccp`` or ``ccs``."""
    ccs: str | None = None
    """The CCS named (session CCS), None when none."""
    ccs_du_millesime: bool = False
    """The CCS named belongs to the session's TP millésime."""


def nature_ccs(entree: NatureSession, parametres: Mapping[str, int] | None = None) -> Verdict:
    """CAN-CCS — a CCS session names a CCS of the TP millésime it is attached to (and its agrément)."""
    valeurs("CAN-CCS", parametres)
    if entree.nature != "ccs":
        return conforme("CAN-CCS", "Session sans CCS.")
    if not entree.ccs:
        return non_conforme("CAN-CCS", "Une session CCS désigne le CCS passé, rattaché au titre de la session.")
    if not entree.ccs_du_millesime:
        return non_conforme(
            "CAN-CCS",
            f"Le CCS « {entree.ccs} » n'est pas rattaché à ce titre : une session CCS exige le titre et un agrément "
            "sur ce titre.",
        )
    return conforme("CAN-CCS", f"CCS « {entree.ccs} » rattaché au titre de la session.")


# ------------------------------------------------------------------ issue 7: the exam day


@dataclass(frozen=True)
class VisitePlateau:
    premier_jour: dt.date
    visite_le: dt.date | None
    """Day of the jury's visit of the plateau with the responsable de session (None: not recorded)."""
    duree_minutes: int = 0


def visite_plateau(entree: VisitePlateau, parametres: Mapping[str, int] | None = None) -> Verdict:
    """JUR-VISITE — the jury visits the plateau with the responsable de session before the session (plan 60 min)."""
    minutes = valeurs("JUR-VISITE", parametres)["minutes"]
    debut = format_date(entree.premier_jour)
    if entree.visite_le is None:
        return non_conforme(
            "JUR-VISITE",
            f"La visite du plateau technique par le jury avec le responsable de session n'est pas enregistrée "
            f"(à faire avant le début de la session du {debut} ; prévoir {minutes} minutes).",
        )
    if entree.visite_le > entree.premier_jour:
        return non_conforme(
            "JUR-VISITE",
            f"Visite du plateau le {format_date(entree.visite_le)}, après le premier jour de la session ({debut}) : "
            "elle a lieu avant le début de la session.",
        )
    if entree.duree_minutes < minutes:
        return non_conforme(
            "JUR-VISITE",
            f"Visite du plateau le {format_date(entree.visite_le)} en {entree.duree_minutes} minutes : "
            f"prévoir {minutes} minutes.",
        )
    return conforme(
        "JUR-VISITE", f"Plateau visité par le jury le {format_date(entree.visite_le)} ({entree.duree_minutes} minutes)."
    )


SANCTIONS_FRAUDE = {
    "exclusion": "exclusion de la session, sans autre sanction",
    "interdiction": "interdiction de se présenter à une session du titre professionnel",
}


@dataclass(frozen=True)
class SanctionFraude:
    nature: str
    """One of ``SANCTIONS_FRAUDE``."""
    rapport_signe: bool
    """The report signed by the jury or the responsable de session is attached to the incident."""
    notifiee_le: dt.date | None
    interdiction_jusqu_au: dt.date | None = None


def sanction_fraude(entree: SanctionFraude, parametres: Mapping[str, int] | None = None) -> Verdict:
    """RES-FRAUDE-SANCTION — decided by the DDETS on a signed report; a ban lasts at most 1 year from notification."""
    ans = valeurs("RES-FRAUDE-SANCTION", parametres)["interdiction_ans"]
    problemes = []
    if not entree.rapport_signe:
        problemes.append(
            "le rapport signé du jury ou du responsable de session est requis : il fonde la sanction et figure au PV"
        )
    if entree.nature not in SANCTIONS_FRAUDE:
        problemes.append("indiquez la sanction (exclusion seule ou interdiction de se présenter)")
    if entree.notifiee_le is None:
        problemes.append("indiquez la date de notification de la sanction au candidat")
    if problemes or entree.notifiee_le is None:
        return non_conforme("RES-FRAUDE-SANCTION", phrase(problemes))
    notif = format_date(entree.notifiee_le)
    if entree.nature == "interdiction":
        fin = entree.interdiction_jusqu_au
        limite = ans_apres(entree.notifiee_le, ans)
        duree = f"{ans} an{'s' if ans > 1 else ''}"
        if fin is None:
            return non_conforme(
                "RES-FRAUDE-SANCTION",
                f"Indiquez la fin de l'interdiction (au plus tard le {format_date(limite)}, {duree} après la "
                f"notification du {notif}).",
                echeance=limite,
            )
        if fin <= entree.notifiee_le:
            return non_conforme(
                "RES-FRAUDE-SANCTION",
                f"La fin de l'interdiction ({format_date(fin)}) doit suivre la notification du {notif}.",
                echeance=limite,
            )
        if fin > limite:
            return non_conforme(
                "RES-FRAUDE-SANCTION",
                f"L'interdiction jusqu'au {format_date(fin)} dépasse {duree} à compter de la notification du {notif} "
                f"(au plus tard le {format_date(limite)}).",
                echeance=limite,
            )
        return conforme(
            "RES-FRAUDE-SANCTION",
            f"Interdiction de se présenter jusqu'au {format_date(fin)}, notifiée le {notif} (au plus {duree}).",
            echeance=limite,
        )
    if entree.interdiction_jusqu_au is not None:
        return non_conforme(
            "RES-FRAUDE-SANCTION", "Une fin d'interdiction n'a de sens que pour une interdiction de se présenter."
        )
    return conforme("RES-FRAUDE-SANCTION", f"Exclusion de la session, sans autre sanction, notifiée le {notif}.")


@dataclass(frozen=True)
class FraudeConstatee:
    survenue_le: dt.date
    candidat: str
    sanction_notifiee_le: dt.date | None
    """The DDETS's decision, notified on that day (None: not decided yet)."""


def fraude_sanctionnee(entree: FraudeConstatee, parametres: Mapping[str, int] | None = None) -> Verdict:
    """RES-FRAUDE — a fraud leads to a sanction that is recorded and notified (reminder until it is)."""
    valeurs("RES-FRAUDE", parametres)
    quand = format_date(entree.survenue_le)
    if entree.sanction_notifiee_le is None:
        return non_conforme(
            "RES-FRAUDE",
            f"Fraude de {entree.candidat} constatée le {quand} : la DDETS décide et notifie la sanction "
            "(jusqu'à l'interdiction de se présenter pendant 1 an).",
        )
    return conforme(
        "RES-FRAUDE",
        f"Fraude de {entree.candidat} du {quand} : sanction notifiée le {format_date(entree.sanction_notifiee_le)}.",
    )
