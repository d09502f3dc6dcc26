"""Registration rules (« Candidat dans une session »): who may be registered, external candidates, attachment.

CAN-PUBLICS: trained for the TP, partial success (with the CCP still missing), VAE with
its admissibility. CAN-VAE: a VAE candidate is never refused because the agrément declares
no candidates from other organismes; candidates of another organisme who are not VAE are
refused, under the same code, when it declares none. SES-RATTACHEMENT: once the convocations
are issued, nobody joins the session — a new session is needed (leaving it is SES-VERROU, in
``sessions``).

Pure functions: names and dates are arguments, nothing reads the database or today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, valeurs

FORMATION = "formation"
REUSSITE_PARTIELLE = "reussite_partielle"
VAE = "vae"
PUBLICS = {
    FORMATION: "formé(e) au titre",
    REUSSITE_PARTIELLE: "en réussite partielle",
    VAE: "candidat(e) VAE",
}


def _liste(noms: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"« {n} »" for n in noms)


@dataclass(frozen=True)
class PublicInscription:
    candidat: str
    """The candidate's name, for the message."""
    public: str
    """``formation``, ``reussite_partielle`` or ``vae``."""
    titre: str
    """The TP's title (intitulé)."""
    formations_au_titre: tuple[str, ...] = ()
    """The trainings (not VAE) of the candidate on this titre, described (« du 01/09/2026 au 30/06/2027 chez X »)."""
    parcours_vae: bool = False
    """A VAE parcours on this titre exists."""
    recevabilite_le: dt.date | None = None
    """The notification date of the VAE admissibility, if recorded."""
    ccp_acquis: tuple[str, ...] = ()
    """CCP of this titre the candidate already holds."""
    titre_obtenu: bool = False
    ccp_autorises: tuple[str, ...] = ()
    """The CCP the candidate may sit in this session: the session's CCP (session CCP), the missing ones
    (partial success), both intersected for a partial success in a session CCP; empty when the whole titre is sat."""
    ccp_choisis: tuple[str, ...] = ()
    """The CCP chosen for the candidate."""
    session_ccp: bool = False


def publics(entree: PublicInscription, parametres: Mapping[str, int] | None = None) -> Verdict:
    """CAN-PUBLICS — trained for the TP, partial success sitting the CCP still missing, VAE with recevabilité."""
    valeurs("CAN-PUBLICS", parametres)
    qui, titre = entree.candidat, f"« {entree.titre} »"
    if entree.public not in PUBLICS:
        return non_conforme(
            "CAN-PUBLICS",
            "Public inconnu : seuls les personnes formées au titre, les candidats en réussite partielle et les "
            "candidats VAE peuvent être inscrits.",
        )
    if entree.public == FORMATION and not entree.formations_au_titre:
        return non_conforme(
            "CAN-PUBLICS",
            f"{qui} n'a suivi aucune formation au titre {titre} : seuls les personnes formées au titre, les candidats "
            "en réussite partielle et les candidats VAE peuvent être inscrits. Enregistrez d'abord sa formation.",
        )
    if entree.public == VAE:
        if not entree.parcours_vae:
            return non_conforme("CAN-PUBLICS", f"{qui} n'a pas de parcours VAE enregistré sur le titre {titre}.")
        if entree.recevabilite_le is None:
            return non_conforme(
                "CAN-PUBLICS",
                f"Le parcours VAE de {qui} sur le titre {titre} n'a pas de décision de recevabilité enregistrée.",
            )
    if entree.public == REUSSITE_PARTIELLE:
        if entree.titre_obtenu:
            return non_conforme("CAN-PUBLICS", f"{qui} détient déjà le titre {titre} : rien à repasser.")
        if not entree.ccp_acquis:
            return non_conforme(
                "CAN-PUBLICS",
                f"{qui} ne détient aucun CCP du titre {titre} : ce n'est pas une réussite partielle.",
            )
        if not entree.ccp_autorises:
            return non_conforme(
                "CAN-PUBLICS",
                f"{qui} détient déjà tous les CCP proposés ({_liste(entree.ccp_acquis)}) : aucun CCP manquant à "
                "passer dans cette session.",
            )
        if not entree.ccp_choisis:
            return non_conforme(
                "CAN-PUBLICS",
                f"Choisissez le ou les CCP que {qui} passe, parmi ceux qui lui manquent : "
                f"{_liste(entree.ccp_autorises)}.",
            )
    if entree.ccp_choisis:
        hors = tuple(c for c in entree.ccp_choisis if c not in entree.ccp_autorises)
        if hors:
            if entree.public == REUSSITE_PARTIELLE:
                pourquoi = f"{qui} ne peut passer que les CCP qui lui manquent et que la session propose"
            elif entree.session_ccp:
                pourquoi = "la session ne porte que sur ses propres CCP"
            else:
                pourquoi = "un candidat formé ou VAE passe le titre complet dans une session titre"
            autorises = _liste(entree.ccp_autorises) if entree.ccp_autorises else "aucun"
            return non_conforme(
                "CAN-PUBLICS",
                f"CCP non autorisé(s) : {_liste(hors)} — {pourquoi} (possibles : {autorises}).",
            )
    if entree.public == FORMATION:
        detail = f"formation {entree.formations_au_titre[0]}"
    elif entree.public == VAE:
        detail = f"recevabilité notifiée le {format_date(entree.recevabilite_le)}" if entree.recevabilite_le else ""
    else:
        detail = f"CCP acquis : {_liste(entree.ccp_acquis)}"
    passe = f" ; passe {_liste(entree.ccp_choisis)}" if entree.ccp_choisis else ""
    return conforme("CAN-PUBLICS", f"{qui}, {PUBLICS[entree.public]} ({detail}){passe}.")


@dataclass(frozen=True)
class CandidatExterne:
    candidat: str
    vae: bool
    externe: bool
    """The session's organisme neither trained nor follows the candidate's parcours on this titre."""
    candidats_externes: bool
    """What the agrément declares (``Agrement.candidats_externes``)."""
    organisme: str
    """The session's organisme."""
    agrement: str
    """The agrément, described (« agrément du 01/01/2026 au 31/12/2028, site X »)."""


def candidat_externe(entree: CandidatExterne, parametres: Mapping[str, int] | None = None) -> Verdict:
    """CAN-VAE — a VAE candidate is never refused, even where the agrément declares no external candidates.

    The other candidates of another organisme are refused, under this code, when the agrément
    declares that the organisme does not host candidates of other organismes.
    """
    valeurs("CAN-VAE", parametres)
    if entree.vae:
        suite = (
            ""
            if entree.candidats_externes or not entree.externe
            else (f", même si l'{entree.agrement} déclare ne pas accueillir de candidats d'autres organismes")
        )
        return conforme(
            "CAN-VAE", f"{entree.candidat} est candidat(e) VAE : l'inscription ne peut être refusée{suite}."
        )
    if not entree.externe:
        return conforme("CAN-VAE", f"{entree.candidat} suit son parcours chez {entree.organisme}.")
    if entree.candidats_externes:
        return conforme(
            "CAN-VAE",
            f"L'{entree.agrement} accueille des candidats d'autres organismes : {entree.candidat} est admis(e).",
        )
    return non_conforme(
        "CAN-VAE",
        f"L'{entree.agrement} de {entree.organisme} déclare ne pas accueillir de candidats d'autres organismes : "
        f"{entree.candidat}, formé(e) ailleurs, ne peut être inscrit(e). Seuls les candidats VAE ne sont jamais "
        "refusés.",
    )


@dataclass(frozen=True)
class Rattachement:
    session: str
    """The session's number."""
    etat: str
    """The session's state, as shown (« Convocations envoyées »)."""
    avant_convocation: bool
    """The session is still a draft or in preparation."""
    candidat: str
    convoquee_le: dt.date | None = None


def rattachement(entree: Rattachement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-RATTACHEMENT — candidates are attached until the convocations are issued; after that a new session."""
    valeurs("SES-RATTACHEMENT", parametres)
    if entree.avant_convocation:
        return conforme(
            "SES-RATTACHEMENT",
            f"Session {entree.session} {entree.etat.lower()} : les candidats peuvent y être rattachés jusqu'à "
            "l'envoi des convocations.",
        )
    depuis = f" depuis le {format_date(entree.convoquee_le)}" if entree.convoquee_le else ""
    return non_conforme(
        "SES-RATTACHEMENT",
        f"La session {entree.session} est au stade « {entree.etat} »{depuis} : {entree.candidat} ne peut plus y "
        "être rattaché(e) ; une nouvelle session est nécessaire.",
    )
