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
