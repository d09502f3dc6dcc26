from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Monde, construire_monde


@pytest.fixture
def monde(db: None) -> Monde:
    return construire_monde()


@pytest.fixture
def client_de(monde: Monde):
    """client_de("agent_ddets") -> a test client signed in as that persona."""

    def connecter(persona: str) -> Client:
        client = Client()
        client.force_login(monde.utilisateurs[persona])
        return client

    return connecter
