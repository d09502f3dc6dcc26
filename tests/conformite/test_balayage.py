"""The sweep's mechanics, with a tiny test-only source (independent of the sources of the applications)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from tests import factories as f
from titrepro.conformite.balayage import alertes_balayer
from titrepro.conformite.models import Alerte, EtatAlerte
from titrepro.conformite.signalements import (
    AlerteCalculee,
    source_d_alertes,
    sources_d_alertes,
    sources_remplacees,
)
from titrepro.conformite.taches import balayer_alertes

D = dt.date
JOUR = D(2027, 2, 1)


class Monde:
    """What the test source says: for each organisme in ``retard``, an alert (message may change)."""

    def __init__(self) -> None:
        self.retard: dict[int, str] = {}
        self.destinataires: dict[int, tuple[object, ...]] = {}
        self.appels = 0


@pytest.fixture
def etat_source():
    return Monde()


@pytest.fixture
def source(etat_source):
    """Registers a test source for ORG-PROGRAMMATION only, for the duration of the test."""
    with sources_remplacees():

        @source_d_alertes("ORG-PROGRAMMATION")
        def en_retard(jour):
            etat_source.appels += 1
            from titrepro.organisations.models import Organisme

            for organisme in Organisme.objects.filter(pk__in=list(etat_source.retard)):
                yield AlerteCalculee(
                    code="ORG-PROGRAMMATION",
                    sujet=organisme,
                    message=etat_source.retard[organisme.pk],
                    echeance=D(jour.year, 1, 31),
                    destinataires=etat_source.destinataires.get(organisme.pk, ()),
                    organisme_id=organisme.pk,
                )

        yield etat_source


@pytest.fixture
def organismes(db):
    return [f.OrganismeFactory() for _ in range(3)]


def balayer(jour=JOUR, **kwargs):
    with transaction.atomic():
        return alertes_balayer(jour=jour, **kwargs)


def test_the_registry_is_restored_after_the_block(db):
    avant = {code: list(liste) for code, liste in sources_d_alertes().items()}
    with sources_remplacees():
        assert sources_d_alertes() == {}
    assert sources_d_alertes() == avant


def test_new_alerts_are_opened_and_emailed_once(source, organismes, django_capture_on_commit_callbacks):
    responsable = f.UtilisateurFactory(email="resp@exemple.fr")
    a, b, _ = organismes
    source.retard = {a.pk: "Programmation 2027 non transmise.", b.pk: "Programmation 2027 non transmise (B)."}
    source.destinataires = {a.pk: (responsable, "ud75@exemple.fr"), b.pk: (responsable,)}

    with django_capture_on_commit_callbacks(execute=True):
        rapport = alertes_balayer(jour=JOUR)
    assert (rapport.ouvertes, rapport.resolues, rapport.courriels) == (2, 0, 2)
    alerte = Alerte.objects.get(object_id=a.pk)
    assert (alerte.etat, alerte.niveau, alerte.ouverte_le, alerte.organisme) == ("ouverte", "alerte", JOUR, a)
    assert alerte.echeance == D(2027, 1, 31)
    assert alerte.notifiee_le is not None
    assert alerte.sujet == a

    destinataires = sorted(message.to[0] for message in mail.outbox)
    assert destinataires == ["resp@exemple.fr", "ud75@exemple.fr"]
    [au_responsable] = [m for m in mail.outbox if m.to == ["resp@exemple.fr"]]
    assert au_responsable.subject == "Titrepro : 2 nouvelles alertes"
    assert "[ORG-PROGRAMMATION] Programmation 2027 non transmise." in au_responsable.body
    assert "(échéance : 31/01/2027)" in au_responsable.body
    assert "&#x27;" not in au_responsable.body

    # Next sweeps (same day, next day): nothing new, no e-mail again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meme_jour = alertes_balayer(jour=JOUR)
        lendemain = alertes_balayer(jour=JOUR + dt.timedelta(days=1))
    assert (meme_jour.ouvertes, meme_jour.mises_a_jour, meme_jour.inchangees, meme_jour.courriels) == (0, 0, 2, 0)
    assert (lendemain.ouvertes, lendemain.courriels) == (0, 0)
    assert mail.outbox == []
    assert Alerte.objects.count() == 2
    assert Alerte.objects.get(object_id=a.pk).derniere_vue_le == JOUR + dt.timedelta(days=1)


def test_two_sweeps_the_same_day_change_nothing(source, organismes, django_assert_num_queries):
    source.retard = {organismes[0].pk: "Retard."}
    balayer()
    avant = list(Alerte.objects.values())
    entrees = LogEntry.objects.count()
    balayer()
    assert list(Alerte.objects.values()) == avant
    assert LogEntry.objects.count() == entrees


def test_changed_message_is_updated_and_gone_alert_resolved(source, organismes):
    a, b, _ = organismes
    source.retard = {a.pk: "Premier message.", b.pk: "B en retard."}
    balayer()
    source.retard = {a.pk: "Message mis à jour."}
    rapport = balayer(JOUR + dt.timedelta(days=3))
    assert (rapport.ouvertes, rapport.mises_a_jour, rapport.resolues) == (0, 1, 1)
    assert Alerte.objects.get(object_id=a.pk).message == "Message mis à jour."
    resolue = Alerte.objects.get(object_id=b.pk)
    assert (resolue.etat, resolue.resolue_le) == (EtatAlerte.RESOLUE, D(2027, 2, 4))

    # The same situation again later: a new alert, the resolved one stays as history.
    source.retard = {a.pk: "Message mis à jour.", b.pk: "B de nouveau en retard."}
    rapport = balayer(JOUR + dt.timedelta(days=10))
    assert rapport.ouvertes == 1
    assert Alerte.objects.filter(object_id=b.pk).count() == 2
    assert Alerte.objects.filter(object_id=b.pk, etat="ouverte").count() == 1


def test_openings_and_resolutions_are_audited(source, organismes):
    a = organismes[0]
    source.retard = {a.pk: "Retard."}
    balayer()
    source.retard = {}
    balayer(JOUR + dt.timedelta(days=1))
    alerte = Alerte.objects.get(object_id=a.pk)
    entrees = LogEntry.objects.get_for_object(alerte).order_by("pk")
    assert [e.action for e in entrees] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entrees[1].changes_dict == {"etat": ["ouverte", "résolue"]}
    assert entrees[1].additional_data == {"motif": "Balayage des alertes du 02/02/2027"}


def test_the_sweep_is_set_based(source, django_assert_max_num_queries, db):
    """The number of queries does not grow with the number of alerts."""
    organismes = [f.OrganismeFactory() for _ in range(40)]
    source.retard = {o.pk: f"Retard {o.pk}." for o in organismes[:20]}
    balayer()
    source.retard = {o.pk: f"Nouveau retard {o.pk}." for o in organismes[10:40]}
    with django_assert_max_num_queries(16):
        rapport = balayer(JOUR + dt.timedelta(days=1))
    assert (rapport.ouvertes, rapport.mises_a_jour, rapport.resolues) == (20, 10, 10)


def test_a_failing_source_leaves_its_alerts_as_they_are(source, organismes):
    a = organismes[0]
    source.retard = {a.pk: "Retard."}
    balayer()

    @source_d_alertes("ORG-PROGRAMMATION")
    def en_panne(jour):
        raise RuntimeError("base injoignable")

    rapport = balayer(JOUR + dt.timedelta(days=1))
    assert rapport.erreurs == {"ORG-PROGRAMMATION": "RuntimeError : base injoignable"}
    assert "Sources en échec" in rapport.resume
    assert Alerte.objects.get(object_id=a.pk).etat == "ouverte"
    assert rapport.resolues == 0


def test_a_source_cannot_raise_another_code(db, organismes):
    with sources_remplacees():

        @source_d_alertes("ORG-PROGRAMMATION")
        def mauvais_code(jour):
            yield AlerteCalculee(code="ORG-CONVENTION", sujet=organismes[0], message="?")

        with pytest.raises(ValueError, match="produit une alerte ORG-CONVENTION"):
            balayer()


def test_one_open_alert_per_code_and_subject(db, organismes):
    f.AlerteFactory(sujet=organismes[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        f.AlerteFactory(sujet=organismes[0])
    f.AlerteFactory(sujet=organismes[0], code="ORG-CONVENTION")  # another code: allowed


def test_command_prints_a_french_summary(source, organismes):
    source.retard = {organismes[0].pk: "Retard."}
    sortie = StringIO()
    call_command("sweep", "--jour", "2027-02-01", stdout=sortie)
    texte = sortie.getvalue()
    assert "[1/1] ORG-PROGRAMMATION…" in texte
    assert "Balayage du 01/02/2027 : 1 source(s), 1 alerte(s) constatée(s) ; 1 ouverte(s)" in texte
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("sweep", "--jour", "01/02/2027")


def test_the_task_can_be_enqueued(source, organismes):
    source.retard = {organismes[0].pk: "Retard."}
    resultat = balayer_alertes.enqueue(jour="2027-02-01")
    assert resultat.return_value.startswith("Balayage du 01/02/2027")
    assert Alerte.objects.filter(etat="ouverte").count() == 1


def test_alerts_are_read_through_the_scoping_mechanism(monde):
    # tests.personas: alerte_a about organisme A (Paris), alerte_b about organisme B (Lyon).
    def codes(persona):
        return set(Alerte.objects.visibles_par(monde.utilisateurs[persona]).values_list("pk", flat=True))

    a, b = monde.alerte_a.pk, monde.alerte_b.pk
    assert codes("responsable_organisme") == codes("formateur") == {a}
    assert codes("agent_ddets") == codes("agent_dreets") == {a}
    assert codes("externe") == {b}
    assert codes("administrateur") == {a, b}
    assert codes("candidat") == codes("membre_jury") == codes("agent_gev") == codes("sans_role") == set()
