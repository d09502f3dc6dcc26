"""Receivers of the personnes app on the sessions' models, named by string (personnes never imports examens)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save


def suivre_premier_jour(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A session moved (report): the accommodation requests linked to it follow its first day (SES-HANDICAP)."""
    from titrepro.personnes.models import DemandeAmenagement

    DemandeAmenagement.objects.filter(session_id=instance.pk).exclude(
        premier_jour_session=instance.premier_jour
    ).update(premier_jour_session=instance.premier_jour)


def connecter() -> None:
    post_save.connect(suivre_premier_jour, sender="examens.Session", dispatch_uid="personnes_suivre_premier_jour")
