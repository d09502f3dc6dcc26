"""The sweep: every registered alert source is asked what holds on ``jour``; the stored alerts follow.

``alertes_balayer(jour=...)`` is idempotent and set-based:

* the open alerts are read in one query, keyed by (code, content type, object id);
* alerts a source produces and that are not open yet are inserted by a raw ``executemany``
  (plain tuples: no model instance nor ORM value preparation per row), and their recipients
  are e-mailed **once** (``notifiee_le`` set; one message per recipient listing all their new
  alerts, queued after commit by ``courriel_programmer``);
* open alerts still produced are updated (one prepared ``UPDATE`` per changed row, by
  ``executemany``) only when their message, level, deadline or scope changed; their
  ``derniere_vue_le`` is moved by one ``UPDATE``;
* open alerts no source produces any more are resolved by ``UPDATE`` (by batches of ids);
* openings and resolutions are written to the audit trail in bulk (raw ``executemany`` of
  the same rows ``core.audit.journaliser_en_masse`` writes).

Two sweeps never run together: ``verrou_balayage`` (PostgreSQL advisory transaction lock,
SQLite ``flock`` beside the database file); the second returns at once saying so.

A source that raises is reported in ``RapportBalayage.erreurs`` and its code is left
untouched (its open alerts stay open): one faulty source does not stop the others nor
resolve the alerts it could not compute. Two sweeps the same day change nothing and
send nothing. Run it daily: ``python manage.py sweep`` (cron) or the django-tasks task
``titrepro.conformite.taches.balayer_alertes``.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from titrepro.conformite.models import Alerte, EtatAlerte
from titrepro.conformite.regles.catalogue import regle
from titrepro.conformite.signalements import AlerteCalculee, sources_d_alertes, traitements_quotidiens
from titrepro.notifications.courriels import courriel_programmer

logger = logging.getLogger(__name__)

LOT = 1000
"""Batch size of bulk writes and of ``pk__in`` lists (SQLite caps the number of query parameters)."""

LOT_SQL = 5000
"""Rows per ``executemany`` call of the raw inserts and updates."""

Cle = tuple[str, int, int]  # (code, content_type_id, object_id)

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
    deja_en_cours: bool = False
    """Another sweep held the lock: this one did nothing."""

    @property
    def resume(self) -> str:
        if self.deja_en_cours:
            return (
                f"Balayage du {self.jour:%d/%m/%Y} non lancé : un autre balayage est en cours ; "
                "celui-ci s'arrête sans rien modifier."
            )
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


_NIVEAUX: dict[str, str] = {}


def _niveau(code: str) -> str:
    if code not in _NIVEAUX:
        _NIVEAUX[code] = regle(code).niveau.value
    return _NIVEAUX[code]


def _valeurs(alerte: AlerteCalculee) -> dict[str, Any]:
    return {
        "niveau": _niveau(alerte.code),
        "message": alerte.message,
        "echeance": alerte.echeance,
        "organisme_id": alerte.organisme_id,
        "departement_id": alerte.departement_id,
        "region_id": alerte.region_id,
    }


def _lots(ids: list[Any], taille: int = LOT) -> Iterable[list[Any]]:
    for debut in range(0, len(ids), taille):
        yield ids[debut : debut + taille]


# ------------------------------------------------------------------------------------------ lock


CLE_VERROU = 0x5449_5452_4550_524F & 0x7FFF_FFFF_FFFF_FFFF
"""PostgreSQL advisory lock key of the sweep ("TITREPRO" in ASCII): one sweep at a time per database."""

_verrous_memoire: dict[str, threading.Lock] = {}
_verrous_memoire_garde = threading.Lock()


def _fichier_verrou_sqlite(connexion: Any) -> str | None:
    """The lock file beside a SQLite database file; None for an in-memory database (one process only)."""
    nom = str(connexion.settings_dict.get("NAME") or "")
    if not nom or nom == ":memory:" or "mode=memory" in nom or nom.startswith("file:memorydb"):
        return None
    return f"{nom}.balayage.lock"


@contextmanager
def _verrou_sqlite(connexion: Any) -> Iterator[bool]:
    """SQLite: an exclusive ``flock`` on a file beside the database (released by the OS if the process dies).

    SQLite databases are local files, so every process sharing the database shares this file.
    An in-memory database is private to its process: a process-wide lock keyed by its name.
    """
    fichier = _fichier_verrou_sqlite(connexion)
    if fichier is None:
        nom = str(connexion.settings_dict.get("NAME") or ":memory:")
        with _verrous_memoire_garde:
            verrou = _verrous_memoire.setdefault(nom, threading.Lock())
        libre = verrou.acquire(blocking=False)
        try:
            yield libre
        finally:
            if libre:
                verrou.release()
        return
    descripteur = os.open(fichier, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descripteur, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descripteur, fcntl.LOCK_UN)
    finally:
        os.close(descripteur)


@contextmanager
def verrou_balayage(using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """An atomic block that holds the sweep lock; yields False (and does nothing) when another sweep holds it.

    PostgreSQL: ``pg_try_advisory_xact_lock`` taken inside the transaction, released by the
    database at commit or rollback (also when the process dies: no stale lock). SQLite: an
    exclusive ``flock`` on ``<database>.balayage.lock`` around the transaction. Two sweeps
    started together: one runs, the other returns at once saying another one is running.
    """
    connexion = connections[using]
    if connexion.vendor == "sqlite":
        with _verrou_sqlite(connexion) as libre, transaction.atomic(using=using):
            yield libre
        return
    with transaction.atomic(using=using):
        if connexion.vendor == "postgresql":
            with connexion.cursor() as curseur:
                curseur.execute("SELECT pg_try_advisory_xact_lock(%s)", [CLE_VERROU])
                libre = bool(curseur.fetchone()[0])
        else:  # pragma: no cover - other databases are not supported by the project
            libre = True
        yield libre


# ------------------------------------------------------------------------------------------ raw writes


def _executer_en_masse(sql: str, lignes: list[tuple[Any, ...]]) -> None:
    """``executemany`` by batches: the rows are plain tuples of adapted values, no model instance per row."""
    if not lignes:
        return
    with connection.cursor() as curseur:
        for lot in _lots(lignes, LOT_SQL):
            curseur.executemany(sql, lot)


def _inserer(table: str, colonnes: list[str], lignes: list[tuple[Any, ...]]) -> None:
    """Insert plain rows: PostgreSQL ``COPY … FROM STDIN`` (one stream), elsewhere ``executemany``."""
    if not lignes:
        return
    if connection.vendor != "postgresql":
        _executer_en_masse(_insert_sql(table, colonnes), lignes)
        return
    q = connection.ops.quote_name
    with connection.cursor() as curseur:
        brut = curseur.cursor  # the psycopg cursor under Django's wrapper
        with brut.copy(f"COPY {q(table)} ({', '.join(q(c) for c in colonnes)}) FROM STDIN") as copie:
            for ligne in lignes:
                copie.write_row(ligne)


def _insert_sql(table: str, colonnes: list[str]) -> str:
    q = connection.ops.quote_name  # identifiers from the models' metadata, quoted; values are parameters
    noms = ", ".join(q(c) for c in colonnes)
    return f"INSERT INTO {q(table)} ({noms}) VALUES ({', '.join(['%s'] * len(colonnes))})"  # noqa: S608


def _journaliser(
    lignes: list[tuple[int, str]],
    *,
    action: int,
    changements: dict[str, tuple[str, str]],
    motif: str,
    maintenant: dt.datetime,
) -> None:
    """Audit entries of alerts (pk, repr) written in bulk: the same rows as ``core.audit.journaliser_en_masse``.

    Raw ``executemany`` instead of ``LogEntry.objects.bulk_create``: at 100,000 rows the ORM's
    per-value preparation of 16 columns dominated the sweep. The constant columns (content
    type, action, changes, motif, timestamp) are adapted once.
    """
    if not lignes:
        return
    type_alerte = ContentType.objects.get_for_model(Alerte).pk
    champ_changes = LogEntry._meta.get_field("changes")
    champ_donnees = LogEntry._meta.get_field("additional_data")
    valeur_changes = {champ: [avant, apres] for champ, (avant, apres) in changements.items()}
    valeur_donnees = {"motif": motif} if motif else None
    if connection.vendor == "postgresql":
        # JSON text once: COPY parses it into jsonb (psycopg would serialise the same Jsonb for every row).
        changes: Any = json.dumps(valeur_changes, cls=champ_changes.encoder)
        donnees: Any = None if valeur_donnees is None else json.dumps(valeur_donnees, cls=champ_donnees.encoder)
    else:
        changes = champ_changes.get_db_prep_save(valeur_changes, connection)
        donnees = champ_donnees.get_db_prep_save(valeur_donnees, connection)
    horodatage = connection.ops.adapt_datetimefield_value(maintenant)
    colonnes = [
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "action",
        "changes_text",
        "changes",
        "timestamp",
        "additional_data",
    ]
    _inserer(
        LogEntry._meta.db_table,
        colonnes,
        [(type_alerte, str(pk), pk, texte[:2000], action, "", changes, horodatage, donnees) for pk, texte in lignes],
    )


TYPES_PG_MISE_A_JOUR = ("varchar", "text", "date", "bigint", "bigint", "bigint", "timestamptz", "bigint")
"""Casts of the VALUES list of the PostgreSQL update (niveau, message, echeance, scope ids, modifie_le, id)."""
LOT_PG_MISE_A_JOUR = 1000


def _mettre_a_jour(lignes: list[tuple[Any, ...]]) -> None:
    """Update the changed alerts: PostgreSQL ``UPDATE … FROM (VALUES …)`` by batches, elsewhere ``executemany``."""
    if not lignes:
        return
    q = connection.ops.quote_name
    colonnes = [*CHAMPS_CALCULES, "modifie_le"]
    table = q(Alerte._meta.db_table)
    if connection.vendor != "postgresql":
        affectations = ", ".join(f"{q(c)} = %s" for c in colonnes)
        _executer_en_masse(f"UPDATE {table} SET {affectations} WHERE {q('id')} = %s", lignes)  # noqa: S608
        return
    ligne_sql = "(" + ", ".join(f"%s::{t}" for t in TYPES_PG_MISE_A_JOUR) + ")"
    affectations = ", ".join(f"{q(c)} = v.{q(c)}" for c in colonnes)
    noms = ", ".join(q(c) for c in [*colonnes, "id"])
    with connection.cursor() as curseur:
        for lot in _lots(lignes, LOT_PG_MISE_A_JOUR):
            valeurs = ", ".join([ligne_sql] * len(lot))
            curseur.execute(
                f"UPDATE {table} AS a SET {affectations} FROM (VALUES {valeurs}) AS v({noms}) "  # noqa: S608
                f"WHERE a.{q('id')} = v.{q('id')}",
                [valeur for ligne in lot for valeur in ligne],
            )


def _texte(code: str, message: str) -> str:
    """``str(alerte)`` without building the instance (see ``Alerte.__str__``)."""
    return f"{code} — {message[:120]}"


COLONNES_INSERTION = [
    "cree_le",
    "modifie_le",
    "code",
    "niveau",
    "content_type_id",
    "object_id",
    "message",
    "echeance",
    "etat",
    "ouverte_le",
    "derniere_vue_le",
    "notifiee_le",
    "organisme_id",
    "departement_id",
    "region_id",
]


def alertes_balayer(*, jour: dt.date, progression: Callable[[str, int, int], None] | None = None) -> RapportBalayage:
    """Open, update and resolve the stored alerts so that they match what the sources say on ``jour``.

    Atomic, under the sweep lock (``verrou_balayage``): when another sweep is running, returns
    at once a report saying so (``deja_en_cours``) and changes nothing.
    """
    with verrou_balayage() as libre:
        if not libre:
            logger.warning("Balayage du %s non lancé : un autre balayage est en cours.", jour)
            return RapportBalayage(jour=jour, deja_en_cours=True)
        return _balayer(jour, progression)


def _balayer(jour: dt.date, progression: Callable[[str, int, int], None] | None) -> RapportBalayage:
    calculees, _codes, erreurs, nombre_sources = _calculer(jour, progression)
    rapport = RapportBalayage(jour=jour, sources=nombre_sources, calculees=len(calculees), erreurs=erreurs)
    for code, _ct, _oid in calculees:
        rapport.par_code[code] = rapport.par_code.get(code, 0) + 1

    # (pk, niveau, message, echeance, organisme_id, departement_id, region_id) of the open alerts, by key.
    existantes: dict[Cle, tuple[Any, ...]] = {}
    colonnes = ["code", "content_type_id", "object_id", "pk", *CHAMPS_CALCULES]
    for ligne in Alerte.objects.ouvertes().order_by().values_list(*colonnes).iterator(chunk_size=5000):
        existantes[(ligne[0], ligne[1], ligne[2])] = ligne[3:]

    maintenant = timezone.now()
    horodatage = connection.ops.adapt_datetimefield_value(maintenant)
    _date = connection.ops.adapt_datefield_value  # bound once: called for each row
    jour_sql = _date(jour)

    # New alerts: raw multi-row insert, then one e-mail per recipient listing their new alerts.
    nouvelles: list[tuple[Any, ...]] = []
    cles_nouvelles: list[Cle] = []
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
        niveau = _niveau(alerte.code)
        nouvelles.append(
            (
                horodatage,
                horodatage,
                alerte.code,
                niveau,
                cle[1],
                cle[2],
                alerte.message,
                _date(alerte.echeance),
                EtatAlerte.OUVERTE.value,
                jour_sql,
                jour_sql,
                horodatage if adresses else None,
                alerte.organisme_id,
                alerte.departement_id,
                alerte.region_id,
            )
        )
        cles_nouvelles.append(cle)
        if adresses:
            objet = Alerte(
                code=alerte.code,
                content_type_id=cle[1],
                object_id=cle[2],
                ouverte_le=jour,
                derniere_vue_le=jour,
                notifiee_le=maintenant,
                **_valeurs(alerte),
            )
            for adresse in adresses:
                pour_qui[adresse].append(objet)
    _inserer(Alerte._meta.db_table, COLONNES_INSERTION, nouvelles)
    rapport.ouvertes = len(nouvelles)

    # Still produced: update only what changed (one prepared UPDATE per changed row, executemany).
    a_mettre_a_jour: list[tuple[Any, ...]] = []
    for cle, alerte in calculees.items():
        ligne = existantes.get(cle)
        if ligne is None:
            continue
        valeurs = _valeurs(alerte)
        if any(ancienne != valeurs[nom] for nom, ancienne in zip(CHAMPS_CALCULES, ligne[1:], strict=True)):
            a_mettre_a_jour.append(
                (
                    valeurs["niveau"],
                    valeurs["message"],
                    _date(valeurs["echeance"]),
                    valeurs["organisme_id"],
                    valeurs["departement_id"],
                    valeurs["region_id"],
                    horodatage,
                    ligne[0],
                )
            )
    _mettre_a_jour(a_mettre_a_jour)
    rapport.mises_a_jour = len(a_mettre_a_jour)

    # No longer produced (for the codes whose sources all ran): resolved.
    a_resoudre = [(cle, ligne) for cle, ligne in existantes.items() if cle not in calculees and cle[0] not in erreurs]
    for lot in _lots([ligne[0] for _cle, ligne in a_resoudre]):
        Alerte.objects.filter(pk__in=lot).update(etat=EtatAlerte.RESOLUE, resolue_le=jour, modifie_le=maintenant)
    rapport.resolues = len(a_resoudre)
    laissees = sum(1 for cle in existantes if cle not in calculees and cle[0] in erreurs)
    rapport.inchangees = len(existantes) - rapport.mises_a_jour - rapport.resolues - laissees

    # Every alert still open was seen today (those of failed codes too: they are kept, not re-checked).
    # The new ones already carry today's date.
    Alerte.objects.ouvertes().exclude(derniere_vue_le=jour).exclude(code__in=list(erreurs)).update(derniere_vue_le=jour)

    motif = f"Balayage des alertes du {jour:%d/%m/%Y}"
    if nouvelles:
        cles = set(cles_nouvelles)
        ouvertes_pk = [
            (pk, _texte(code, message))
            for code, ct, oid, pk, message in Alerte.objects.ouvertes()
            .filter(ouverte_le=jour, cree_le=maintenant)
            .order_by("pk")
            .values_list("code", "content_type_id", "object_id", "pk", "message")
            .iterator(chunk_size=5000)
            if (code, ct, oid) in cles
        ]
        _journaliser(
            ouvertes_pk,
            action=LogEntry.Action.CREATE,
            changements={"etat": ("", "ouverte")},
            motif=motif,
            maintenant=maintenant,
        )
    _journaliser(
        [(ligne[0], _texte(cle[0], ligne[2])) for cle, ligne in a_resoudre],
        action=LogEntry.Action.UPDATE,
        changements={"etat": ("ouverte", "résolue")},
        motif=motif,
        maintenant=maintenant,
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
    Under the sweep lock: when another sweep is running, nothing is done (empty result).
    """
    traites: dict[str, int] = {}
    with verrou_balayage() as libre:
        if not libre:
            logger.warning("Traitements du %s non lancés : un autre balayage est en cours.", jour)
            return traites
        for code, fonctions in sorted(traitements_quotidiens().items()):
            for fonction in fonctions:
                with transaction.atomic():
                    traites[code] = traites.get(code, 0) + fonction(jour)
    return traites
