"""Writes of the timetable: generate (background), validate, move a slot, import, publish, copy.

Every write checks ``Session.peut_gerer`` (the responsable de session or a suppléant of the
organisme) and the planning's own ``peut_<verbe>``; every check of the timetable itself goes
through the solver's validator (``titrepro.planning.solver.valider``): the same rules for a
generated, imported or hand-edited timetable, each violation carrying its rule code
(SES-PLANNING, SES-JURY-LIENS, SES-HANDICAP). Publishing is refused while a violation remains
(SES-PLANNING is bloquant): ``PlanningNonConforme`` carries them.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from titrepro.conformite.regles.catalogue import regle
from titrepro.core.audit import motif as motif_audit
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.permissions import exiger_permission
from titrepro.examens.models import EtatSession, Inscription, Jury, Session
from titrepro.examens.services.jurys import candidat_affecter_jury
from titrepro.planning import conversion as conv
from titrepro.planning.models import (
    Creneau,
    CreneauJury,
    EtatCalcul,
    EtatPlanning,
    NatureCreneauJury,
    OriginePlanning,
    Planning,
    Salle,
    hhmm,
)
from titrepro.planning.solver import donnees as s
from titrepro.planning.solver import valider as valider_solveur
from titrepro.planning.solver.validation import hors_jurys_imposes


class PlanningNonConforme(RegleRefusee):
    """Publishing refused: the timetable breaks the rules listed in ``violations``."""

    def __init__(self, violations: list[dict[str, Any]]) -> None:
        entree = regle("SES-PLANNING")
        codes = sorted({v["code"] for v in violations})
        super().__init__(
            entree.code,
            f"Le planning ne peut pas être publié : {len(violations)} manquement(s) aux règles "
            f"({', '.join(codes)}). Corrigez-les d'abord.",
            entree.source,
        )
        self.violations = violations


def planning_courant(session: Session, user: Any | None = None) -> Planning | None:
    """The published timetable if any, else the latest version (seen by ``user`` when given)."""
    plannings = Planning.objects.visibles_par(user) if user is not None else Planning.objects.all()
    plannings = plannings.filter(session=session)
    return plannings.filter(etat=EtatPlanning.PUBLIE).first() or plannings.order_by("-version").first()


def planning_publie(session: Session) -> Planning | None:
    return Planning.objects.filter(session=session, etat=EtatPlanning.PUBLIE).first()


def _version_suivante(session: Session) -> int:
    derniere = Planning.objects.filter(session=session).aggregate(v=Max("version"))["v"]
    return (derniere or 0) + 1


# --------------------------------------------------------------------------------- model ↔ solver


@dataclass
class VueSolveur:
    """A stored timetable seen by the solver: the instance, its slots, readings and breaks."""

    conversion: conv.Conversion
    creneaux: list[s.Creneau]
    lectures: list[s.Lecture]
    pauses: list[s.Pause]


def vue_solveur(planning: Planning) -> VueSolveur:
    conversion = conv.session_vers_instance(planning.session)
    creneaux = [
        s.Creneau(
            candidat=f"I{c.inscription_id}",
            epreuve=f"E{c.epreuve.ordre}",
            jour=c.jour,
            debut=c.debut,
            fin=c.fin,
            jury=f"J{c.jury.numero}" if c.jury else None,
            salle=f"S{c.salle_id}" if c.salle_id else None,
        )
        for c in planning.creneaux.select_related("epreuve", "jury")
    ]
    lectures: list[s.Lecture] = []
    pauses: list[s.Pause] = []
    for cj in planning.creneaux_jury.select_related("jury"):
        if cj.nature == NatureCreneauJury.LECTURE:
            lectures.append(s.Lecture(f"J{cj.jury.numero}", f"I{cj.inscription_id}", cj.jour, cj.debut, cj.fin))
        else:
            pauses.append(s.Pause(f"J{cj.jury.numero}", cj.jour, cj.debut, cj.fin))
    return VueSolveur(conversion, creneaux, lectures, pauses)


def violation_en_dict(violation: s.Violation, corr: conv.Correspondances) -> dict[str, Any]:
    """A violation as stored and shown: its code, its French message, the rows it names."""
    inscription = corr.inscriptions.get(violation.candidat or "")
    epreuve = corr.epreuves.get(violation.epreuve or "")
    jury = corr.jurys.get(violation.jury or "")
    return {
        "code": violation.code,
        "message": violation.message,
        "inscription": inscription.pk if inscription else None,
        "candidat": str(inscription.candidat) if inscription else "",
        "epreuve": str(epreuve) if epreuve else "",
        "jury": jury.numero if jury else None,
        "jour": violation.jour.isoformat() if violation.jour else None,
    }


def verifier(planning: Planning) -> list[dict[str, Any]]:
    """Run the validator on the stored timetable, and compare its juries with the registrations' (nothing saved)."""
    vue = vue_solveur(planning)
    violations = valider_solveur(vue.conversion.instance, vue.creneaux, vue.lectures, vue.pauses)
    return avec_ecarts_jury(planning, violations, vue.conversion.correspondances)


def avec_ecarts_jury(
    planning: Planning, violations: list[s.Violation], corr: conv.Correspondances
) -> list[dict[str, Any]]:
    """The validator's violations and the registrations' juries the timetable does not follow, each said once.

    The validator already flags a candidate seen by a jury outside the registration's (``Candidat.jurys``); the
    ``EcartJury`` of that candidate says it with the juries' numbers and the fix, so it replaces that violation.
    """
    ecarts = ecarts_jury(planning)
    signales = {conv.code_inscription(e.inscription) for e in ecarts}
    gardees = [v for v in violations if not (v.candidat in signales and hors_jurys_imposes(v))]
    return [violation_en_dict(v, corr) for v in gardees] + [e.en_dict() for e in ecarts]


# ------------------------------------------------------------------------------ registration's jury


def jurys_planifies(planning: Planning) -> dict[int, list[Jury]]:
    """Per registration (pk), the juries the timetable's slots put the candidate before (by number)."""
    par_inscription: dict[int, dict[int, Jury]] = {}
    for creneau in planning.creneaux.filter(jury__isnull=False).select_related("jury"):
        if creneau.jury is not None:
            par_inscription.setdefault(creneau.inscription_id, {})[creneau.jury.pk] = creneau.jury
    return {pk: sorted(jurys.values(), key=lambda j: j.numero) for pk, jurys in par_inscription.items()}


@dataclass(frozen=True)
class EcartJury:
    """A candidate the timetable puts before another jury than the one the session team assigned them to."""

    inscription: Inscription
    jury_inscription: Jury
    jurys_planning: tuple[Jury, ...]

    @property
    def numeros_planning(self) -> str:
        return " et ".join(f"n° {j.numero}" for j in self.jurys_planning)

    @property
    def message(self) -> str:
        return (
            f"{self.inscription.candidat} est affecté(e) au jury n° {self.jury_inscription.numero}, mais le planning "
            f"le (la) fait passer devant le jury {self.numeros_planning} : déplacez ses créneaux vers le jury "
            f"n° {self.jury_inscription.numero} ou changez son affectation au jury."
        )

    def en_dict(self) -> dict[str, Any]:
        """Shaped like ``violation_en_dict``: stored with the timetable's violations and shown with them."""
        return {
            "code": s.SES_PLANNING,
            "message": self.message,
            "inscription": self.inscription.pk,
            "candidat": str(self.inscription.candidat),
            "epreuve": "",
            "jury": self.jurys_planning[0].numero,
            "jour": None,
        }


def ecarts_jury(planning: Planning) -> list[EcartJury]:
    """Candidates whose registration names a jury (``Inscription.jury``) the timetable does not follow.

    The solver is told the registration's jury (``Candidat.jurys``, see ``conversion``), so its timetables
    follow it; this safety net catches the rest — slots moved or imported by hand, a registration reassigned
    after the computation: shown with the violations and refused at publication (SES-PLANNING).
    """
    planifies = jurys_planifies(planning)
    inscriptions = (
        Inscription.objects.filter(pk__in=list(planifies), jury__isnull=False)
        .select_related("candidat", "jury")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    ecarts = []
    for inscription in inscriptions:
        jury = inscription.jury
        if jury is None:
            continue
        autres = tuple(j for j in planifies[inscription.pk] if j.pk != jury.pk)
        if autres:
            ecarts.append(EcartJury(inscription, jury, autres))
    return ecarts


def planning_revalider(*, planning: Planning) -> list[dict[str, Any]]:
    """Re-validate and store the violations on the planning (shown on its page, refuse publishing)."""
    violations = verifier(planning)
    Planning.objects.filter(pk=planning.pk).update(violations=violations, modifie_le=timezone.now())
    planning.violations = violations
    return violations


def _ecrire_solution(planning: Planning, solution: s.Solution, corr: conv.Correspondances) -> None:
    """Store the solver's (or an import's) slots, readings and breaks as the planning's rows."""
    Creneau.objects.bulk_create(
        Creneau(
            planning=planning,
            inscription=corr.inscriptions[c.candidat],
            epreuve=corr.epreuves[c.epreuve],
            jour=c.jour,
            debut=c.debut,
            fin=c.fin,
            jury=corr.jurys.get(c.jury) if c.jury else None,
            salle=corr.salles.get(c.salle) if c.salle else None,
        )
        for c in solution.creneaux
    )
    CreneauJury.objects.bulk_create(
        [
            CreneauJury(
                planning=planning,
                jury=corr.jurys[lec.jury],
                nature=NatureCreneauJury.LECTURE,
                inscription=corr.inscriptions[lec.candidat],
                jour=lec.jour,
                debut=lec.debut,
                fin=lec.fin,
            )
            for lec in solution.lectures
        ]
        + [
            CreneauJury(
                planning=planning,
                jury=corr.jurys[p.jury],
                nature=NatureCreneauJury.PAUSE,
                jour=p.jour,
                debut=p.debut,
                fin=p.fin,
            )
            for p in solution.pauses
        ]
    )


# ---------------------------------------------------------------------------------------- generate


@transaction.atomic
def planning_generer(*, session: Session, auteur: Any, limite_s: float = 30, en_tache: bool = True) -> Planning:
    """Queue the solver on ``session``: a new draft version whose row carries the progress.

    ``en_tache=False`` (demo data, commands) only creates the row: the caller runs ``planning_calculer``.
    """
    exiger_permission(session.peut_gerer(auteur))
    Session.objects.select_for_update().filter(pk=session.pk).first()
    if Planning.objects.filter(session=session, etat_calcul__in=[EtatCalcul.EN_ATTENTE, EtatCalcul.EN_COURS]).exists():
        raise ValidationError("Un calcul du planning est déjà en cours pour cette session : attendez qu'il se termine.")
    if session.etat == EtatSession.ANNULEE:
        raise ValidationError("La session est annulée : il n'y a plus de planning à établir.")
    if not session.jours.exists():
        raise ValidationError("La session n'a aucun jour : ajoutez ses jours avant de calculer le planning.")
    if not session.inscriptions.filter(etat__in=conv.ETATS_A_PLANIFIER).exists():
        raise ValidationError("La session n'a aucun candidat inscrit : il n'y a rien à planifier.")
    with motif_audit("Calcul du planning demandé (SES-PLANNING)"):
        planning = Planning.objects.create(
            session=session,
            version=_version_suivante(session),
            origine=OriginePlanning.SOLVEUR,
            etat_calcul=EtatCalcul.EN_ATTENTE,
            message_progression="En attente du calculateur",
            genere_par=auteur,
        )
    if not en_tache:
        return planning
    from titrepro.planning.taches import calculer_planning  # the task imports this module

    planning_id = planning.pk
    transaction.on_commit(lambda: calculer_planning.enqueue(planning_id=planning_id, limite_s=limite_s))
    return planning


def planning_calculer(*, planning_id: int, limite_s: float = 30, suivre: bool = True) -> Planning:
    """Run the solver for a queued planning (called by the task); the progress is written as it goes."""
    from titrepro.planning.solver import resoudre

    planning = Planning.objects.select_related("session").get(pk=planning_id)
    # Plain UPDATEs outside any transaction: the page polling the job sees them at once.
    Planning.objects.filter(pk=planning_id).update(
        etat_calcul=EtatCalcul.EN_COURS, progression=1, message_progression="Lecture de la session"
    )

    appelant = threading.get_ident()
    dernier = [0.0]

    def avancer(fraction: float, message: str) -> None:
        # CP-SAT calls back from its own threads: each gets its own connection, closed at once; the progress
        # is a comfort, so a write that fails (SQLite locked by the task's thread) is simply skipped.
        if time.monotonic() - dernier[0] < 0.5 and fraction < 1:
            return
        dernier[0] = time.monotonic()
        try:
            Planning.objects.filter(pk=planning_id).update(
                progression=max(1, min(99, round(100 * fraction))), message_progression=message[:250]
            )
        except DatabaseError:
            pass
        finally:
            if threading.get_ident() != appelant:
                connection.close()

    try:
        conversion = conv.session_vers_instance(planning.session)
        solution = resoudre(conversion.instance, limite_s=limite_s, progression=avancer if suivre else None)
    except Exception as exc:  # the page shows the failure instead of spinning forever
        Planning.objects.filter(pk=planning_id).update(etat_calcul=EtatCalcul.ECHOUE, erreur=str(exc)[:1000])
        raise
    with transaction.atomic(), motif_audit(f"Planning calculé par le solveur ({solution.statut})"):
        planning = Planning.objects.select_for_update().get(pk=planning_id)
        if solution.creneaux:
            _ecrire_solution(planning, solution, conversion.correspondances)
        planning.statut_solveur = solution.statut
        planning.borne_inferieure = dict(solution.borne_inferieure)
        planning.objectifs = dict(solution.objectifs)
        planning.explication = solution.explication or ""
        planning.duree_calcul = round(solution.duree_s, 2)
        planning.genere_le = timezone.now()
        planning.etat_calcul = EtatCalcul.TERMINE
        planning.progression = 100
        planning.message_progression = "Calcul terminé"
        planning.violations = (
            avec_ecarts_jury(
                planning,
                valider_solveur(conversion.instance, solution.creneaux, solution.lectures, solution.pauses),
                conversion.correspondances,
            )
            if solution.creneaux
            else []
        )
        planning.save()
    return planning


# -------------------------------------------------------------------------------------- hand edits


@transaction.atomic
def creneau_deplacer(
    *,
    creneau: Creneau,
    auteur: Any,
    jour: dt.date,
    debut: int,
    jury: Jury | None = None,
    salle: Salle | None = None,
    fin: int | None = None,
) -> list[dict[str, Any]]:
    """Move one slot (day, start, jury, room), keep its length, and re-validate the whole timetable.

    Returns the violations found after the move (stored on the planning): the move is kept —
    a hand-made timetable may go through a non-compliant state — but publishing is refused
    until none remains.
    """
    planning = Planning.objects.select_for_update(of=("self",)).select_related("session").get(pk=creneau.planning_id)
    exiger_permission(planning.peut_modifier(auteur))
    session = planning.session
    erreurs: dict[str, list[str]] = {}
    if not session.jours.filter(date=jour).exists():
        jours = ", ".join(f"{d:%d/%m/%Y}" for d in session.jours.values_list("date", flat=True))
        erreurs["jour"] = [f"Le {jour:%d/%m/%Y} n'est pas un jour de la session ({jours})."]
    longueur = (fin - debut) if fin is not None else (creneau.fin - creneau.debut)
    if debut < 0 or debut + longueur > 24 * 60:
        erreurs["debut"] = ["L'heure de début doit laisser le créneau finir avant minuit."]
    if fin is not None and fin <= debut:
        erreurs["fin"] = ["La fin du créneau doit suivre son début."]
    if jury is not None and jury.session_id != session.pk:
        erreurs["jury"] = ["Ce jury n'appartient pas à la session."]
    if salle is not None and salle.site_id != session.site_id:
        erreurs["salle"] = ["Cette salle n'est pas sur le site de la session."]
    if erreurs:
        raise ValidationError(erreurs)
    avant = f"{creneau.jour:%d/%m/%Y} {creneau.horaire}"
    creneau.jour, creneau.debut, creneau.fin = jour, debut, debut + longueur
    creneau.jury, creneau.salle = jury, salle
    with motif_audit(f"Créneau déplacé à la main : {avant} → {jour:%d/%m/%Y} {hhmm(debut)}–{hhmm(debut + longueur)}"):
        creneau.save()
        if planning.origine == OriginePlanning.SOLVEUR:
            planning.origine = OriginePlanning.MANUEL
            planning.save(update_fields=["origine", "modifie_le"])
    return planning_revalider(planning=planning)


# ------------------------------------------------------------------------------------------ publish


class JuryDifferent(RegleRefusee):
    """Publishing refused: the timetable puts candidates before another jury than their registration's."""

    def __init__(self, ecarts: list[EcartJury]) -> None:
        entree = regle("SES-PLANNING")
        detail = " ; ".join(
            f"{e.inscription.candidat} (jury n° {e.jury_inscription.numero} à l'inscription, "
            f"jury {e.numeros_planning} au planning)"
            for e in ecarts
        )
        super().__init__(
            entree.code,
            f"Le planning ne peut pas être publié : il fait passer {len(ecarts)} candidat(s) devant un autre jury "
            f"que celui auquel l'équipe de la session les a affectés — {detail}. Déplacez leurs créneaux vers leur "
            "jury ou changez leur affectation au jury.",
            entree.source,
        )
        self.ecarts = ecarts


@transaction.atomic
def planning_publier(*, planning: Planning, auteur: Any) -> Planning:
    """Publish a draft without violation (SES-PLANNING); the previously published version is replaced.

    The registrations follow the published timetable: a candidate the timetable puts before another jury
    than their registration's is refused (``JuryDifferent``); a candidate without a jury is assigned to the
    timetable's through ``candidat_affecter_jury`` (which checks SES-JURY-LIENS and that the session's juries
    may still change — its refusal refuses the publication, nothing is kept).
    """
    planning = Planning.objects.select_for_update(of=("self",)).select_related("session").get(pk=planning.pk)
    exiger_permission(planning.peut_publier(auteur))
    ecarts = ecarts_jury(planning)
    if ecarts:
        raise JuryDifferent(ecarts)
    violations = planning_revalider(planning=planning)
    if violations:
        raise PlanningNonConforme(violations)
    planifies = jurys_planifies(planning)
    for inscription in Inscription.objects.filter(pk__in=list(planifies), jury__isnull=True).order_by("pk"):
        jurys = planifies[inscription.pk]
        if len(jurys) == 1:  # one jury per candidate: the validator refused anything else above
            candidat_affecter_jury(inscription=inscription, jury=jurys[0], auteur=auteur)
    with motif_audit(f"Publication du planning v{planning.version} (SES-PLANNING)"):
        for ancien in Planning.objects.select_for_update().filter(session=planning.session, etat=EtatPlanning.PUBLIE):
            ancien.remplacer(motif=f"Remplacé par la version {planning.version}")
            ancien.save()
        planning.publier(par=auteur, le=timezone.now(), motif="Planning conforme publié")
        planning.save()
    return planning


@transaction.atomic
def planning_copier(*, planning: Planning, auteur: Any) -> Planning:
    """A new draft version with the same slots (to adjust a published timetable)."""
    exiger_permission(planning.session.peut_gerer(auteur))
    if planning.en_calcul:
        raise ValidationError("Le calcul de ce planning n'est pas terminé.")
    with motif_audit(f"Copie modifiable de la version {planning.version}"):
        copie = Planning.objects.create(
            session=planning.session,
            version=_version_suivante(planning.session),
            origine=OriginePlanning.MANUEL,
            statut_solveur=planning.statut_solveur,
            borne_inferieure=planning.borne_inferieure,
            objectifs=planning.objectifs,
            violations=planning.violations,
            genere_par=auteur,
            genere_le=timezone.now(),
        )
        Creneau.objects.bulk_create(
            Creneau(
                planning=copie,
                inscription_id=c.inscription_id,
                epreuve_id=c.epreuve_id,
                jour=c.jour,
                debut=c.debut,
                fin=c.fin,
                jury_id=c.jury_id,
                salle_id=c.salle_id,
            )
            for c in planning.creneaux.all()
        )
        CreneauJury.objects.bulk_create(
            CreneauJury(
                planning=copie,
                jury_id=c.jury_id,
                nature=c.nature,
                inscription_id=c.inscription_id,
                jour=c.jour,
                debut=c.debut,
                fin=c.fin,
            )
            for c in planning.creneaux_jury.all()
        )
    return copie


@transaction.atomic
def planning_importer_solution(
    *, session: Session, auteur: Any, solution: s.Solution, corr: conv.Correspondances
) -> Planning:
    """Store an imported timetable (already parsed and checked row by row) as a new draft, then validate it."""
    exiger_permission(session.peut_gerer(auteur))
    with motif_audit("Planning importé d'un tableur"):
        planning = Planning.objects.create(
            session=session,
            version=_version_suivante(session),
            origine=OriginePlanning.IMPORT,
            genere_par=auteur,
            genere_le=timezone.now(),
        )
        _ecrire_solution(planning, solution, corr)
    planning_revalider(planning=planning)
    return planning


def valider_donnees(
    *, session: Session, creneaux: list[dict[str, Any]], lectures: list[dict[str, Any]], pauses: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Validate a timetable given as plain rows (API): registrations by id, épreuves by their RE order, juries by
    number, rooms by id, times in minutes. Unknown references are refused row by row; nothing is saved."""
    conversion = conv.session_vers_instance(session)
    corr = conversion.correspondances
    inscriptions = {i.pk: code for code, i in corr.inscriptions.items()}
    epreuves = {e.ordre: code for code, e in corr.epreuves.items()}
    jurys = {j.numero: code for code, j in corr.jurys.items()}
    salles = {salle.pk: code for code, salle in corr.salles.items()}
    erreurs: dict[str, list[str]] = {}

    def ref(table: dict[int, str], valeur: int | None, champ: str, rang: int, quoi: str) -> str | None:
        if valeur is None:
            return None
        if valeur not in table:
            erreurs.setdefault(f"{champ}[{rang}]", []).append(f"{quoi} {valeur} inconnu(e) dans cette session.")
        return table.get(valeur)

    s_creneaux = []
    for rang, c in enumerate(creneaux):
        candidat = ref(inscriptions, c["inscription"], "creneaux", rang, "Inscription")
        epreuve = ref(epreuves, c["epreuve"], "creneaux", rang, "Épreuve n°")
        jury = ref(jurys, c.get("jury"), "creneaux", rang, "Jury n°")
        salle = ref(salles, c.get("salle"), "creneaux", rang, "Salle")
        if candidat and epreuve:
            s_creneaux.append(s.Creneau(candidat, epreuve, c["jour"], c["debut"], c["fin"], jury, salle))
    s_lectures = []
    for rang, lec in enumerate(lectures):
        jury = ref(jurys, lec["jury"], "lectures", rang, "Jury n°")
        candidat = ref(inscriptions, lec["inscription"], "lectures", rang, "Inscription")
        if jury and candidat:
            s_lectures.append(s.Lecture(jury, candidat, lec["jour"], lec["debut"], lec["fin"]))
    s_pauses = []
    for rang, p in enumerate(pauses):
        jury = ref(jurys, p["jury"], "pauses", rang, "Jury n°")
        if jury:
            s_pauses.append(s.Pause(jury, p["jour"], p["debut"], p["fin"]))
    if erreurs:
        raise ValidationError(erreurs)
    violations = valider_solveur(conversion.instance, s_creneaux, s_lectures, s_pauses)
    return [violation_en_dict(v, corr) for v in violations]


def valider_creneaux(
    session: Session, creneaux: Iterable[s.Creneau], lectures: Iterable[s.Lecture] = (), pauses: Iterable[s.Pause] = ()
) -> list[dict[str, Any]]:
    """Validate a timetable given from outside (API) against ``session`` — nothing saved."""
    conversion = conv.session_vers_instance(session)
    violations = valider_solveur(conversion.instance, list(creneaux), list(lectures), list(pauses))
    return [violation_en_dict(v, conversion.correspondances) for v in violations]


# ------------------------------------------------------------------------------------ convocations


@dataclass(frozen=True)
class HoraireCandidat:
    """One day of a candidate's own timetable, shaped like ``examens.JourSession`` for the convocation."""

    date: dt.date
    heure_debut: dt.time
    heure_fin: dt.time
    epreuves: tuple[str, ...]


def horaires_planifies(inscription: Inscription) -> list[HoraireCandidat] | None:
    """The candidate's own hours from the published timetable (None when none is published)."""
    planning = planning_publie(inscription.session)
    if planning is None:
        return None
    creneaux = list(planning.creneaux.filter(inscription=inscription).select_related("epreuve", "salle", "jury"))
    if not creneaux:
        return None
    par_jour: dict[dt.date, list[Creneau]] = {}
    for creneau in sorted(creneaux, key=lambda c: (c.jour, c.debut)):
        par_jour.setdefault(creneau.jour, []).append(creneau)
    return [
        HoraireCandidat(
            date=jour,
            heure_debut=liste[0].heure_debut,
            heure_fin=max(liste, key=lambda c: c.fin).heure_fin,
            epreuves=tuple(f"{c.horaire} : {c.epreuve}" + (f" (salle {c.salle})" if c.salle else "") for c in liste),
        )
        for jour, liste in par_jour.items()
    ]


# -------------------------------------------------------------------------------------------- rooms

CHAMPS_SALLE = ("nom", "capacite", "postes", "types_epreuves", "isolee_possible", "observations")


@transaction.atomic
def salle_enregistrer(*, site: Any, auteur: Any, salle: Salle | None = None, **champs: Any) -> Salle:
    """Create or update a room of ``site`` (the organisme's team only); the name is unique on the site."""
    from titrepro.planning.models import peut_gerer_salles
    from titrepro.referentiel.models import TypeEpreuve

    exiger_permission(peut_gerer_salles(auteur, site.organisme_id))
    salle = salle or Salle(site=site)
    for nom, valeur in champs.items():
        if nom not in CHAMPS_SALLE:
            raise ValidationError(f"Champ inconnu : {nom}.")
        setattr(salle, nom, valeur)
    inconnus = [t for t in salle.types_epreuves or [] if t not in TypeEpreuve.values]
    if inconnus:
        raise ValidationError({"types_epreuves": [f"Type d'épreuve inconnu : {', '.join(inconnus)}."]})
    salle.nom = (salle.nom or "").strip()
    salle.full_clean()
    with motif_audit("Salle du plateau décrite"):
        salle.save()
    return salle


@transaction.atomic
def salle_supprimer(*, salle: Salle, auteur: Any) -> None:
    exiger_permission(salle.peut_gerer(auteur))
    with motif_audit(f"Salle « {salle.nom} » supprimée"):
        salle.delete()


# ---------------------------------------------------------------------------------- agrément request


@transaction.atomic
def planning_joindre_a_demande(*, planning: Planning, demande: Any, auteur: Any) -> Any:
    """Attach the « organisation détaillée » (PDF) of ``planning`` to an agrément request of the same site.

    AGR-REFUS: an organisation that does not respect the épreuves and their durations gets the request refused —
    so only a timetable without any violation is attached.
    """
    from titrepro.agrements.models import TypePiece
    from titrepro.agrements.services import piece_ajouter
    from titrepro.planning.documents import organisation_pdf

    if demande.site_id != planning.session.site_id:
        raise ValidationError("La demande d'agrément porte sur un autre site que celui de la session.")
    if planning.en_calcul or not planning.a_des_creneaux:
        raise ValidationError("Ce planning n'a pas encore de créneaux à joindre.")
    violations = planning_revalider(planning=planning)
    if violations:
        entree = regle("AGR-REFUS")
        raise RegleRefusee(
            entree.code,
            f"Cette organisation présente {len(violations)} manquement(s) aux règles (épreuves, durées, jury) : "
            "jointe à la demande, elle la ferait refuser. Corrigez le planning d'abord.",
            entree.source,
        )
    session = planning.session
    nom = f"organisation-detaillee-{session.numero}-v{planning.version}.pdf"
    fichier = ContentFile(organisation_pdf(planning, jour=timezone.localdate()), name=nom)
    return piece_ajouter(
        demande=demande,
        auteur=auteur,
        type=TypePiece.ORGANISATION,
        fichier=fichier,
        legende=f"Organisation détaillée de la session {session.numero} (planning version {planning.version})",
    )
