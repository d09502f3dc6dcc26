"""Two sweeps never run together: the second one returns at once, saying another one is running."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from tests import factories as f
from titrepro.conformite.balayage import (
    CLE_VERROU,
    _verrou_sqlite,
    alertes_balayer,
    traitements_executer,
    verrou_balayage,
)
from titrepro.conformite.models import Alerte
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes, sources_remplacees

JOUR = dt.date(2027, 2, 1)


@pytest.fixture
def une_alerte(db):
    organisme = f.OrganismeFactory()
    with sources_remplacees():

        @source_d_alertes("ORG-PROGRAMMATION")
        def retard(jour):
            yield AlerteCalculee(
                code="ORG-PROGRAMMATION", sujet=organisme, message="Retard.", organisme_id=organisme.pk
            )

        yield organisme


@contextmanager
def autre_balayage_en_cours() -> Iterator[None]:
    """Another sweep holds the lock meanwhile.

    PostgreSQL: another connection (a thread) holds the advisory lock in its open transaction
    (the lock is re-entrant within one connection, as one sweep calling itself). SQLite: the
    lock is taken here (in-memory test database: the process-wide lock of that database).
    """
    if connection.vendor != "postgresql":
        with verrou_balayage() as libre:
            assert libre
            yield
        return
    pris, relache = threading.Event(), threading.Event()
    erreurs: list[BaseException] = []

    def autre_balayage() -> None:
        try:
            with transaction.atomic(), connections["default"].cursor() as curseur:
                curseur.execute("SELECT pg_try_advisory_xact_lock(%s)", [CLE_VERROU])
                assert curseur.fetchone()[0]
                pris.set()
                relache.wait(30)
        except BaseException as exc:  # pragma: no cover - reported below
            erreurs.append(exc)
            pris.set()
        finally:
            connections.close_all()

    fil = threading.Thread(target=autre_balayage)
    fil.start()
    try:
        assert pris.wait(30)
        yield
    finally:
        relache.set()
        fil.join(30)
    assert erreurs == []


def test_a_sweep_started_while_another_runs_changes_nothing(une_alerte):
    with autre_balayage_en_cours():
        rapport = alertes_balayer(jour=JOUR)
        assert traitements_executer(jour=JOUR) == {}
    assert rapport.deja_en_cours
    assert rapport.ouvertes == 0
    assert rapport.resume == (
        "Balayage du 01/02/2027 non lancé : un autre balayage est en cours ; celui-ci s'arrête sans rien modifier."
    )
    assert not Alerte.objects.exists()

    # Once the first one is over, the next sweep runs.
    rapport = alertes_balayer(jour=JOUR)
    assert (rapport.deja_en_cours, rapport.ouvertes) == (False, 1)


def test_the_command_says_another_sweep_is_running(une_alerte):
    sortie = StringIO()
    with autre_balayage_en_cours():
        call_command("sweep", "--jour", "2027-02-01", stdout=sortie)
    assert "un autre balayage est en cours" in sortie.getvalue()
    assert not Alerte.objects.exists()


def test_sqlite_file_lock_is_exclusive_between_opens(tmp_path):
    """The SQLite lock of a database file: a ``flock`` beside it, exclusive across opens (and processes)."""
    base = SimpleNamespace(settings_dict={"NAME": str(tmp_path / "titrepro.sqlite3")})
    with _verrou_sqlite(base) as premier:
        assert premier
        with _verrou_sqlite(base) as second:
            assert not second
    assert (tmp_path / "titrepro.sqlite3.balayage.lock").exists()
    with _verrou_sqlite(base) as apres:
        assert apres
