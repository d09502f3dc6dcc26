"""From a session (Django) to the solver's ``Instance`` (pure dataclasses), and back.

What the timetable must respect, read where it lives:

- the session's days and opening hours (``examens.JourSession``);
- each registration's épreuves, from the RE of the millésime (``referentiel.Epreuve``): a session
  titre sits every épreuve « passée en session titre »; a session CCP — or a registration naming the
  CCP it sits (réussite partielle) — the épreuves of those CCP; order by ``ordre``, the mise en
  situation before the entretien technique and the entretien final last;
- the session's juries and their members who accepted (``examens.ParticipationJury``), with the
  periods they declared available (``personnes.Disponibilite``) when these cover some of the session's
  days (otherwise the accepted invitation stands for the whole session);
- SES-JURY-LIENS: the members linked to a candidate (``MembreJury.candidats_lies``: direct links and
  links with the candidate's organisme) never examine them;
- SES-HANDICAP: the accommodations the DDETS granted (``DemandeAmenagement`` accordée) reach the
  timetable: extra time (« temps majoré de 33 % » → ratio 133/100) and a separate room (« salle à part »);
- the registration's jury (``Inscription.jury``, set by the session team) is imposed on the solver
  (``Candidat.jurys``, that jury's ``J<numero>``; None when the registration has no jury yet — publishing
  assigns those candidates to the timetable's jury); ``services.ecarts_jury`` stays as a safety net for
  timetables edited by hand or registrations reassigned after the computation;
- the site's rooms (``planning.Salle``);
- SES-PLANNING: the jury's file-reading time per candidate (the millésime's, else the catalogue
  parameter) and its lunch break (catalogue parameters, per région and date).

Identifiers given to the solver are short strings (``I12`` a registration, ``E3`` the épreuve of
``ordre`` 3, ``J1`` jury number 1, ``M7`` a member, ``S4`` a room); ``Correspondances`` maps them back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from titrepro.conformite.services import parametres_en_vigueur
from titrepro.examens.models import (
    EtatInscription,
    EtatParticipation,
    Inscription,
    Jury,
    NatureSession,
    ParticipationJury,
    Session,
)
from titrepro.personnes.models import DemandeAmenagement, Disponibilite, MembreJury
from titrepro.planning.models import Salle
from titrepro.planning.solver import donnees as s
from titrepro.referentiel.models import Epreuve, TypeEpreuve

ETATS_A_PLANIFIER = (EtatInscription.INSCRIT, EtatInscription.CONVOQUE, EtatInscription.PRESENT)
"""Registrations that sit the épreuves (withdrawn or absent ones are not planned)."""

SALLE_ISOLEE = re.compile(r"salle\s+(isol|à\s+part|a\s+part|s[ée]par|individuel)", re.IGNORECASE)
"""Requests recorded before the « salle à part » box (``DemandeAmenagement.salle_isolee``) said it in plain words."""

PAS_MINUTES = 5


def minutes(heure: dt.time) -> int:
    return heure.hour * 60 + heure.minute


def code_epreuve(epreuve: Epreuve) -> str:
    return f"E{epreuve.ordre}"


def code_inscription(inscription: Inscription) -> str:
    return f"I{inscription.pk}"


def code_jury(jury: Jury) -> str:
    return f"J{jury.numero}"


def code_salle(salle: Salle) -> str:
    return f"S{salle.pk}"


def code_membre(membre: MembreJury) -> str:
    return f"M{membre.pk}"


@dataclass
class Correspondances:
    """The solver's identifiers, back to the rows they name."""

    inscriptions: dict[str, Inscription] = field(default_factory=dict)
    epreuves: dict[str, Epreuve] = field(default_factory=dict)
    jurys: dict[str, Jury] = field(default_factory=dict)
    salles: dict[str, Salle] = field(default_factory=dict)
    membres: dict[str, MembreJury] = field(default_factory=dict)


@dataclass
class Conversion:
    instance: s.Instance
    correspondances: Correspondances


def epreuves_de(inscription: Inscription, epreuves: list[Epreuve], ccps_epreuves: dict[int, set[int]]) -> list[Epreuve]:
    """The épreuves ``inscription``'s candidate sits, in the RE's order."""
    session = inscription.session
    ccps_inscription = {c.pk for c in inscription.ccps.all()}
    if not ccps_inscription and session.nature == NatureSession.CCP:
        ccps_inscription = {c.pk for c in session.ccps.all()}
    if ccps_inscription:
        choisies = [e for e in epreuves if ccps_epreuves.get(e.pk, set()) & ccps_inscription]
    else:
        choisies = [e for e in epreuves if e.pour_session_titre]
    return sorted(choisies, key=lambda e: e.ordre)


def precedences_re(epreuves: list[Epreuve]) -> tuple[tuple[str, str], ...]:
    """Order constraints of the RE: the mise en situation before the entretien technique, the entretien final last."""
    paires: list[tuple[str, str]] = []
    mises = [e for e in epreuves if e.type == TypeEpreuve.MISE_EN_SITUATION]
    techniques = [e for e in epreuves if e.type == TypeEpreuve.ENTRETIEN_TECHNIQUE]
    finals = [e for e in epreuves if e.type == TypeEpreuve.ENTRETIEN_FINAL]
    for avant in mises:
        for apres in techniques:
            paires.append((code_epreuve(avant), code_epreuve(apres)))
    for final in finals:
        for autre in epreuves:
            if autre.type != TypeEpreuve.ENTRETIEN_FINAL:
                paires.append((code_epreuve(autre), code_epreuve(final)))
    return tuple(dict.fromkeys(paires))


def _rang(epreuve: Epreuve) -> int:
    # The entretien final comes last whatever its ``ordre`` in the RE.
    return 10_000 + epreuve.ordre if epreuve.type == TypeEpreuve.ENTRETIEN_FINAL else epreuve.ordre


def amenagements_par_candidat(session: Session) -> dict[int, list[DemandeAmenagement]]:
    demandes = DemandeAmenagement.objects.accordees().pour_session(session).order_by("pk")
    resultat: dict[int, list[DemandeAmenagement]] = defaultdict(list)
    for demande in demandes:
        resultat[demande.candidat_id].append(demande)
    return resultat


def majoration(demandes: list[DemandeAmenagement]) -> Fraction:
    """The largest extra time granted (« temps majoré de 33 % » → 133/100); 1 without any."""
    pourcents = [d.majoration_pourcent or 0 for d in demandes if d.temps_majore]
    return Fraction(100 + max(pourcents), 100) if pourcents else Fraction(1)


def salle_isolee(demandes: list[DemandeAmenagement]) -> bool:
    """A granted « salle à part »: the request's box, or — for older requests — its words."""
    return any(
        d.salle_isolee or SALLE_ISOLEE.search(" ".join((d.assistance, d.materiel, d.epreuve_adaptee))) for d in demandes
    )


def parametres_planning(session: Session) -> dict[str, int]:
    return parametres_en_vigueur("SES-PLANNING", jour=session.premier_jour, region=session.site.departement.region_id)


def session_vers_instance(session: Session) -> Conversion:
    """The solver's view of ``session``: days, candidates and their épreuves, juries, members, rooms, breaks."""
    session = Session.objects.select_related("millesime", "site__departement").get(pk=session.pk)
    corr = Correspondances()
    jours_session = list(session.jours.order_by("date"))
    jours = tuple(s.Jour(j.date, minutes(j.heure_debut), minutes(j.heure_fin)) for j in jours_session)

    epreuves_re = list(Epreuve.objects.filter(millesime=session.millesime_id).order_by("ordre"))
    ccps_epreuves: dict[int, set[int]] = defaultdict(set)
    for epreuve_id, ccp_id in Epreuve.ccps.through.objects.filter(epreuve__in=epreuves_re).values_list(
        "epreuve_id", "ccp_id"
    ):
        ccps_epreuves[epreuve_id].add(ccp_id)

    inscriptions = list(
        session.inscriptions.filter(etat__in=ETATS_A_PLANIFIER)
        .select_related("candidat", "session", "jury")
        .prefetch_related("ccps")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    epreuves_par_inscription = {i.pk: epreuves_de(i, epreuves_re, ccps_epreuves) for i in inscriptions}
    utilisees = {e.pk: e for liste in epreuves_par_inscription.values() for e in liste}
    for epreuve in sorted(utilisees.values(), key=lambda e: e.ordre):
        corr.epreuves[code_epreuve(epreuve)] = epreuve

    # Juries and their accepted members.
    jurys = list(session.jurys.order_by("numero"))
    participations = list(
        ParticipationJury.objects.filter(jury__session=session, etat=EtatParticipation.ACCEPTEE)
        .select_related("membre", "jury")
        .order_by("jury__numero", "membre__nom", "pk")
    )
    membres_par_jury: dict[int, list[MembreJury]] = defaultdict(list)
    for participation in participations:
        membres_par_jury[participation.jury_id].append(participation.membre)
    for jury in jurys:
        if membres_par_jury.get(jury.pk):
            corr.jurys[code_jury(jury)] = jury
    membres = {m.pk: m for liste in membres_par_jury.values() for m in liste}
    for membre in membres.values():
        corr.membres[code_membre(membre)] = membre

    disponibilites: dict[int, list[Disponibilite]] = defaultdict(list)
    for dispo in Disponibilite.objects.filter(membre__in=list(membres)):
        disponibilites[dispo.membre_id].append(dispo)

    def disponibilites_de(membre: MembreJury) -> tuple[tuple[dt.date, int, int], ...] | None:
        periodes = disponibilites.get(membre.pk, [])
        jours = tuple(
            (j.date, minutes(j.heure_debut), minutes(j.heure_fin))
            for j in jours_session
            if any(p.debut <= j.date <= p.fin for p in periodes)
        )
        # Declared periods that cover some of the session's days restrict the member to those days; none
        # declared, or none over the session: the accepted invitation is their commitment for the session.
        return jours or None

    # SES-JURY-LIENS: for each candidate, the members linked to them.
    candidat_ids = [i.candidat_id for i in inscriptions]
    liens: dict[int, set[str]] = defaultdict(set)
    for membre in membres.values():
        for candidat_id in membre.candidats_lies(candidat_ids):
            liens[candidat_id].add(code_membre(membre))

    amenagements = amenagements_par_candidat(session)
    candidats = []
    for inscription in inscriptions:
        corr.inscriptions[code_inscription(inscription)] = inscription
        demandes = amenagements.get(inscription.candidat_id, [])
        candidats.append(
            s.Candidat(
                id=code_inscription(inscription),
                nom=str(inscription.candidat),
                epreuves=tuple(code_epreuve(e) for e in epreuves_par_inscription[inscription.pk]),
                majoration=majoration(demandes),
                salle_isolee=salle_isolee(demandes),
                liens=frozenset(liens.get(inscription.candidat_id, set())),
                jurys=frozenset({code_jury(inscription.jury)}) if inscription.jury is not None else None,
            )
        )

    salles = list(Salle.objects.filter(site=session.site_id).order_by("nom"))
    types_par_code = {code: e.type for code, e in corr.epreuves.items()}
    salles_solveur = []
    for salle in salles:
        corr.salles[code_salle(salle)] = salle
        usages: frozenset[str] = frozenset()
        if salle.types_epreuves:
            usages = frozenset(c for c, t in types_par_code.items() if t in salle.types_epreuves)
        if salle.types_epreuves and not usages:
            continue  # hosts none of this session's épreuves
        salles_solveur.append(
            s.Salle(
                id=code_salle(salle),
                nom=salle.nom,
                capacite=salle.capacite,
                usages=usages,
                isolee_possible=salle.isolee_possible,
            )
        )

    parametres = parametres_planning(session)
    lecture = session.millesime.duree_lecture_dossier or parametres["lecture_dossier"]
    epreuves_solveur = tuple(
        s.Epreuve(
            code=code,
            intitule=str(e),
            duree=e.duree_minutes,
            collective=e.collective,
            avec_jury=e.avec_jury,
            rang=_rang(e),
            salle_requise=None,
        )
        for code, e in corr.epreuves.items()
    )
    instance = s.Instance(
        jours=jours,
        epreuves=epreuves_solveur,
        candidats=tuple(candidats),
        jurys=tuple(
            s.Jury(id=code, membres=tuple(code_membre(m) for m in membres_par_jury[j.pk]), nom=f"jury n° {j.numero}")
            for code, j in corr.jurys.items()
        ),
        membres=tuple(
            s.Membre(id=code, nom=str(m), disponibilites=disponibilites_de(m)) for code, m in corr.membres.items()
        ),
        salles=tuple(salles_solveur),
        pause_dejeuner=s.PauseDejeuner(
            debut_au_plus_tot=parametres["pause_au_plus_tot"],
            fin_au_plus_tard=parametres["pause_au_plus_tard"],
            duree_min=parametres["pause_duree"],
        ),
        lecture_dossier=lecture,
        precedences=precedences_re(list(corr.epreuves.values())),
        pas=PAS_MINUTES,
    )
    return Conversion(instance=instance, correspondances=corr)
