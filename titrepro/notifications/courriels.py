"""E-mails are rendered in the request (French text, from a template) and sent after commit by a task.

Never send mail inside a view or a transaction: if the transaction rolls back, no mail
leaves. Services call ``courriel_programmer`` and move on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from titrepro.notifications.taches import envoyer_courriel

PREFIXE_OBJET = "Titrepro : "


def courriel_programmer(*, destinataires: Iterable[str], objet: str, gabarit: str, contexte: dict[str, Any]) -> None:
    """Render ``gabarit`` (a .txt template) now; queue the e-mail once the current transaction commits."""
    adresses = sorted({adresse for adresse in destinataires if adresse})
    if not adresses:
        return
    corps = render_to_string(gabarit, contexte)
    objet_complet = objet if objet.startswith(PREFIXE_OBJET) else PREFIXE_OBJET + objet
    transaction.on_commit(lambda: envoyer_courriel.enqueue(destinataires=adresses, objet=objet_complet, corps=corps))
