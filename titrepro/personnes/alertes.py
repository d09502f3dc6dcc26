"""Alert sources of the personnes app, called by the conformité sweep (see conformite/signalements.py).

Set-based: one or two queries per source, then the pure rules for the messages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from titrepro.conformite.regles.calendrier import mois_apres
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes
from titrepro.personnes.models import (
    ConfirmationAdresse,
    DemandeAmenagement,
    EtatAmenagement,
    EtatHabilitation,
    Formation,
    Habilitation,
    StatutFormation,
)
from titrepro.personnes.services import verdict_adresse, verdict_amenagement, verdict_droits

SUIVI_APRES_FORMATION_MOIS = 12
"""Trainings are followed until the end of the rights period (CAN-DROITS: 12 months after the end)."""


def _formations_suivies(jour: dt.date) -> list[Formation]:
    return list(
        Formation.objects.exclude(statut=StatutFormation.VAE)
        .filter(debut__lte=jour, fin__gte=mois_apres(jour, -SUIVI_APRES_FORMATION_MOIS))
        .select_related("candidat", "organisme", "millesime__titre")
    )


@source_d_alertes("CAN-ADRESSE")
def adresses_non_confirmees(jour: dt.date) -> Iterator[AlerteCalculee]:
    formations = _formations_suivies(jour)
    confirmees: dict[int, set[str]] = defaultdict(set)
    lignes = ConfirmationAdresse.objects.filter(formation__in=[f.pk for f in formations]).values_list(
        "formation_id", "moment"
    )
    for formation_id, moment in lignes:
        confirmees[formation_id].add(moment)
    for formation in formations:
        verdict = verdict_adresse(formation, jour=jour, confirmees=confirmees[formation.pk])
        if verdict is not None and not verdict.ok:
            yield AlerteCalculee(
                code="CAN-ADRESSE",
                sujet=formation.candidat,
                message=f"{formation.candidat} ({formation.millesime.titre.intitule}) : {verdict.message}",
                echeance=verdict.echeance,
                organisme_id=formation.organisme_id,
            )


@source_d_alertes("CAN-DROITS")
def droits_sans_session(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Trained people with no session planned (and, once sessions exist, those at their 3rd session)."""
    for formation in _formations_suivies(jour):
        if formation.fin is None or formation.fin > jour:
            continue
        verdict = verdict_droits(formation, jour=jour, sessions=formation.candidat.dates_sessions())
        if not verdict.ok:
            yield AlerteCalculee(
                code="CAN-DROITS",
                sujet=formation.candidat,
                message=f"{formation.candidat} : {verdict.message}",
                echeance=verdict.echeance,
                organisme_id=formation.organisme_id,
            )


@source_d_alertes("SES-HANDICAP")
def formulaires_handicap_tardifs(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Medical forms received (or still missing) less than 3 months before the session.

    Requests linked to a session are left to the sessions' own SES-HANDICAP source (one alert per
    registration, ``examens/alertes.py``): this one covers the requests named by a date only.
    """
    demandes = DemandeAmenagement.objects.filter(
        etat=EtatAmenagement.DEMANDEE, premier_jour_session__gte=jour, session__isnull=True
    ).select_related("candidat")
    for demande in demandes:
        verdict = verdict_amenagement(demande, jour=jour)
        if verdict is not None and not verdict.ok:
            yield AlerteCalculee(
                code="SES-HANDICAP",
                sujet=demande,
                message=f"{demande.candidat} : {verdict.message}",
                echeance=demande.premier_jour_session,
                departement_id=demande.departement_id,
            )


@source_d_alertes("JUR-HABILITATION")
def habilitations_bientot_echues(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Active habilitations ending within 3 months: the member renews on time or stops being selectable."""
    limite = mois_apres(jour, 3)
    for habilitation in Habilitation.objects.filter(
        etat=EtatHabilitation.ACTIVE, fin__gte=jour, fin__lte=limite, renouvellements__isnull=True
    ).select_related("membre", "millesime__titre"):
        yield AlerteCalculee(
            code="JUR-HABILITATION",
            sujet=habilitation,
            message=(
                f"L'habilitation de {habilitation.membre} sur {habilitation.millesime} prend fin le "
                f"{habilitation.fin:%d/%m/%Y} : renouvellement à demander (métier quitté depuis moins de 5 ans)."
            ),
            echeance=habilitation.fin,
            departement_id=habilitation.membre.departement_id,
        )
