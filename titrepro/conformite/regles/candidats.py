"""Candidate rules (CAN-*): rights to sessions after training, validity of the VAE admissibility."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import ans_apres, format_date, mois_apres
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, valeurs


@dataclass(frozen=True)
class DroitsCandidat:
    fin_formation: dt.date
    sessions: tuple[dt.date, ...]
    """First days of the sessions the person is already registered to (TP and CCP)."""
    jour: dt.date
    """Reference date."""
    nouvelle_session: dt.date | None = None
    """First day of a session being added, if any."""


def droits(entree: DroitsCandidat, parametres: Mapping[str, int] | None = None) -> Verdict:
    """CAN-DROITS — at least 1 session; up to 3 within the 12 months after the end of training.

    Sessions held before the end of training (the exam at the close of the course) count
    among the 3: the text speaks of sessions "dans les 12 mois qui suivent sa formation".
    """
    p = valeurs("CAN-DROITS", parametres)
    fin_droits = mois_apres(entree.fin_formation, p["mois"])
    dans_la_periode = [s for s in entree.sessions if s <= fin_droits]
    periode = f"dans les {p['mois']} mois suivant la fin de la formation ({format_date(entree.fin_formation)})"
    if entree.nouvelle_session is not None:
        if entree.nouvelle_session > fin_droits:
            return non_conforme(
                "CAN-DROITS",
                f"La session du {format_date(entree.nouvelle_session)} est hors de la période de droits, qui finit le "
                f"{format_date(fin_droits)} ({periode}).",
                echeance=fin_droits,
            )
        if len(dans_la_periode) >= p["sessions_maximum"]:
            return non_conforme(
                "CAN-DROITS",
                f"Déjà {len(dans_la_periode)} sessions {periode} : le droit couvre {p['sessions_maximum']} sessions "
                "sans nouvelle formation.",
                echeance=fin_droits,
            )
        rang = len(dans_la_periode) + 1
        return conforme(
            "CAN-DROITS",
            f"Session {rang} sur {p['sessions_maximum']} {periode}, jusqu'au {format_date(fin_droits)}.",
            echeance=fin_droits,
        )
    if len(entree.sessions) < p["sessions_minimum"] and entree.jour >= entree.fin_formation:
        return non_conforme(
            "CAN-DROITS",
            f"Formation terminée le {format_date(entree.fin_formation)} sans inscription à une session : toute "
            f"personne formée est inscrite à au moins {p['sessions_minimum']} session, au plus tard le "
            f"{format_date(fin_droits)}.",
            echeance=fin_droits,
        )
    return conforme(
        "CAN-DROITS",
        f"{len(dans_la_periode)} session(s) sur {p['sessions_maximum']} {periode}, jusqu'au {format_date(fin_droits)}.",
        echeance=fin_droits,
    )


@dataclass(frozen=True)
class RecevabiliteVae:
    notifiee_le: dt.date | None
    dernier_jour_session: dt.date


def vae_recevabilite(entree: RecevabiliteVae, parametres: Mapping[str, int] | None = None) -> Verdict:
    """CAN-VAE-RECEVABILITE — the admissibility decision is valid 1 year from notification (same day next year)."""
    ans = valeurs("CAN-VAE-RECEVABILITE", parametres)["ans"]
    if entree.notifiee_le is None:
        return non_conforme("CAN-VAE-RECEVABILITE", "Le candidat VAE doit présenter sa décision de recevabilité.")
    limite = ans_apres(entree.notifiee_le, ans)
    notif = format_date(entree.notifiee_le)
    if entree.dernier_jour_session <= limite:
        return conforme(
            "CAN-VAE-RECEVABILITE",
            f"Recevabilité notifiée le {notif}, valable jusqu'au {format_date(limite)}.",
            echeance=limite,
        )
    return non_conforme(
        "CAN-VAE-RECEVABILITE",
        f"La recevabilité notifiée le {notif} n'est plus valable après le {format_date(limite)} ; la session se "
        f"termine le {format_date(entree.dernier_jour_session)}.",
        echeance=limite,
    )


MOMENTS_ADRESSE: dict[str, str] = {
    "debut_formation": "au début de la formation",
    "pendant_formation": "pendant la formation",
    "fin_formation": "à la fin de la formation",
    "debut_session": "au début de la session",
}
"""The checkpoints of CAN-ADRESSE, in order (001 « La création de la fiche candidat »)."""


@dataclass(frozen=True)
class ConfirmationsAdresse:
    debut_formation: dt.date
    fin_formation: dt.date
    confirmees: frozenset[str]
    """Checkpoints (keys of ``MOMENTS_ADRESSE``) at which the address was confirmed."""
    jour: dt.date
    premier_jour_session: dt.date | None = None


def points_adresse(entree: ConfirmationsAdresse) -> dict[str, dt.date]:
    """When each checkpoint falls due: start, middle and end of training, first day of the session."""
    milieu = entree.debut_formation + (entree.fin_formation - entree.debut_formation) / 2
    points = {
        "debut_formation": entree.debut_formation,
        "pendant_formation": milieu,
        "fin_formation": entree.fin_formation,
    }
    if entree.premier_jour_session is not None:
        points["debut_session"] = entree.premier_jour_session
    return points


def adresse(entree: ConfirmationsAdresse, parametres: Mapping[str, int] | None = None) -> Verdict:
    """CAN-ADRESSE — the postal address is confirmed at each checkpoint once it is due (the diploma is posted)."""
    valeurs("CAN-ADRESSE", parametres)
    points = points_adresse(entree)
    manquants = [
        (moment, jour) for moment, jour in points.items() if jour <= entree.jour and moment not in entree.confirmees
    ]
    a_venir = [jour for moment, jour in points.items() if jour > entree.jour and moment not in entree.confirmees]
    if manquants:
        liste = " ; ".join(f"{MOMENTS_ADRESSE[m]} (dû le {format_date(j)})" for m, j in manquants)
        return non_conforme(
            "CAN-ADRESSE",
            f"Adresse postale non confirmée : {liste}. Le parchemin est envoyé par la poste.",
            echeance=manquants[0][1],
        )
    prochain = min(a_venir) if a_venir else None
    suite = f" ; prochaine confirmation le {format_date(prochain)}" if prochain else ""
    return conforme("CAN-ADRESSE", f"Adresse postale confirmée à chaque étape échue{suite}.", echeance=prochain)
