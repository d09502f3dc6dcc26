"""Background tasks of the notifications (django-tasks; a database queue worked by ``db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def envoyer_courriel(*, destinataires: list[str], objet: str, corps: str) -> int:
    """Send one plain-text e-mail; the queue retries nothing by itself, failures are kept in the results."""
    return send_mail(objet, corps, settings.DEFAULT_FROM_EMAIL, destinataires, fail_silently=False)
