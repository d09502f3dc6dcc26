"""The sweep: every registered alert source is asked what holds on ``jour``; the stored alerts follow.

``alertes_balayer(jour=...)`` is idempotent and set-based:

* the open alerts are read in one query, keyed by (code, content type, object id);
* alerts a source produces and that are not open yet are created with ``bulk_create``, and
  their recipients are e-mailed **once** (``notifiee_le`` set; one message per recipient
  listing all their new alerts, queued after commit by ``courriel_programmer``);
* open alerts still produced are updated with ``bulk_update`` only when their message,
  level, deadline or scope changed; their ``derniere_vue_le`` is moved by one ``UPDATE``;
* open alerts no source produces any more are resolved by ``UPDATE`` (by batches of ids);
* openings and resolutions are written to the audit trail in bulk.

A source that raises is reported in ``RapportBalayage.erreurs`` and its code is left
untouched (its open alerts stay open): one faulty source does not stop the others nor
resolve the alerts it could not compute. Two sweeps the same day change nothing and
send nothing. Run it daily: ``python manage.py sweep`` (cron) or the django-tasks task
``titrepro.conformite.taches.balayer_alertes``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from titrepro.conformite.models import Alerte, EtatAlerte
from titrepro.conformite.regles.catalogue import regle
from titrepro.conformite.signalements import AlerteCalculee, sources_d_alertes, traitements_quotidiens
from titrepro.core.audit import journaliser_en_masse
from titrepro.notifications.courriels import courriel_programmer

logger = logging.getLogger(__name__)

LOT = 1000
"""Batch size of bulk writes and of ``pk__in`` lists (SQLite caps the number of query parameters)."""

LOT_MISE_A_JOUR = 100

Cle = tuple[str, int, int]  # (code, content_type_id, object_id)

CHAMPS_MODIFIABLES = ["niveau", "message", "echeance", "organisme", "departement", "region"]
CHAMPS_CALCULES = ["niveau", "message", "echeance", "organisme_id", "departement_id", "region_id"]


@dataclass
class RapportBalayage:
    """What one sweep did (French summary in ``resume``)."""

    jour: dt.date
    sources: int = 0
    calculees: int = 0
    ouvertes: int = 0
    mises_a_jour: int = 0
    inchangees: int = 0
    resolues: int = 0
    courriels: int = 0
    erreurs: dict[str, str] = field(default_factory=dict)
    par_code: dict[str, int] = field(default_factory=dict)

    @property
    def resume(self) -> str:
        texte = (
            f"Balayage du {self.jour:%d/%m/%Y} : {self.sources} source(s), {self.calculees} alerte(s) constatée(s) ; "
            f"{self.ouvertes} ouverte(s), {self.mises_a_jour} mise(s) à jour, {self.inchangees} inchangée(s), "
            f"{self.resolues} résolue(s) ; {self.courriels} courriel(s) programmé(s)."
        )
        if self.erreurs:
            texte += " Sources en échec (leurs alertes sont laissées en l'état) : " + ", ".join(sorted(self.erreurs))
        return texte


def _calculer(
    jour: dt.date, progression: Callable[[str, int, int], None] | None
) -> tuple[dict[Cle, AlerteCalculee], set[str], dict[str, str], int]:
    """Call every source; keep the first alert per key. Returns (alerts, codes swept, errors, number of sources)."""
    calculees: dict[Cle, AlerteCalculee] = {}
    codes_ok: set[str] = set()
    erreurs: dict[str, str] = {}
    types: dict[type[Any], int] = {}
    sources = [(code, source) for code, liste in sources_d_alertes().items() for source in liste]
    for rang, (code, source) in enumerate(sources, start=1):
        if progression:
            progression(code, rang, len(sources))
        try:
            produites = list(source(jour))
        except Exception as exc:  # a faulty source must not stop the others
            logger.exception("Source d'alertes %s en échec", code)
            erreurs[code] = f"{type(exc).__name__} : {exc}"
            continue
        for alerte in produites:
            if alerte.code != code:
                raise ValueError(f"La source {source.__qualname__} de {code} produit une alerte {alerte.code}.")
            modele = type(alerte.sujet)
            if modele not in types:
                types[modele] = ContentType.objects.get_for_model(modele).pk
            calculees.setdefault((code, types[modele], alerte.sujet.pk), alerte)
        codes_ok.add(code)
    codes_ok -= set(erreurs)  # a code with one faulty source among several is left as is
    return {cle: a for cle, a in calculees.items() if cle[0] in codes_ok}, codes_ok, erreurs, len(sources)


def _valeurs(alerte: AlerteCalculee) -> dict[str, Any]:
    return {
        "niveau": regle(alerte.code).niveau.value,
        "message": alerte.message,
        "echeance": alerte.echeance,
        "organisme_id": alerte.organisme_id,
        "departement_id": alerte.departement_id,
        "region_id": alerte.region_id,
    }


def _lots(ids: list[int]) -> Iterable[list[int]]:
    for debut in range(0, len(ids), LOT):
        yield ids[debut : debut + LOT]


@transaction.atomic
def alertes_balayer(*, jour: dt.date, progression: Callable[[str, int, int], None] | None = None) -> RapportBalayage:
    """Open, update and resolve the stored alerts so that they match what the sources say on ``jour``."""
    calculees, _codes, erreurs, nombre_sources = _calculer(jour, progression)
    rapport = RapportBalayage(jour=jour, sources=nombre_sources, calculees=len(calculees), erreurs=erreurs)
    for code, _ct, _oid in calculees:
        rapport.par_code[code] = rapport.par_code.get(code, 0) + 1

    existantes: dict[Cle, dict[str, Any]] = {}
    colonnes = ["pk", "code", "content_type_id", "object_id", *CHAMPS_CALCULES]
    for ligne in Alerte.objects.ouvertes().values(*colonnes).iterator(chunk_size=5000):
        existantes[(ligne["code"], ligne["content_type_id"], ligne["object_id"])] = ligne

    maintenant = timezone.now()

    # New alerts: bulk_create, then one e-mail per recipient listing their new alerts.
    nouvelles: list[Alerte] = []
    pour_qui: dict[str, list[Alerte]] = defaultdict(list)
    for cle, alerte in calculees.items():
        if cle in existantes:
            continue
        adresses = sorted(
            {
                getattr(d, "email", d)
                for d in alerte.destinataires
                if getattr(d, "email", d) and getattr(d, "is_active", True)
            }
        )
        objet = Alerte(
            code=alerte.code,
            content_type_id=cle[1],
            object_id=cle[2],
            ouverte_le=jour,
            derniere_vue_le=jour,
            notifiee_le=maintenant if adresses else None,
            **_valeurs(alerte),
        )
        nouvelles.append(objet)
        for adresse in adresses:
            pour_qui[adresse].append(objet)
    Alerte.objects.bulk_create(nouvelles, batch_size=LOT)
    rapport.ouvertes = len(nouvelles)

    # Still produced: update only what changed.
    a_mettre_a_jour: list[Alerte] = []
    for cle, alerte in calculees.items():
        ligne = existantes.get(cle)
        if ligne is None:
            continue
        valeurs = _valeurs(alerte)
        if any(ligne[nom] != valeur for nom, valeur in valeurs.items()):
            a_mettre_a_jour.append(Alerte(pk=ligne["pk"], modifie_le=maintenant, **valeurs))
    if a_mettre_a_jour:
        # Small batches: bulk_update writes one CASE WHEN per row and field, quadratic in the batch size.
        Alerte.objects.bulk_update(a_mettre_a_jour, [*CHAMPS_MODIFIABLES, "modifie_le"], batch_size=LOT_MISE_A_JOUR)
    rapport.mises_a_jour = len(a_mettre_a_jour)

    # No longer produced (for the codes whose sources all ran): resolved.
    a_resoudre = [ligne for cle, ligne in existantes.items() if cle not in calculees and cle[0] not in erreurs]
    for lot in _lots([ligne["pk"] for ligne in a_resoudre]):
        Alerte.objects.filter(pk__in=lot).update(etat=EtatAlerte.RESOLUE, resolue_le=jour, modifie_le=maintenant)
    rapport.resolues = len(a_resoudre)
    laissees = sum(1 for cle in existantes if cle not in calculees and cle[0] in erreurs)
    rapport.inchangees = len(existantes) - rapport.mises_a_jour - rapport.resolues - laissees

    # Every alert still open was seen today (those of failed codes too: they are kept, not re-checked).
    Alerte.objects.ouvertes().exclude(derniere_vue_le=jour).exclude(code__in=list(erreurs)).update(derniere_vue_le=jour)

    motif = f"Balayage des alertes du {jour:%d/%m/%Y}"
    journaliser_en_masse(
        list(nouvelles), action=LogEntry.Action.CREATE, changements={"etat": ("", "ouverte")}, motif=motif
    )
    resolues = [Alerte(pk=ligne["pk"], code=ligne["code"], message=ligne["message"]) for ligne in a_resoudre]
    journaliser_en_masse(
        resolues, action=LogEntry.Action.UPDATE, changements={"etat": ("ouverte", "résolue")}, motif=motif
    )

    for adresse, alertes in sorted(pour_qui.items()):
        alertes.sort(key=lambda a: (a.echeance or dt.date.max, a.code))
        courriel_programmer(
            destinataires=[adresse],
            objet=_objet(alertes),
            gabarit="conformite/courriels/nouvelles_alertes.txt",
            contexte={"alertes": alertes, "jour": jour},
        )
    rapport.courriels = len(pour_qui)
    return rapport


def _objet(alertes: list[Alerte]) -> str:
    if len(alertes) == 1:
        return f"Nouvelle alerte {alertes[0].code}"
    return f"{len(alertes)} nouvelles alertes"


def traitements_executer(*, jour: dt.date) -> dict[str, int]:
    """Run the daily actions the texts order (e.g. AGR-SANS-SUITE), each in its own transaction.

    The sweep runs them before the alerts, so an alert about a request closed today resolves today.
    """
    traites: dict[str, int] = {}
    for code, fonctions in sorted(traitements_quotidiens().items()):
        for fonction in fonctions:
            with transaction.atomic():
                traites[code] = traites.get(code, 0) + fonction(jour)
    return traites
