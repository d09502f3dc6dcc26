"""Candidates in a session: register (CAN-PUBLICS, CAN-VAE, SES-PROLONGATION, CAN-VAE-RECEVABILITE,
CAN-DROITS, SES-RATTACHEMENT) and withdraw before the convocations (SES-VERROU).

The session row is locked (``select_for_update``) and its state read again inside the
transaction: on PostgreSQL a registration racing with the issuing of the convocations
waits for it and is then refused by SES-RATTACHEMENT, it never slips in after the lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core import audit
from titrepro.examens.models import EtatInscription, Inscription, NatureSession, PublicCandidat, Session
from titrepro.examens.models.sessions import ETATS_AVANT_CONVOCATION
from titrepro.personnes.models import Candidat, CCPAcquis, ConfirmationAutrePersonne, Formation, StatutFormation
from titrepro.personnes.services import (
    DoublonTrouve,
    ccp_restants,
    doublons_rechercher,
    droits,
    verdict_recevabilite,
)
from titrepro.referentiel.models import CCP


class DroitsAConfirmer(ValidationError):
    """CAN-DROITS alerts (a 4th session within 12 months, a session after the period): the user confirms."""

    def __init__(self, verdicts: list[Verdict]) -> None:
        self.verdicts = verdicts
        texte = " ".join(f"{v.message} ({v.code} — {v.source})" for v in verdicts)
        super().__init__(
            {"confirmer_droits": [f"{texte} Confirmez l'inscription pour passer outre cette alerte."]},
            code="droits_a_confirmer",
        )


@dataclass
class ResultatInscription:
    inscription: Inscription
    verdicts: list[Verdict] = field(default_factory=list)
    """Every rule evaluated, passing or confirmed (shown to the user, audited)."""
    homonymes: list[DoublonTrouve] = field(default_factory=list)
    """CAN-DOUBLON: probable duplicates of the candidate among the other records (a warning, not a refusal)."""


def _nom(candidat: Candidat) -> str:
    return f"{candidat.nom_affiche} {candidat.prenoms}"


def _decrire_formation(formation: Formation) -> str:
    debut = f"{formation.debut:%d/%m/%Y}" if formation.debut else "?"
    fin = f"{formation.fin:%d/%m/%Y}" if formation.fin else "?"
    return f"du {debut} au {fin} chez {formation.organisme.raison_sociale}"


def _decrire_agrement(session: Session) -> str:
    agrement = session.agrement
    if agrement is None:
        return "agrément de la session (non renseigné)"
    return f"agrément du {agrement.debut:%d/%m/%Y} au {agrement.fin:%d/%m/%Y} (site {agrement.site.nom})"


def homonymes(candidat: Candidat) -> list[DoublonTrouve]:
    """CAN-DOUBLON at registration (seed 001): probable duplicates, minus those confirmed as another person."""
    trouves = doublons_rechercher(identite=candidat.identite())
    confirmes = set(
        ConfirmationAutrePersonne.objects.filter(Q(candidat=candidat) | Q(ressemblant=candidat)).values_list(
            "candidat_id", "ressemblant_id"
        )
    )
    ecartes = {a for paire in confirmes for a in paire} - {candidat.pk}
    return [t for t in trouves if t.candidat_id not in ecartes]


def verdicts_droits(candidat: Candidat, session: Session, *, jour: dt.date, nouvelle: bool) -> list[Verdict]:
    """CAN-DROITS for the trainings on the session's titre; ``nouvelle``: as if this session were added."""
    return [
        d.verdict
        for d in droits(candidat, jour=jour, nouvelle_session=session.premier_jour if nouvelle else None)
        if d.formation.millesime.titre_id == session.millesime.titre_id
    ]


def _ccp_autorises(session: Session, candidat: Candidat, public: str) -> list[CCP]:
    """The CCP the candidate may sit: the session's (session CCP), the missing ones (partial success)."""
    autorises: list[CCP] | None = None
    if session.nature == NatureSession.CCP:
        autorises = list(session.ccps.order_by("numero"))
    if public == PublicCandidat.REUSSITE_PARTIELLE:
        restants = ccp_restants(candidat, session.millesime)
        autorises = restants if autorises is None else [c for c in autorises if c in restants]
    return autorises or []


def _choisir_formation(
    candidat: Candidat, session: Session, public: str, formation: Formation | None
) -> tuple[list[Formation], Formation | None]:
    """The candidate's parcours on the session's titre matching ``public``, and the one retained."""
    au_titre = candidat.formations.filter(millesime__titre=session.millesime.titre_id).select_related("organisme")
    if public == PublicCandidat.VAE:
        candidates = list(au_titre.filter(statut=StatutFormation.VAE).order_by("-recevabilite_vae_le", "-pk"))
    else:
        candidates = list(au_titre.exclude(statut=StatutFormation.VAE).order_by("-debut", "-pk"))
    if formation is not None:
        if formation.pk not in {f.pk for f in candidates}:
            raise ValidationError(
                {"formation": f"Ce parcours n'est pas un parcours de {_nom(candidat)} sur ce titre pour ce public."}
            )
        return candidates, formation
    return candidates, candidates[0] if candidates else None


def _entree_en_formation(candidat: Candidat, formation: Formation | None) -> dt.date | None:
    """SES-PROLONGATION: when the candidate entered the parcours (training start, VAE admissibility, first CCP)."""
    if formation is not None:
        return formation.debut or formation.recevabilite_vae_le
    premier = candidat.ccp_acquis.order_by("obtenu_le").first()
    return premier.obtenu_le if premier else None


def _externe(candidat: Candidat, session: Session, auteur: Any) -> bool:
    """A candidate of another organisme: their parcours on the titre is elsewhere, or they are not the organisme's.

    A candidate the author cannot see is never the organisme's own.
    """
    if not Candidat.objects.visibles_par(auteur).filter(pk=candidat.pk).exists():
        return True
    parcours = candidat.formations.filter(millesime__titre=session.millesime.titre_id)
    if parcours.exists():
        return not parcours.filter(organisme=session.organisme_id).exists()
    return not candidat.organismes.filter(pk=session.organisme_id).exists()


@transaction.atomic
def inscription_ajouter(
    *,
    session: Session,
    candidat: Candidat,
    public: str,
    formation: Formation | None = None,
    ccps: Iterable[CCP] = (),
    auteur: Any,
    jour: dt.date,
    confirmer_droits: bool = False,
) -> ResultatInscription:
    """Register ``candidat`` to ``session``; refusals carry their rule code (``RegleRefusee``).

    CAN-DROITS alerts raise ``DroitsAConfirmer`` unless ``confirmer_droits``; homonyms are returned
    as a warning with the new registration.
    """
    permis, raison = session.peut_gerer(auteur)
    if not permis:
        raise PermissionDenied(raison)
    # Lock the session row and read its state again: the convocations may have been issued meanwhile.
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("millesime__titre", "organisme", "agrement__site", "site__departement")
        .get(pk=session.pk)
    )
    qui = _nom(candidat)
    verdicts: list[Verdict] = []

    def verifier(code: str, **entrees: Any) -> Verdict:
        verdict = exiger(evaluer(code, jour_de_reference=jour, region=session.site.departement.region_id, **entrees))
        verdicts.append(verdict)
        return verdict

    verifier(
        "SES-RATTACHEMENT",
        session=session.numero,
        etat=session.get_etat_display(),
        avant_convocation=session.etat in ETATS_AVANT_CONVOCATION,
        candidat=qui,
        convoquee_le=session.convoquee_le,
    )
    if Inscription.objects.filter(session=session, candidat=candidat).exists():
        raise ValidationError({"candidat": f"{qui} est déjà inscrit(e) à la session {session.numero}."})
    if public not in PublicCandidat.values:
        raise ValidationError({"public": "Choisissez le public : formé(e) au titre, réussite partielle ou VAE."})

    titre = session.millesime.titre
    parcours, formation = _choisir_formation(candidat, session, public, formation)
    vae = public == PublicCandidat.VAE

    # CAN-VAE: the organisme hosts candidates of other organismes only if its agrément says so; never refuses VAE.
    externe = _externe(candidat, session, auteur)
    verifier(
        "CAN-VAE",
        candidat=qui,
        vae=vae,
        externe=externe,
        candidats_externes=bool(session.agrement and session.agrement.candidats_externes),
        organisme=session.organisme.raison_sociale,
        agrement=_decrire_agrement(session),
    )
    # CAN-PUBLICS, with the CCP sat.
    autorises = _ccp_autorises(session, candidat, public)
    choisis = list(ccps)
    if not choisis and (session.nature == NatureSession.CCP or public == PublicCandidat.REUSSITE_PARTIELLE):
        choisis = list(autorises)
    acquis = CCPAcquis.objects.filter(candidat=candidat, ccp__millesime__titre=titre.pk).select_related("ccp")
    titre_obtenu = Inscription.objects.filter(
        candidat=candidat, session__millesime__titre=titre.pk, etat=EtatInscription.TITRE_OBTENU
    ).exists()
    verifier(
        "CAN-PUBLICS",
        candidat=qui,
        public=public,
        titre=titre.intitule,
        formations_au_titre=tuple(_decrire_formation(f) for f in parcours) if not vae else (),
        parcours_vae=vae and bool(parcours),
        recevabilite_le=formation.recevabilite_vae_le if vae and formation else None,
        ccp_acquis=tuple(str(a.ccp.intitule) for a in acquis),
        titre_obtenu=titre_obtenu,
        ccp_autorises=tuple(c.intitule for c in autorises),
        ccp_choisis=tuple(c.intitule for c in choisis),
        session_ccp=session.nature == NatureSession.CCP,
    )

    # CAN-VAE-RECEVABILITE: the admissibility is valid 1 year from its notification.
    if vae and formation is not None:
        verdicts.append(exiger(verdict_recevabilite(formation, dernier_jour_session=session.dernier_jour)))

    # SES-PROLONGATION: per candidate, when the session ends after the millésime.
    if session.dernier_jour > session.millesime.fin_validite:
        entree = _entree_en_formation(candidat, formation)
        if entree is None:
            raise ValidationError(
                {
                    "formation": f"La session se tient après la fin du millésime "
                    f"({session.millesime.fin_validite:%d/%m/%Y}) : la date d'entrée en formation de {qui} est "
                    "nécessaire (SES-PROLONGATION)."
                }
            )
        apprenti_cfa = bool(
            formation is not None and formation.statut == StatutFormation.APPRENTI and formation.organisme.est_cfa
        )
        verifier(
            "SES-PROLONGATION",
            fin_millesime=session.millesime.fin_validite,
            dernier_jour=session.dernier_jour,
            entree_en_formation=entree,
            apprenti_cfa=apprenti_cfa,
        )

    # CAN-DROITS: an alert (a 4th session within 12 months, a session after the period) the user confirms.
    droits_session = verdicts_droits(candidat, session, jour=jour, nouvelle=True)
    alertes = [v for v in droits_session if not v.ok]
    if alertes and not confirmer_droits:
        raise DroitsAConfirmer(alertes)
    verdicts.extend(droits_session)

    trouves = homonymes(candidat)
    texte = f"Inscription de {qui} ({PublicCandidat(public).label.lower()}) à la session {session.numero}"
    if alertes:
        texte += " ; alerte confirmée : " + " ".join(f"{v.message} ({v.code})" for v in alertes)
    if trouves:
        texte += f" ; {len(trouves)} homonyme(s) signalé(s) (CAN-DOUBLON)"
    with audit.motif(texte + "."):
        inscription = Inscription.objects.create(
            session=session,
            candidat=candidat,
            public=public,
            formation=formation,
            inscrit_le=jour,
            inscrit_par=auteur if getattr(auteur, "is_authenticated", False) else None,
        )
        if choisis:
            inscription.ccps.set(choisis)
        candidat.organismes.add(session.organisme)
    return ResultatInscription(inscription=inscription, verdicts=verdicts, homonymes=trouves)


@transaction.atomic
def inscription_retirer(*, inscription: Inscription, auteur: Any, jour: dt.date, motif: str) -> None:
    """Withdraw a candidate before the convocations (SES-VERROU), with a motive kept in the audit trail."""
    permis, raison = inscription.session.peut_gerer(auteur)
    if not permis:
        raise PermissionDenied(raison)
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif du retrait."})
    session = Session.objects.select_for_update(of=("self",)).get(pk=inscription.session_id)
    qui = _nom(inscription.candidat)
    exiger(
        evaluer(
            "SES-VERROU",
            jour_de_reference=jour,
            convoquee_le=session.convoquee_le,
            verrouillee=session.verrouillee,
            changement="les candidats",
        )
    )
    with audit.motif(f"Retrait de {qui} de la session {session.numero} le {jour:%d/%m/%Y} : {motif.strip()}"):
        inscription.delete()
