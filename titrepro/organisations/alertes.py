"""Alert and deadline sources of the organismes (autodiscovered by ``titrepro.conformite.signalements``).

Written with the sweep (issue 3): ORG-PROGRAMMATION (alert from 1 February when the
year's programming has not been transmitted to the UD of every département where the
organisme has a site) and the organisme's yearly deadlines (programming before
31 January; convention update before 1 January, for each partner of its conventions).
The ORG-CONVENTION *alert* belongs with the conventions (issue 4) and is to be added here.

Set-based: each source runs a handful of queries whatever the number of organismes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.regles import echeances as regles_echeances
from titrepro.conformite.regles import organismes as regles_organismes
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.conformite.signalements import (
    AlerteCalculee,
    Echeance,
    etat_echeance,
    source_d_alertes,
    source_d_echeances,
)
from titrepro.organisations.models import Convention, Organisme, ProgrammationAnnuelle, Site
from titrepro.territoires.models import Departement


def _parametres_par_region(code: str, jour: dt.date, regions: Iterable[int | None]) -> dict[int | None, dict[str, int]]:
    """The parameters in force per région: one lookup per distinct région, not per organisme."""
    return {region: parametres_en_vigueur(code, jour=jour, region=region) for region in set(regions)}


def _responsables(organisme_ids: Iterable[int]) -> dict[int, list[object]]:
    """The active responsables of each organisme (the recipients of its alerts), in one query."""
    par_organisme: dict[int, list[object]] = defaultdict(list)
    lignes = Affectation.objects.filter(
        role=Role.RESPONSABLE_ORGANISME, organisme_id__in=list(organisme_ids), active=True
    ).select_related("utilisateur")
    for affectation in lignes:
        if affectation.organisme_id is not None:
            par_organisme[affectation.organisme_id].append(affectation.utilisateur)
    return par_organisme


def _programmation_manquante(
    transmises: dict[str, dt.date | None], jour: dt.date, limites: dict[str, dt.date]
) -> tuple[str, dt.date | None] | None:
    """The period whose programming is missing or late on ``jour`` (with its late transmission day), or None.

    ``transmises``: period → transmission day (None: built, not transmitted) for one organisme × département
    × year. Annual: due by 31 January. Semestrial (a half-year programming exists, 001 §3.1): the first
    half by 31 January, the second by 31 July.
    """
    annuelle = transmises.get("annuelle")
    if annuelle is not None and annuelle <= limites["annuelle"]:
        return None
    semestrielle = "s1" in transmises or "s2" in transmises
    if not semestrielle:
        return ("annuelle", annuelle) if jour > limites["annuelle"] else None
    for periode in ("s1", "s2"):
        transmise = transmises.get(periode)
        if jour > limites[periode] and not (transmise is not None and transmise <= limites[periode]):
            return periode, transmise
    return None


@source_d_alertes("ORG-PROGRAMMATION")
def programmation_non_transmise(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Organismes whose programming for ``jour.year`` is not transmitted to every UD of their sites' départements.

    From the day after the deadline (1 February by default) to the end of the year; for a semestrial
    programming, the second half from 1 August. One alert per organisme; its département (scope: which
    DDETS sees it) is the first one missing.
    """
    annee = jour.year
    # Départements where each organisme has a site: one query.
    departements: dict[int, set[int]] = defaultdict(set)
    for organisme_id, departement_id in Site.objects.values_list("organisme_id", "departement_id"):
        departements[organisme_id].add(departement_id)
    if not departements:
        return
    region_de = dict(Departement.objects.values_list("pk", "region_id"))
    nom_de = {pk: f"{nom} ({code})" for pk, nom, code in Departement.objects.values_list("pk", "nom", "code")}
    programmations: dict[tuple[int, int], dict[str, dt.date | None]] = defaultdict(dict)
    for o, d, periode, t in ProgrammationAnnuelle.objects.filter(annee=annee).values_list(
        "organisme_id", "departement_id", "periode", "transmise_le"
    ):
        programmations[(o, d)][periode] = t
    parametres = _parametres_par_region("ORG-PROGRAMMATION", jour, (region_de[min(d)] for d in departements.values()))
    en_retard: list[tuple[int, list[int], str, dt.date | None, dict[str, int]]] = []
    for organisme_id, ids in departements.items():
        premier = min(ids)
        p = parametres[region_de[premier]]
        limites = {
            periode: regles_organismes.limite_programmation(annee, periode, p)
            for periode in regles_organismes.PERIODES_PROGRAMMATION
        }
        if jour <= limites["annuelle"]:
            continue
        manques = {
            d: manque
            for d in sorted(ids)
            if (manque := _programmation_manquante(programmations.get((organisme_id, d), {}), jour, limites))
        }
        if manques:
            periode = manques[min(manques)][0]
            tardive = max((t for per, t in manques.values() if per == periode and t is not None), default=None)
            en_retard.append((organisme_id, sorted(manques), periode, tardive, p))
    if not en_retard:
        return
    organismes = Organisme.objects.in_bulk([o for o, *_ in en_retard])
    destinataires = _responsables(organismes)
    for organisme_id, manquants, periode, tardive, p in en_retard:
        verdict = regles_organismes.programmation(
            regles_organismes.Programmation(annee=annee, transmise_le=tardive, jour=jour, periode=periode), p
        )
        uds = ", ".join(nom_de[d] for d in manquants)
        yield AlerteCalculee(
            code="ORG-PROGRAMMATION",
            sujet=organismes[organisme_id],
            message=f"{verdict.message} UD/DDETS concernée(s) : {uds}.",
            echeance=verdict.echeance,
            destinataires=tuple(destinataires.get(organisme_id, ())),
            organisme_id=organisme_id,
            departement_id=manquants[0],
            region_id=region_de[manquants[0]],
        )


def _region(organisme: Organisme) -> int | None:
    site = organisme.sites.select_related("departement").order_by("departement__code").first()
    return site.departement.region_id if site else None


@source_d_echeances("ORG-PROGRAMMATION", pour="organisations.Organisme")  # type: ignore[arg-type]
def echeances_programmation(organisme: Organisme, jour: dt.date) -> Iterator[Echeance]:
    """The programming of this year and of next year; done when transmitted to every UD of the sites, in time.

    A year programmed by half-years (001 §3.1) has two deadlines: 31 January (first half), 31 July (second).
    """
    departements = set(organisme.sites.values_list("departement_id", flat=True))
    region = _region(organisme)
    for annee in (jour.year, jour.year + 1):
        p = parametres_en_vigueur("ORG-PROGRAMMATION", jour=dt.date(annee, 1, 1), region=region)
        lignes = list(
            ProgrammationAnnuelle.objects.filter(organisme=organisme, annee=annee).values_list(
                "departement_id", "periode", "transmise_le"
            )
        )
        semestrielle = any(periode != "annuelle" for _d, periode, _t in lignes)
        for periode in ("s1", "s2") if semestrielle else ("annuelle",):
            echeance = regles_echeances.echeance_programmation(annee, {"ORG-PROGRAMMATION": p}, periode)
            transmises: dict[int, dt.date] = {}
            for departement_id, per, transmise_le in lignes:
                # The annual programming also answers each half-year's deadline.
                if transmise_le is not None and per in (periode, "annuelle"):
                    transmises[departement_id] = min(transmises.get(departement_id, transmise_le), transmise_le)
            faite_le = max(transmises.values()) if departements and departements <= set(transmises) else None
            details = (
                f"Transmise le {faite_le:%d/%m/%Y}."
                if faite_le
                else f"Transmise à {len(set(transmises) & departements)} UD sur {len(departements)}."
                if departements
                else "Aucun site : pas d'UD destinataire."
            )
            yield Echeance(
                code="ORG-PROGRAMMATION",
                libelle=echeance.libelle,
                date=echeance.date,
                etat=etat_echeance(echeance.date, jour=jour, faite_le=faite_le),
                sujet=organisme,
                details=details,
                faite_le=faite_le,
            )


@source_d_echeances("ORG-CONVENTION", pour="organisations.Organisme")  # type: ignore[arg-type]
def echeances_convention(organisme: Organisme, jour: dt.date) -> Iterator[Echeance]:
    """For each partner of a convention of this year or next: the yearly update before 1 January.

    An organisme without any convention has no such deadline (the rule concerns centres that
    examine candidates trained by another organisation).
    """
    annees = (jour.year, jour.year + 1)
    lignes = list(
        Convention.objects.filter(organisme=organisme, annee__in=annees).values_list(
            "partenaire_siret", "partenaire_raison_sociale", "annee", "mise_a_jour_le"
        )
    )
    partenaires = {siret: nom for siret, nom, _a, _m in lignes}
    faites = {(siret, annee): mise_a_jour for siret, _n, annee, mise_a_jour in lignes}
    region = _region(organisme) if partenaires else None
    for siret, nom in sorted(partenaires.items(), key=lambda s: s[1]):
        for annee in annees:
            if annee == jour.year and (siret, annee) not in faites:
                continue  # only next year's update is expected from a partner without a convention this year
            p = parametres_en_vigueur("ORG-CONVENTION", jour=dt.date(annee, 1, 1), region=region)
            date = regles_echeances.limite_convention(annee, {"ORG-CONVENTION": p})
            faite_le = faites.get((siret, annee))
            yield Echeance(
                code="ORG-CONVENTION",
                libelle=f"Mettre à jour la convention {annee} avec {nom} et la transmettre au préfet",
                date=date,
                etat=etat_echeance(date, jour=jour, faite_le=faite_le if faite_le and faite_le <= date else None),
                sujet=organisme,
                details=f"Mise à jour le {faite_le:%d/%m/%Y}." if faite_le else "",
                faite_le=faite_le,
            )


@source_d_alertes("ORG-CONVENTION")
def conventions_non_mises_a_jour(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Conventions of ``jour.year`` not updated before 1 January; partners of last year without one this year.

    Written with the conventions (issue 4). Two queries, then the pure rule per convention.
    """
    annee = jour.year
    lignes = list(
        Convention.objects.filter(annee__in=(annee - 1, annee)).values_list(
            "pk", "organisme_id", "partenaire_siret", "partenaire_raison_sociale", "annee", "mise_a_jour_le"
        )
    )
    if not lignes:
        return
    courantes = {(o, s): (pk, m) for pk, o, s, _n, a, m in lignes if a == annee}
    a_verifier: dict[tuple[int, str], tuple[int, str, dt.date | None]] = {}
    for pk, organisme_id, siret, nom, a, mise_a_jour in lignes:
        cle = (organisme_id, siret)
        if a == annee:
            a_verifier[cle] = (pk, nom, mise_a_jour)
        elif cle not in courantes:
            a_verifier.setdefault(cle, (pk, nom, None))
    organismes = Organisme.objects.in_bulk({o for o, _s in a_verifier})
    conventions = Convention.objects.in_bulk([pk for pk, _n, _m in a_verifier.values()])
    region_de: dict[int, int | None] = {}
    for organisme_id, region_id in (
        Site.objects.filter(organisme_id__in=list(organismes))
        .order_by("departement__code")
        .values_list("organisme_id", "departement__region_id")
    ):
        region_de.setdefault(organisme_id, region_id)
    parametres = _parametres_par_region("ORG-CONVENTION", jour, region_de.values() or [None])
    parametres.setdefault(None, parametres_en_vigueur("ORG-CONVENTION", jour=jour, region=None))
    destinataires = _responsables(organismes)
    for (organisme_id, _siret), (pk, nom, mise_a_jour) in sorted(a_verifier.items()):
        region = region_de.get(organisme_id)
        verdict = regles_organismes.convention(
            regles_organismes.MiseAJourConvention(annee=annee, mise_a_jour_le=mise_a_jour, jour=jour),
            parametres.get(region, parametres[None]),
        )
        if verdict.ok:
            continue
        yield AlerteCalculee(
            code="ORG-CONVENTION",
            sujet=conventions[pk],
            message=f"{verdict.message} Partenaire : {nom}.",
            echeance=verdict.echeance,
            destinataires=tuple(destinataires.get(organisme_id, ())),
            organisme_id=organisme_id,
            region_id=region,
        )
