"""ORG-INSERTION: the daily sending of the insertion questionnaires (run by the sweep), and the alert source.

The alert: a session ended more than 6 months ago (in the survey window) whose presented candidates
did not all receive the questionnaire (no e-mail address), or whose response rate stayed under
30 % once the questionnaire closed. A few set queries whatever the number of sessions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.moteur import evaluer
from titrepro.conformite.regles.calendrier import mois_avant
from titrepro.conformite.regles.insertion import MOIS_APRES_SESSION
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes, traitement_quotidien
from titrepro.core.audit import motif
from titrepro.examens.models import Inscription, Session
from titrepro.insertion.models import QuestionnaireInsertion
from titrepro.insertion.services import ETATS_PRESENTES, FENETRE_MOIS, questionnaires_envoyer


@traitement_quotidien("ORG-INSERTION")
def envoyer_les_questionnaires(jour: dt.date) -> int:
    """The sweep e-mails the questionnaires due (6 months after the session's last day)."""
    with motif("ORG-INSERTION : questionnaire d'insertion à 6 mois"):
        return len(questionnaires_envoyer(jour=jour))


@source_d_alertes("ORG-INSERTION")
def suivi_insertion(jour: dt.date) -> Iterator[AlerteCalculee]:
    fin_max = mois_avant(jour, MOIS_APRES_SESSION)
    fin_min = mois_avant(fin_max, FENETRE_MOIS)
    sessions = {
        s.pk: s
        for s in Session.objects.filter(dernier_jour__lte=fin_max, dernier_jour__gt=fin_min).select_related(
            "site__departement"
        )
    }
    if not sessions:
        return
    presentes: dict[int, int] = defaultdict(int)
    for session_id in Inscription.objects.filter(session_id__in=sessions, etat__in=sorted(ETATS_PRESENTES)).values_list(
        "session_id", flat=True
    ):
        presentes[session_id] += 1
    envoyes: dict[int, int] = defaultdict(int)
    reponses: dict[int, int] = defaultdict(int)
    clotures: dict[int, dt.date] = {}
    for session_id, repondu_le, clos_le in QuestionnaireInsertion.objects.filter(
        inscription__session_id__in=sessions
    ).values_list("inscription__session_id", "repondu_le", "clos_le"):
        envoyes[session_id] += 1
        reponses[session_id] += repondu_le is not None
        clotures[session_id] = max(clos_le, clotures.get(session_id, clos_le))
    responsables: dict[int, list[object]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role=Role.RESPONSABLE_ORGANISME,
        active=True,
        organisme_id__in={s.organisme_id for s in sessions.values()},
    ).select_related("utilisateur"):
        responsables[affectation.organisme_id or 0].append(affectation.utilisateur)
    for session_id, session in sessions.items():
        if not presentes[session_id]:
            continue
        verdict = evaluer(
            "ORG-INSERTION",
            jour_de_reference=jour,
            region=session.site.departement.region_id,
            dernier_jour=session.dernier_jour,
            presentes=presentes[session_id],
            envoyes=envoyes[session_id],
            reponses=reponses[session_id],
            derniere_cloture=clotures.get(session_id),
            jour=jour,
        )
        if verdict.ok:
            continue
        yield AlerteCalculee(
            code="ORG-INSERTION",
            sujet=session,
            message=f"Session {session.numero} : {verdict.message}",
            echeance=verdict.echeance,
            destinataires=tuple(responsables[session.organisme_id]),
            organisme_id=session.organisme_id,
            departement_id=session.site.departement_id,
            region_id=session.site.departement.region_id,
        )
