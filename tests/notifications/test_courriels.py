from django.core import mail
from django.db import transaction

from titrepro.notifications.courriels import courriel_programmer


def test_the_mail_leaves_after_commit_only(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        courriel_programmer(
            destinataires=["b@exemple.fr", "a@exemple.fr", "a@exemple.fr", ""],
            objet="Essai",
            gabarit="notifications/base.txt",
            contexte={},
        )
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.to == ["a@exemple.fr", "b@exemple.fr"]
    assert message.subject == "Titrepro : Essai"
    assert message.body.startswith("Bonjour,")


def test_no_mail_when_the_transaction_rolls_back(transactional_db):
    try:
        with transaction.atomic():
            courriel_programmer(
                destinataires=["a@exemple.fr"], objet="Essai", gabarit="notifications/base.txt", contexte={}
            )
            raise RuntimeError("échec")
    except RuntimeError:
        pass
    assert mail.outbox == []
