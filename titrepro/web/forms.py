"""Form bases rendering with the DSFR."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm, UsernameField
from dsfr.forms import DsfrBaseForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
"""The browser's date picker; the value round-trips in ISO format whatever the locale."""


class FormulaireDsfr(DsfrBaseForm):  # type: ignore[misc]
    """DSFR rendering, optional fields marked "(facultatif)" as the DSFR now recommends."""

    def get_context(self) -> dict[str, Any]:
        # DsfrBaseForm.get_context warns on every render about a transitional setting; skip it.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class ConnexionForm(AuthenticationForm, FormulaireDsfr):
    # Declared here, not relabelled in __init__: DsfrBaseForm builds the bound fields (and their
    # labels) before AuthenticationForm.__init__ would set the label, which then showed "Username".
    username = UsernameField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé. Adressez-vous à votre administrateur.",
    }

    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DemandeReinitialisationForm(PasswordResetForm, FormulaireDsfr):
    email = forms.EmailField(
        label="Adresse électronique du compte",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NouveauMotDePasseForm(SetPasswordForm, FormulaireDsfr):  # type: ignore[type-arg]
    """Django's French labels (« Nouveau mot de passe », « Confirmation du nouveau mot de passe ») are kept."""
