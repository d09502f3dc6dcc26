"""Every URL × every persona: the role check and the one scoping mechanism, seen from outside.

The table lives in tests/matrice.py; a URL that exists but is not in the table fails
``test_every_url_is_in_the_matrix``.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrice import MATRICE, VOIENT, Acces
from tests.personas import PERSONAS

NAMESPACES_HORS_MATRICE = {"admin"}  # Django's admin: tested in test_administration_reserved_to_staff


def _noms_d_url(patterns: list[URLPattern | URLResolver], prefixe: str = "") -> set[str]:
    noms: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NAMESPACES_HORS_MATRICE:
                continue
            espace = f"{prefixe}{pattern.namespace}:" if pattern.namespace else prefixe
            noms |= _noms_d_url(pattern.url_patterns, espace)
        elif pattern.name:
            noms.add(f"{prefixe}{pattern.name}")
    return noms


def test_every_url_is_in_the_matrix():
    existantes = {nom for nom in _noms_d_url(get_resolver().url_patterns) if not nom.endswith("-root")}
    declarees = {cle.split("#")[0] for cle in MATRICE}
    assert existantes - declarees == set(), "URL sans ligne dans tests/matrice.py"
    assert declarees - existantes == set(), "Ligne de tests/matrice.py sans URL"


def _cas() -> list[tuple[str, str | None, str | None]]:
    cas = []
    for cle, acces in MATRICE.items():
        for objet in acces.objets or (None,):
            for persona in [*PERSONAS, None]:
                cas.append((cle, objet, persona))
    return cas


def _url(cle: str, acces: Acces, objet: str | None, monde) -> str:
    nom = cle.split("#")[0]
    kwargs = dict(acces.kwargs)
    if objet is not None:
        pk = monde.objets[objet].pk
        if acces.modele:
            return reverse(nom, args=[acces.modele, pk])
        kwargs["pk"] = str(pk)
    return reverse(nom, kwargs=kwargs or None)


@pytest.mark.parametrize(("cle", "objet", "persona"), _cas(), ids=lambda v: str(v))
def test_each_persona_gets_what_the_matrix_says(cle, objet, persona, monde):
    acces = MATRICE[cle]
    client = Client()
    if persona is not None:
        client.force_login(monde.utilisateurs[persona])
    reponse = getattr(client, acces.methode)(_url(cle, acces, objet, monde))
    attendu = acces.attendu(persona, objet)
    assert reponse.status_code == attendu, f"{persona or 'anonyme'} sur {cle} ({objet}) : {reponse.status_code}"


LISTES_API = {
    "organisme-list": ("organisme_a", "organisme_b"),
    "candidat-list": ("candidat_a", "candidat_b", "candidat_a2"),
    "membre-jury-list": ("jury_a", "jury_b"),
    "jure-list": ("jury_a", "jury_b"),
    "habilitation-list": ("habilitation_a", "habilitation_b"),
    "amenagement-list": ("amenagement_a", "amenagement_b"),
    "alerte-list": ("alerte_a", "alerte_b"),
    "site-list": ("site_a", "site_b"),
    "agrement-list": ("agrement_a", "agrement_b"),
    "demande-agrement-list": ("demande_a", "demande_b"),
    "session-list": ("session_a", "session_b"),
    "commande-dte-list": ("commande_a", "commande_b"),
    "contact-list": ("contact_a", "contact_b"),
    "convention-list": ("convention_a", "convention_b"),
    "programmation-list": ("programmation_a", "programmation_b"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("liste", LISTES_API)
def test_api_lists_hold_exactly_the_visible_rows(liste, persona, monde):
    client = Client()
    client.force_login(monde.utilisateurs[persona])
    reponse = client.get(reverse(liste))
    if MATRICE[liste].attendu(persona, None) == 403:
        assert reponse.status_code == 403
        return
    ids = {ligne["id"] for ligne in reponse.json()["results"]}
    attendus = {monde.objets[objet].pk for objet in LISTES_API[liste] if persona in VOIENT[objet]}
    assert ids == attendus


PAGES_LISTES = {
    "web:organismes": ("organisme_a", "organisme_b", "raison_sociale"),
    "web:candidats": ("candidat_a", "candidat_b", "nom_naissance"),
    "web:membres_jury": ("jury_a", "jury_b", "nom"),
    "web:alertes": ("alerte_a", "alerte_b", "message"),
    "web:sessions": ("session_a", "session_b", "numero"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES_LISTES)
def test_list_pages_show_only_the_visible_rows(page, persona, monde):
    client = Client()
    client.force_login(monde.utilisateurs[persona])
    reponse = client.get(reverse(page))
    if reponse.status_code == 403:
        return
    contenu = reponse.content.decode()
    objet_a, objet_b, champ = PAGES_LISTES[page]
    for objet in (objet_a, objet_b):
        nom = getattr(monde.objets[objet], champ)
        assert (nom in contenu) == (persona in VOIENT[objet]), f"{persona} / {objet}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_administration_reserved_to_staff(persona, monde):
    client = Client()
    client.force_login(monde.utilisateurs[persona])
    reponse = client.get("/administration/")
    assert reponse.status_code == 302, "seul le personnel technique entre dans l'administration Django"


def test_administration_opens_for_the_platform_administrator(monde):
    admin = monde.utilisateurs["administrateur"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    assert client.get("/administration/comptes/utilisateur/").status_code == 200
    assert client.get("/administration/organisations/organisme/").status_code == 200
