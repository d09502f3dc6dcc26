"""Jury rules (JUR-*, SES-JURY-HABILITATION): eligibility, habilitation, coverage of the session days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import ans_apres, format_date
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, phrase, valeurs


@dataclass(frozen=True)
class EligibiliteJure:
    experience_mois: int
    """Months of professional experience in the trade."""
    quitte_metier_le: dt.date | None
    """None: still in the trade."""
    habilitation_le: dt.date


def eligibilite(entree: EligibiliteJure, parametres: Mapping[str, int] | None = None) -> Verdict:
    """JUR-ELIGIBILITE — at least 3 years in the trade, not out of it for more than 5 years when habilitated."""
    p = valeurs("JUR-ELIGIBILITE", parametres)
    problemes = []
    if entree.experience_mois < 12 * p["experience_ans"]:
        problemes.append(
            f"{entree.experience_mois} mois d'expérience dans le métier, il en faut au moins {p['experience_ans']} ans"
        )
    if entree.quitte_metier_le is not None:
        limite = ans_apres(entree.quitte_metier_le, p["hors_metier_ans"])
        if entree.habilitation_le > limite:
            problemes.append(
                f"métier quitté le {format_date(entree.quitte_metier_le)}, depuis plus de {p['hors_metier_ans']} ans "
                f"au {format_date(entree.habilitation_le)}"
            )
    if problemes:
        return non_conforme("JUR-ELIGIBILITE", phrase(problemes))
    return conforme("JUR-ELIGIBILITE", "Professionnel du métier : expérience et activité suffisantes.")


@dataclass(frozen=True)
class HabilitationJure:
    habilitation_le: dt.date
    """Date of the habilitation (or renewal) being granted."""
    professionnalisation_le: dt.date | None
    """Date of the AFPA professionalisation session, if any."""
    revision: bool
    """The title was revised (new millésime) and the member was habilitated on the previous one."""
    quitte_metier_le: dt.date | None = None
    """For a renewal: the day the member left the trade (None: still in it)."""


def habilitation(entree: HabilitationJure, parametres: Mapping[str, int] | None = None) -> Verdict:
    """JUR-HABILITATION — professionalisation before habilitation; kept on a revision if under 2 years old.

    The coverage of the session days by the habilitation period is SES-JURY-HABILITATION
    (``couverture_session`` below), the code REGLES.md gives to "on every day of the session".
    """
    p = valeurs("JUR-HABILITATION", parametres)
    problemes = []
    pro = entree.professionnalisation_le
    if pro is None or pro > entree.habilitation_le:
        problemes.append("la session de professionnalisation doit précéder l'habilitation")
    elif entree.revision:
        limite = ans_apres(pro, p["professionnalisation_ans"])
        if entree.habilitation_le >= limite:
            problemes.append(
                f"révision du titre : la professionnalisation du {format_date(pro)} date de "
                f"{p['professionnalisation_ans']} ans ou plus, elle est à refaire"
            )
    if entree.quitte_metier_le is not None:
        limite_metier = ans_apres(entree.quitte_metier_le, p["hors_metier_ans"])
        if entree.habilitation_le > limite_metier:
            problemes.append(
                f"métier quitté le {format_date(entree.quitte_metier_le)}, depuis plus de {p['hors_metier_ans']} ans"
            )
    if problemes:
        return non_conforme("JUR-HABILITATION", phrase(problemes))
    return conforme("JUR-HABILITATION", f"Habilitation possible au {format_date(entree.habilitation_le)}.")


@dataclass(frozen=True)
class CouvertureHabilitation:
    millesime_habilitation: str
    millesime_session: str
    debut: dt.date
    fin: dt.date
    premier_jour: dt.date
    dernier_jour: dt.date
    active: bool = True
    aucune: bool = False
    """The member holds no habilitation at all on any millésime (the other fields are then ignored)."""


def couverture_session(entree: CouvertureHabilitation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-JURY-HABILITATION — an active habilitation on the session's millésime covering every day of it."""
    valeurs("SES-JURY-HABILITATION", parametres)
    if entree.aucune:
        return non_conforme(
            "SES-JURY-HABILITATION",
            f"Aucune habilitation de membre de jury : il en faut une sur le millésime {entree.millesime_session} "
            f"couvrant chaque jour de la session (du {format_date(entree.premier_jour)} au "
            f"{format_date(entree.dernier_jour)}).",
        )
    problemes = []
    if not entree.active:
        problemes.append("l'habilitation n'est pas active (suspendue ou retirée)")
    if entree.millesime_habilitation != entree.millesime_session:
        problemes.append(
            f"habilitation sur le millésime {entree.millesime_habilitation}, la session porte sur "
            f"{entree.millesime_session}"
        )
    if entree.debut > entree.premier_jour or entree.fin < entree.dernier_jour:
        problemes.append(
            f"habilitation du {format_date(entree.debut)} au {format_date(entree.fin)}, elle doit couvrir chaque jour "
            f"de la session (du {format_date(entree.premier_jour)} au {format_date(entree.dernier_jour)})"
        )
    if problemes:
        return non_conforme("SES-JURY-HABILITATION", phrase(problemes), echeance=entree.fin)
    return conforme(
        "SES-JURY-HABILITATION",
        f"Habilitation sur le millésime {entree.millesime_session} du {format_date(entree.debut)} au "
        f"{format_date(entree.fin)} : couvre la session.",
        echeance=entree.fin,
    )


@dataclass(frozen=True)
class LiensJuryCandidats:
    liens: tuple[tuple[str, str], ...]
    """(jury member, candidate) name pairs: a declared link between a member of a jury and a candidate it evaluates."""
    jury: str = ""
    """The jury concerned, as users name it (« jury 1 »)."""


def liens_candidats(entree: LiensJuryCandidats, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-JURY-LIENS — no member evaluates or deliberates on a candidate they have or had a link with."""
    valeurs("SES-JURY-LIENS", parametres)
    dans = f" du {entree.jury}" if entree.jury else ""
    if entree.liens:
        details = " ; ".join(f"{membre} a déclaré un lien avec {candidat}" for membre, candidat in entree.liens)
        return non_conforme(
            "SES-JURY-LIENS",
            f"Un membre du jury n'évalue pas un candidat avec lequel il a ou a eu un lien : {details}. "
            f"Affectez ce candidat à un autre jury ou choisissez un autre membre{dans}.",
        )
    return conforme("SES-JURY-LIENS", f"Aucun lien déclaré entre les membres{dans} et ses candidats.")
