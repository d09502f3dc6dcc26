"""Alert sources of the agréments (autodiscovered by ``titrepro.conformite.signalements``).

AGR-SANS-SUITE: a request whose requested complements are not supplied within 21 days.
The source only says it (sources never write); closing the request is
``services.demandes_sans_suite_a_classer`` (command ``classer_demandes_sans_suite``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from titrepro.agrements.models import DemandeAgrement, EtatDemande
from titrepro.agrements.services import demandes_sans_suite_a_classer
from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.regles import agrements as regles_agrements
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes, traitement_quotidien
from titrepro.core.audit import motif


@source_d_alertes("AGR-SANS-SUITE")
def complements_non_apportes(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Requests *en construction* waiting for complements past the delay (21 days by default)."""
    attente = list(
        DemandeAgrement.objects.filter(
            etat=EtatDemande.EN_CONSTRUCTION, pieces_demandees_le__isnull=False, complements_recus_le__isnull=True
        ).select_related("site__departement", "organisme")
    )
    if not attente:
        return
    regions = {d.site.departement.region_id for d in attente}
    parametres = {r: parametres_en_vigueur("AGR-SANS-SUITE", jour=jour, region=r) for r in regions}
    destinataires: dict[int, list[object]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role=Role.RESPONSABLE_ORGANISME, organisme_id__in={d.organisme_id for d in attente}, active=True
    ).select_related("utilisateur"):
        if affectation.organisme_id is not None:
            destinataires[affectation.organisme_id].append(affectation.utilisateur)
    for demande in attente:
        region = demande.site.departement.region_id
        verdict = regles_agrements.sans_suite(
            regles_agrements.ComplementsDemandes(
                demandes_le=demande.pieces_demandees_le,  # type: ignore[arg-type]
                recus_le=None,
                jour=jour,
            ),
            parametres[region],
        )
        if verdict.ok:
            continue
        yield AlerteCalculee(
            code="AGR-SANS-SUITE",
            sujet=demande,
            message=verdict.message,
            echeance=verdict.echeance,
            destinataires=tuple(destinataires.get(demande.organisme_id, ())),
            organisme_id=demande.organisme_id,
            departement_id=demande.site.departement_id,
            region_id=region,
        )


@traitement_quotidien("AGR-SANS-SUITE")
def classer_les_demandes_sans_suite(jour: dt.date) -> int:
    """The sweep closes the requests whose complements are overdue (AGR-SANS-SUITE)."""
    with motif("AGR-SANS-SUITE : compléments non apportés dans le délai"):
        return len(demandes_sans_suite_a_classer(jour=jour))
