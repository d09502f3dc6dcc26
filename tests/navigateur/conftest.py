"""Headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) driven by Playwright.

Playwright's sync API runs an event loop in the test thread; Django would then refuse
ORM calls made from that thread (``SynchronousOnlyOperation``). The calls are in fact
synchronous, hence DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("TITREPRO_CHROMIUM", "/usr/bin/chromium"))
ARGUMENTS_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium_ou_abandon() -> None:
    if CHROMIUM.exists():
        return
    raison = f"Chromium introuvable ({CHROMIUM}) : sudo apt-get install chromium"
    if os.environ.get("TITREPRO_EXIGER_NAVIGATEUR") == "1":
        pytest.fail(f"{raison} (TITREPRO_EXIGER_NAVIGATEUR=1 exige les tests navigateur).")
    pytest.skip(raison)


@pytest.fixture(scope="session")
def navigateur() -> Iterator[Any]:
    _chromium_ou_abandon()
    from playwright.sync_api import sync_playwright

    # Set only while Playwright's loop lives in this process, and removed afterwards.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGUMENTS_CHROMIUM)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(navigateur: Any) -> Iterator[Any]:
    """A fresh context (no cookies) per test, in French, at a desktop width (the DSFR menu is displayed)."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    contexte.set_default_timeout(15_000)
    page = contexte.new_page()
    try:
        yield page
    finally:
        contexte.close()
