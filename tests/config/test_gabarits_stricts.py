"""config/settings/test.py: an unknown variable in one of our templates fails the test;
third-party templates (django-dsfr's form snippets) keep Django's lenient behaviour."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from titrepro.web.forms import ConnexionForm


def test_variable_inconnue_dans_nos_gabarits_fait_echouer() -> None:
    with pytest.raises(AssertionError, match=r"Variable de gabarit inconnue : .*titrepro/web/templates"):
        render_to_string("web/mon_compte.html", {})


def test_formulaire_dsfr_se_rend_avec_ses_valeurs_par_defaut() -> None:
    rendu = str(ConnexionForm())
    assert 'class="fr-input-group"' in rendu  # the snippet's |default applied, not "" nor an error
    assert "Adresse électronique" in rendu
    assert 'type="email"' in rendu
