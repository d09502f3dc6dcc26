"""Alert sources of the agréments (autodiscovered by ``titrepro.conformite.signalements``).

AGR-SANS-SUITE: a request whose requested complements are not supplied within 21 days.
AGR-DECISION: no decision 2 months after a complete request; an agrément beyond its millésime.
AGR-SIRET: a declared SIRET change whose transfer the DREETS has not confirmed.
The source only says it (sources never write); closing the request is
``services.demandes_sans_suite_a_classer`` (command ``classer_demandes_sans_suite``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import F

from titrepro.agrements.models import Agrement, DemandeAgrement, EtatAgrement, EtatDemande
from titrepro.agrements.services import demandes_sans_suite_a_classer
from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.regles import agrements as regles_agrements
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes, traitement_quotidien
from titrepro.core.audit import motif
from titrepro.organisations.models import ChangementSiret, Site


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


def _agents_dreets(region_ids: Iterable[int | None]) -> dict[int, list[object]]:
    """The active DREETS agents of each région, in one query."""
    par_region: dict[int, list[object]] = defaultdict(list)
    lignes = Affectation.objects.filter(
        role=Role.AGENT_DREETS, region_id__in=[r for r in region_ids if r is not None], active=True
    ).select_related("utilisateur")
    for affectation in lignes:
        if affectation.region_id is not None:
            par_region[affectation.region_id].append(affectation.utilisateur)
    return par_region


@source_d_alertes("AGR-SIRET")
def changements_siret_a_reporter(jour: dt.date) -> Iterator[AlerteCalculee]:
    """SIRET changes whose transfer (sites and agréments to the new SIRET) the DREETS has not confirmed yet.

    000 « J'ai changé de Siret » : the DREETS is told so that CERES is updated and the sites moved.
    The alert opens on the declaration and closes when an agent DREETS confirms the transfer
    (``services.changement_siret_confirmer``). For the DREETS of the sites' régions and the organisme.
    """
    attente = list(ChangementSiret.objects.filter(transfert_confirme_le__isnull=True).select_related("organisme"))
    if not attente:
        return
    organisme_ids = {c.organisme_id for c in attente}
    sites: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for organisme_id, departement_id, region_id in (
        Site.objects.filter(organisme_id__in=organisme_ids)
        .order_by("departement__code")
        .values_list("organisme_id", "departement_id", "departement__region_id")
    ):
        sites[organisme_id].append((departement_id, region_id))
    agrements: dict[int, int] = defaultdict(int)
    for organisme_id in Agrement.objects.filter(
        organisme_id__in=organisme_ids, etat=EtatAgrement.ACTIF, fin__gte=jour
    ).values_list("organisme_id", flat=True):
        agrements[organisme_id] += 1
    agents = _agents_dreets({r for liste in sites.values() for _d, r in liste})
    for changement in attente:
        lieux = sites.get(changement.organisme_id, [])
        verdict = regles_agrements.siret(
            regles_agrements.ChangementSiret(
                ancien=changement.ancien_siret,
                nouveau=changement.nouveau_siret,
                declare_le=changement.declare_le,
                sites_total=len(lieux),
                sites_transferes=0,
            )
        )
        if verdict.ok:
            continue
        nombre = agrements.get(changement.organisme_id, 0)
        regions = sorted({r for _d, r in lieux})
        yield AlerteCalculee(
            code="AGR-SIRET",
            sujet=changement,
            message=f"Changement de SIRET déclaré le {changement.declare_le:%d/%m/%Y} (effet au "
            f"{changement.date_effet:%d/%m/%Y}) : {verdict.message[0].lower()}{verdict.message[1:].rstrip('.')}"
            f"{f' avec {nombre} agrément(s) en vigueur' if nombre else ''} ; report à confirmer par la DREETS.",
            echeance=changement.date_effet,
            destinataires=tuple(u for r in regions for u in agents.get(r, ())),
            organisme_id=changement.organisme_id,
            departement_id=lieux[0][0] if lieux else None,
            region_id=regions[0] if regions else None,
        )


@source_d_alertes("AGR-DECISION")
def decisions_en_retard(jour: dt.date) -> Iterator[AlerteCalculee]:
    """AGR-DECISION, both halves of the rule.

    - a request complete (``complete_le``) without decision 2 months later (en construction after a complete
      submission and no complements awaited, or en instruction): for the DREETS of the site's région;
    - an active agrément whose end passes the end of its millésime's validity (data entered or imported
      before the check existed, or a millésime whose end was brought forward): for the DREETS and the organisme.
    """
    attente = list(
        DemandeAgrement.objects.filter(
            etat__in=[EtatDemande.EN_CONSTRUCTION, EtatDemande.EN_INSTRUCTION],
            complete_le__isnull=False,
            decision_le__isnull=True,
        ).select_related("site__departement")
    )
    attente = [d for d in attente if d.etat == EtatDemande.EN_INSTRUCTION or not d.attend_complements]
    trop_longs = list(
        Agrement.objects.filter(etat=EtatAgrement.ACTIF, fin__gt=F("millesime__fin_validite"), fin__gte=jour)
        .select_related("site__departement", "millesime__titre")
        .order_by("pk")
    )
    if not attente and not trop_longs:
        return
    regions = {d.site.departement.region_id for d in attente} | {a.site.departement.region_id for a in trop_longs}
    parametres = {r: parametres_en_vigueur("AGR-DECISION", jour=jour, region=r) for r in regions}
    agents = _agents_dreets(regions)
    responsables: dict[int, list[object]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role=Role.RESPONSABLE_ORGANISME, organisme_id__in={a.organisme_id for a in trop_longs}, active=True
    ).select_related("utilisateur"):
        if affectation.organisme_id is not None:
            responsables[affectation.organisme_id].append(affectation.utilisateur)
    for demande in attente:
        region = demande.site.departement.region_id
        verdict = regles_agrements.decision(
            regles_agrements.DecisionAgrement(
                complete_le=demande.complete_le,  # type: ignore[arg-type]
                decision_le=None,
                jour=jour,
            ),
            parametres[region],
        )
        if verdict.ok:
            continue
        yield AlerteCalculee(
            code="AGR-DECISION",
            sujet=demande,
            message=f"Demande d'agrément n°{demande.pk} ({demande.site.nom}) : {verdict.message[0].lower()}"
            f"{verdict.message[1:]}",
            echeance=verdict.echeance,
            destinataires=tuple(agents.get(region, ())),
            organisme_id=demande.organisme_id,
            departement_id=demande.site.departement_id,
            region_id=region,
        )
    for agrement in trop_longs:
        region = agrement.site.departement.region_id
        verdict = regles_agrements.decision(
            regles_agrements.DecisionAgrement(
                complete_le=agrement.debut,
                decision_le=agrement.debut,
                jour=jour,
                agrement_fin=agrement.fin,
                fin_millesime=agrement.millesime.fin_validite,
            ),
            parametres[region],
        )
        if verdict.ok:
            continue
        yield AlerteCalculee(
            code="AGR-DECISION",
            sujet=agrement,
            message=f"Agrément {agrement.millesime} sur le site {agrement.site.nom} : {verdict.message[0].lower()}"
            f"{verdict.message[1:]}",
            echeance=agrement.millesime.fin_validite,
            destinataires=tuple(agents.get(region, ())) + tuple(responsables.get(agrement.organisme_id, ())),
            organisme_id=agrement.organisme_id,
            departement_id=agrement.site.departement_id,
            region_id=region,
        )
