"""The scoping mechanism itself, without the database where possible."""

from __future__ import annotations

import pytest
from django.db.models import Q

from titrepro.core.visibilite import TOUT, Axe, Perimetre, Visibilite, modeles_visibles


def test_a_path_is_used_only_for_the_axes_the_user_holds():
    visibilite = Visibilite(chemins={Axe.ORGANISME: "organisme", Axe.DEPARTEMENT: "site__departement"})
    filtre = visibilite.filtre(Perimetre(valeurs={Axe.DEPARTEMENT: frozenset({69})}))
    assert filtre == Q(pk__in=[]) | Q(site__departement__in=[69])


def test_an_axis_the_model_does_not_declare_shows_nothing():
    visibilite = Visibilite(chemins={Axe.ORGANISME: "organisme"})
    assert visibilite.filtre(Perimetre(valeurs={Axe.GEV: frozenset({0})})) == Q(pk__in=[])


def test_the_all_path_opens_every_row_for_that_axis():
    visibilite = Visibilite(chemins={Axe.GEV: TOUT})
    assert visibilite.filtre(Perimetre(valeurs={Axe.GEV: frozenset({0})})) is None


def test_empty_perimeter():
    assert Perimetre().vide
    assert not Perimetre(national=True).vide


def test_every_domain_model_declares_its_visibility(db):
    noms = {model._meta.label for model in modeles_visibles()}
    assert {
        "organisations.Organisme",
        "organisations.Site",
        "personnes.Candidat",
        "personnes.MembreJury",
        "referentiel.Titre",
        "referentiel.Millesime",
    } <= noms


def test_anonymous_users_see_nothing(monde):
    from django.contrib.auth.models import AnonymousUser

    from titrepro.organisations.models import Organisme

    assert not Organisme.objects.visibles_par(AnonymousUser()).exists()
    assert not Organisme.objects.visibles_par(None).exists()


def test_an_inactive_membership_gives_nothing(monde):
    from titrepro.organisations.models import Organisme

    user = monde.utilisateurs["responsable_session"]
    user.affectations.update(active=False)
    user = type(user).objects.get(pk=user.pk)
    assert not Organisme.objects.visibles_par(user).exists()


@pytest.mark.parametrize("persona", ["agent_ddets", "agent_dreets"])
def test_state_agents_see_organismes_with_a_site_in_their_territory_once(persona, monde):
    from tests import factories as f
    from titrepro.organisations.models import Organisme

    f.SiteFactory(organisme=monde.organisme_a, nom="Second site parisien")  # two sites in 75: no duplicate row
    assert list(Organisme.objects.visibles_par(monde.utilisateurs[persona])) == [monde.organisme_a]
