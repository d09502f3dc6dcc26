"""The juries of a session: search habilitated members, compose, invite, answer, assign candidates.

Rules: SES-JURY-MIN (at least 2 active members per jury, ``verdict_jury_min``),
SES-JURY-HABILITATION (an active habilitation on the session's millésime covering every
day), JUR-ELIGIBILITE (through ``personnes.services.verdict_eligibilite``) and
SES-JURY-LIENS (no member on a candidate they declared a link with — checked both when a
member is invited and when a candidate is assigned to a jury).

The session team searches members of any département: members are not visible to
organismes through ``visibles_par`` (their records are the DDETS's), so the search is a
service answering for a session the user manages, and returns only what choosing a
member needs (name, métier, département, habilitation period, linked candidates).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core import audit
from titrepro.examens.models import EtatParticipation, EtatSession, Inscription, Jury, ParticipationJury, Session
from titrepro.examens.models.jurys import ETATS_PARTICIPATION_ACTIFS
from titrepro.examens.models.sessions import ETATS_AVANT_CONVOCATION
from titrepro.notifications.courriels import courriel_programmer
from titrepro.personnes.models import Disponibilite, EtatHabilitation, Habilitation, MembreJury
from titrepro.personnes.services import verdict_eligibilite

ETATS_JURY_MODIFIABLE = frozenset({EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE})
"""Juries are composed until the session opens (convocations lock candidates and dates, not the jury)."""


# --------------------------------------------------------------------- helpers


def _exiger_gestion(session: Session, auteur: Any) -> None:
    possible, raison = session.peut_gerer(auteur)
    if not possible:
        raise PermissionDenied(raison)


def _exiger_modifiable(session: Session) -> None:
    if session.etat not in ETATS_JURY_MODIFIABLE:
        raise ValidationError(
            f"La session est « {session.get_etat_display().lower()} » : sa composition de jury ne change plus."
        )


def _verrouiller(session: Session) -> Session:
    """Lock the session row: two managers composing juries at once do not collide."""
    return Session.objects.select_for_update().get(pk=session.pk)


def jours_session(session: Session) -> list[dt.date]:
    """The session's days (its ``JourSession`` rows, or every day from the first to the last)."""
    dates = sorted(session.dates)
    if dates:
        return dates
    nombre = (session.dernier_jour - session.premier_jour).days + 1
    return [session.premier_jour + dt.timedelta(days=i) for i in range(nombre)]


def _nom(membre: MembreJury) -> str:
    return f"{membre.prenoms} {membre.nom.upper()}"


def _candidat(inscription: Inscription) -> str:
    return str(inscription.candidat)


def adresse_site(chemin: str) -> str:
    """An absolute address for e-mails (``TITREPRO_URL_SITE``), or the path when it is not set."""
    return f"{getattr(settings, 'TITREPRO_URL_SITE', '').rstrip('/')}{chemin}"


def destinataires_session(session: Session) -> list[str]:
    """The responsable de session and the suppléants: who is told about the jury."""
    adresses = [u.email for u in session.suppleants.all()]
    if session.responsable is not None:
        adresses.append(session.responsable.email)
    return adresses


# --------------------------------------------------------------------- search


@dataclass(frozen=True)
class MembreSelectionnable:
    """One member the session team may invite, with what choosing needs (no contact data)."""

    membre: MembreJury
    habilitation_debut: dt.date
    habilitation_fin: dt.date
    candidats_lies: tuple[str, ...]
    """Candidates of the session the member declared a link with: never in the same jury (SES-JURY-LIENS)."""
    candidat_ids_lies: frozenset[int]

    @property
    def nom(self) -> str:
        return _nom(self.membre)


def _periode_couvrante(periodes: list[tuple[dt.date, dt.date]], debut: dt.date) -> tuple[dt.date, dt.date]:
    """The chain of consecutive periods (sorted by start) that holds ``debut``: its first start and last end."""
    chaines: list[list[dt.date]] = []
    for p_debut, p_fin in sorted(periodes):
        if chaines and p_debut <= chaines[-1][1] + dt.timedelta(days=1):
            chaines[-1][1] = max(chaines[-1][1], p_fin)
        else:
            chaines.append([p_debut, p_fin])
    chaine = next((c for c in chaines if c[0] <= debut <= c[1]), chaines[0])
    return chaine[0], chaine[1]


def _disponible(periodes: list[tuple[dt.date, dt.date]], jours: list[dt.date]) -> bool:
    return all(any(debut <= jour <= fin for debut, fin in periodes) for jour in jours)


def membres_selectionnables(
    session: Session, *, jour: dt.date | None = None, recherche: str = ""
) -> list[MembreSelectionnable]:
    """Members the session may invite: habilitated on its millésime every day (SES-JURY-HABILITATION),
    eligible (JUR-ELIGIBILITE), available on each session day (their calendar), not already in a jury
    of this session. Each comes with the session's candidates they are linked to (SES-JURY-LIENS): a
    linked member stays selectable, never in the jury of those candidates.
    """
    jour = jour or timezone.localdate()
    membres = MembreJury.objects.habilites_pour(session.millesime_id, session.premier_jour, session.dernier_jour)
    deja = ParticipationJury.objects.filter(jury__session=session, etat__in=ETATS_PARTICIPATION_ACTIFS)
    membres = membres.exclude(pk__in=deja.values("membre_id")).select_related("departement")
    recherche = recherche.strip()
    if recherche:
        membres = membres.filter(
            Q(nom__icontains=recherche) | Q(prenoms__icontains=recherche) | Q(metier__icontains=recherche)
        )
    membres_liste = list(membres)
    ids = [m.pk for m in membres_liste]
    jours = jours_session(session)
    disponibilites: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for membre_id, d_debut, d_fin in Disponibilite.objects.filter(
        membre_id__in=ids, debut__lte=jours[-1], fin__gte=jours[0]
    ).values_list("membre_id", "debut", "fin"):
        disponibilites[membre_id].append((d_debut, d_fin))
    habilitations: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for membre_id, h_debut, h_fin in (
        Habilitation.objects.filter(membre_id__in=ids, millesime_id=session.millesime_id, etat=EtatHabilitation.ACTIVE)
        .order_by("membre_id", "debut")
        .values_list("membre_id", "debut", "fin")
    ):
        habilitations[membre_id].append((h_debut, h_fin))
    inscriptions = {i.candidat_id: i for i in session.inscriptions.select_related("candidat")}
    resultat = []
    for membre in membres_liste:
        if not _disponible(disponibilites[membre.pk], jours):
            continue
        if not verdict_eligibilite(membre, jour=jour).ok:
            continue
        lies = membre.candidats_lies(inscriptions) if inscriptions else set()
        debut, fin = _periode_couvrante(habilitations[membre.pk], session.premier_jour)
        resultat.append(
            MembreSelectionnable(
                membre=membre,
                habilitation_debut=debut,
                habilitation_fin=fin,
                candidats_lies=tuple(sorted(_candidat(inscriptions[c]) for c in lies)),
                candidat_ids_lies=frozenset(lies),
            )
        )
    return resultat


def membres_rechercher(
    *, session: Session, auteur: Any, jour: dt.date, recherche: str = ""
) -> list[MembreSelectionnable]:
    """The search, for the team of a session (the members' records stay out of their ``visibles_par``)."""
    _exiger_gestion(session, auteur)
    return membres_selectionnables(session, jour=jour, recherche=recherche)


# --------------------------------------------------------------------- rules


def verdict_habilitation(membre: MembreJury, session: Session, *, jour: dt.date) -> Verdict:
    """SES-JURY-HABILITATION for this member on this session, through the pure rule."""
    communs: dict[str, Any] = {
        "jour_de_reference": jour,
        "region": session.site.departement.region_id,
        "millesime_session": str(session.millesime),
        "premier_jour": session.premier_jour,
        "dernier_jour": session.dernier_jour,
    }
    sur_millesime = list(
        membre.habilitations.filter(millesime_id=session.millesime_id).order_by("debut").select_related("millesime")
    )
    actives = [(h.debut, h.fin) for h in sur_millesime if h.etat == EtatHabilitation.ACTIVE]
    if (
        actives
        and MembreJury.objects.habilites_pour(session.millesime_id, session.premier_jour, session.dernier_jour)
        .filter(pk=membre.pk)
        .exists()
    ):
        debut, fin = _periode_couvrante(actives, session.premier_jour)
        return evaluer(
            "SES-JURY-HABILITATION",
            millesime_habilitation=str(session.millesime),
            debut=debut,
            fin=fin,
            **communs,
        )
    if sur_millesime:
        # The one closest to covering the session: active first, then the latest end.
        h = max(sur_millesime, key=lambda h: (h.etat == EtatHabilitation.ACTIVE, h.fin))
        return evaluer(
            "SES-JURY-HABILITATION",
            millesime_habilitation=str(h.millesime),
            debut=h.debut,
            fin=h.fin,
            active=h.etat == EtatHabilitation.ACTIVE,
            **communs,
        )
    autre = membre.habilitations.select_related("millesime__titre").order_by("-fin").first()
    if autre is not None:
        return evaluer(
            "SES-JURY-HABILITATION",
            millesime_habilitation=str(autre.millesime),
            debut=autre.debut,
            fin=autre.fin,
            active=autre.etat == EtatHabilitation.ACTIVE,
            **communs,
        )
    return evaluer(
        "SES-JURY-HABILITATION",
        millesime_habilitation="",
        debut=session.premier_jour,
        fin=session.dernier_jour,
        aucune=True,
        **communs,
    )


def verdict_liens(jury: Jury, *, jour: dt.date, membres: list[MembreJury], inscriptions: list[Inscription]) -> Verdict:
    """SES-JURY-LIENS between ``membres`` and the candidates of ``inscriptions`` (names in the message)."""
    par_candidat = {i.candidat_id: i for i in inscriptions}
    liens: list[tuple[str, str]] = []
    for membre in membres:
        for candidat_id in sorted(membre.candidats_lies(par_candidat)):
            liens.append((_nom(membre), _candidat(par_candidat[candidat_id])))
    return evaluer(
        "SES-JURY-LIENS",
        jour_de_reference=jour,
        region=jury.session.site.departement.region_id,
        liens=tuple(liens),
        jury=f"jury {jury.numero}",
    )


def _actives(jury: Jury) -> list[ParticipationJury]:
    return [p for p in jury.participations.all() if p.etat in ETATS_PARTICIPATION_ACTIFS]


@dataclass(frozen=True)
class CompositionJury:
    """One jury as the session page shows it: members, SES-JURY-MIN verdict, candidates."""

    jury: Jury
    participations: list[ParticipationJury]
    actifs: int
    acceptes: int
    verdict: Verdict
    inscriptions: list[Inscription]

    @property
    def complet(self) -> bool:
        return self.verdict.ok


def verdict_jury(jury: Jury, *, jour: dt.date) -> Verdict:
    """SES-JURY-MIN for one jury: invited or accepted members count; the message says how many accepted."""
    actives = _actives(jury)
    acceptes = sum(1 for p in actives if p.etat == EtatParticipation.ACCEPTEE)
    verdict = evaluer(
        "SES-JURY-MIN",
        jour_de_reference=jour,
        region=jury.session.site.departement.region_id,
        membres_presents=(len(actives),),
    )
    # The pure rule names juries by position; here there is only one, named by its number.
    message = verdict.message.replace("jury 1 (", f"jury {jury.numero} (")
    if verdict.ok:
        message = f"Jury {jury.numero} : {len(actives)} membres invités ou ayant accepté."
    return replace(verdict, message=f"{message} {_acceptations(acceptes, len(actives))}")


def _acceptations(acceptes: int, actifs: int) -> str:
    if actifs == 0:
        return "Aucune invitation en cours."
    return f"{acceptes} sur {actifs} ont accepté l'invitation."


def verdict_jury_min(session: Session, *, jour: dt.date | None = None) -> Verdict:
    """SES-JURY-MIN over the session's juries (active participations: invited or accepted), with acceptances.

    For the session page and the other parts (opening the session, alerts); ``jour`` picks the
    parameters in force (today by default).
    """
    jour = jour or timezone.localdate()
    jurys = list(session.jurys.order_by("numero").prefetch_related("participations"))
    comptes = [_actives(jury) for jury in jurys]
    verdict = evaluer(
        "SES-JURY-MIN",
        jour_de_reference=jour,
        region=session.site.departement.region_id,
        membres_presents=tuple(len(actives) for actives in comptes),
    )
    if not jurys:
        return verdict
    details = " ; ".join(
        f"jury {jury.numero} : {sum(1 for p in actives if p.etat == EtatParticipation.ACCEPTEE)} acceptation(s) "
        f"sur {len(actives)} invitation(s)"
        for jury, actives in zip(jurys, comptes, strict=True)
    )
    return replace(verdict, message=f"{verdict.message} Réponses : {details}.")


def composition(session: Session, *, jour: dt.date) -> list[CompositionJury]:
    """Every jury of the session with its members, its SES-JURY-MIN verdict and its candidates."""
    jurys = session.jurys.order_by("numero").prefetch_related(
        "participations__membre__departement", "inscriptions__candidat"
    )
    resultat = []
    for jury in jurys:
        participations = list(jury.participations.all())
        actives = [p for p in participations if p.etat in ETATS_PARTICIPATION_ACTIFS]
        resultat.append(
            CompositionJury(
                jury=jury,
                participations=participations,
                actifs=len(actives),
                acceptes=sum(1 for p in actives if p.etat == EtatParticipation.ACCEPTEE),
                verdict=verdict_jury(jury, jour=jour),
                inscriptions=list(jury.inscriptions.all()),
            )
        )
    return resultat


# --------------------------------------------------------------------- writes


@transaction.atomic
def jury_creer(*, session: Session, auteur: Any) -> Jury:
    """A new, empty jury with the next number."""
    _exiger_gestion(session, auteur)
    session = _verrouiller(session)
    _exiger_modifiable(session)
    numero = (session.jurys.aggregate(m=Max("numero"))["m"] or 0) + 1
    with audit.motif(f"Jury {numero} ajouté à la session {session.numero}"):
        return Jury.objects.create(session=session, numero=numero)


@transaction.atomic
def jury_supprimer(*, jury: Jury, auteur: Any) -> None:
    """Remove an empty jury (no active member, no candidate) before the convocations; later juries move up."""
    session = jury.session
    _exiger_gestion(session, auteur)
    session = _verrouiller(session)
    if session.etat not in ETATS_AVANT_CONVOCATION:
        raise ValidationError("Les convocations sont émises : les jurys de la session ne sont plus supprimés.")
    if _actives(jury):
        raise ValidationError(f"Le jury {jury.numero} a des membres invités : retirez-les avant de le supprimer.")
    if jury.inscriptions.exists():
        raise ValidationError(f"Des candidats sont affectés au jury {jury.numero} : affectez-les à un autre jury.")
    numero = jury.numero
    with audit.motif(f"Jury {numero} supprimé de la session {session.numero}"):
        jury.delete()
        for suivant in session.jurys.filter(numero__gt=numero).order_by("numero"):
            suivant.numero -= 1
            suivant.save(update_fields=["numero", "modifie_le"])


@transaction.atomic
def membre_inviter(*, jury: Jury, membre: MembreJury, auteur: Any, jour: dt.date) -> ParticipationJury:
    """Invite ``membre`` into ``jury``: SES-JURY-HABILITATION, JUR-ELIGIBILITE, once per session, SES-JURY-LIENS.

    The member gets an e-mail pointing to their jury portal (or saying that the DDETS must
    open their portal account first).
    """
    session = jury.session
    _exiger_gestion(session, auteur)
    session = _verrouiller(session)
    _exiger_modifiable(session)
    exiger(verdict_habilitation(membre, session, jour=jour))
    exiger(verdict_eligibilite(membre, jour=jour))
    ailleurs = (
        ParticipationJury.objects.filter(jury__session=session, membre=membre, etat__in=ETATS_PARTICIPATION_ACTIFS)
        .select_related("jury")
        .first()
    )
    if ailleurs is not None:
        raise ValidationError(f"{_nom(membre)} est déjà membre du jury {ailleurs.jury.numero} de cette session.")
    exiger(
        verdict_liens(
            jury, jour=jour, membres=[membre], inscriptions=list(jury.inscriptions.select_related("candidat"))
        )
    )
    participation = ParticipationJury.objects.filter(jury=jury, membre=membre).first()
    with audit.motif(f"Invitation au jury {jury.numero} de la session {session.numero}"):
        if participation is None:
            participation = ParticipationJury(jury=jury, membre=membre)
        participation.etat = EtatParticipation.INVITEE
        participation.invitee_le = timezone.now()
        participation.repondu_le = None
        participation.motif_reponse = ""
        participation.save()
    courriel_programmer(
        destinataires=[membre.email],
        objet=f"invitation au jury de la session {session.numero}",
        gabarit="examens/courriels/jury_invitation.txt",
        contexte={
            "membre": membre,
            "session": session,
            "jury": jury,
            "jours": jours_session(session),
            "a_un_compte": membre.compte_id is not None,
            "lien": adresse_site(reverse("web:espace_jury_invitations")),
        },
    )
    return participation


@transaction.atomic
def participation_repondre(
    *, participation: ParticipationJury, auteur: Any, accepte: bool, motif: str = ""
) -> ParticipationJury:
    """The member accepts or declines (only the member themself). A decline reopens the gap: the
    session's responsable and suppléants get an e-mail with the jury's SES-JURY-MIN verdict."""
    membre = participation.membre
    if not getattr(auteur, "is_authenticated", False) or membre.compte_id != auteur.pk:
        raise PermissionDenied("Seul le membre de jury invité répond à son invitation.")
    jury = participation.jury
    session = _verrouiller(jury.session)
    participation = ParticipationJury.objects.select_for_update().get(pk=participation.pk)
    if session.etat not in ETATS_JURY_MODIFIABLE:
        raise ValidationError(
            f"La session est « {session.get_etat_display().lower()} » : il n'est plus temps de répondre."
        )
    permis = {EtatParticipation.INVITEE} | ({EtatParticipation.ACCEPTEE} if not accepte else set())
    if participation.etat not in permis:
        raise ValidationError(
            f"Cette invitation est « {participation.get_etat_display().lower()} » : il n'y a pas à y répondre."
        )
    texte = motif.strip()
    with audit.motif("Invitation acceptée" if accepte else f"Invitation déclinée{' : ' + texte if texte else ''}"):
        participation.etat = EtatParticipation.ACCEPTEE if accepte else EtatParticipation.DECLINEE
        participation.repondu_le = timezone.now()
        participation.motif_reponse = "" if accepte else texte
        participation.save()
    if not accepte:
        jour = timezone.localdate()
        courriel_programmer(
            destinataires=destinataires_session(session),
            objet=f"un membre décline le jury {jury.numero} de la session {session.numero}",
            gabarit="examens/courriels/jury_declinaison.txt",
            contexte={
                "membre": membre,
                "session": session,
                "jury": jury,
                "motif": texte,
                "verdict": verdict_jury(jury, jour=jour),
                "lien": adresse_site(_lien_session(session)),
            },
        )
    return participation


def _lien_session(session: Session) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("web:session", args=[session.pk])
    except NoReverseMatch:
        return reverse("web:session_jurys", args=[session.pk])


@transaction.atomic
def participation_retirer(*, participation: ParticipationJury, auteur: Any, motif: str) -> ParticipationJury:
    """The organisme withdraws an invitation or an acceptance (motivated); the member is told."""
    jury = participation.jury
    _exiger_gestion(jury.session, auteur)
    session = _verrouiller(jury.session)
    _exiger_modifiable(session)
    texte = motif.strip()
    if not texte:
        raise ValidationError({"motif": "Le retrait d'un membre du jury est motivé."})
    if participation.etat not in ETATS_PARTICIPATION_ACTIFS:
        raise ValidationError(
            f"Cette invitation est « {participation.get_etat_display().lower()} » : il n'y a rien à retirer."
        )
    with audit.motif(f"Retrait du jury {jury.numero} : {texte}"):
        participation.etat = EtatParticipation.RETIREE
        participation.repondu_le = timezone.now()
        participation.motif_reponse = texte
        participation.save()
    courriel_programmer(
        destinataires=[participation.membre.email],
        objet=f"retrait de votre invitation au jury de la session {session.numero}",
        gabarit="examens/courriels/jury_retrait.txt",
        contexte={"membre": participation.membre, "session": session, "jury": jury, "motif": texte},
    )
    return participation


@transaction.atomic
def candidat_affecter_jury(*, inscription: Inscription, jury: Jury | None, auteur: Any) -> Inscription:
    """Assign a registered candidate to a jury of their session (None: unassign). SES-JURY-LIENS: refused
    when an active member of that jury declared a link with the candidate."""
    session = inscription.session
    _exiger_gestion(session, auteur)
    session = _verrouiller(session)
    _exiger_modifiable(session)
    if jury is not None:
        if jury.session_id != session.pk:
            raise ValidationError("Ce jury n'appartient pas à la session du candidat.")
        membres = [p.membre for p in _actives(jury)]
        exiger(verdict_liens(jury, jour=timezone.localdate(), membres=membres, inscriptions=[inscription]))
    texte = f"Affecté au jury {jury.numero}" if jury is not None else "Affectation au jury retirée"
    with audit.motif(texte):
        inscription.jury = jury
        inscription.save(update_fields=["jury", "modifie_le"])
    return inscription
