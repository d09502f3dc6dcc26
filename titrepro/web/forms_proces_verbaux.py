"""Forms of the PV pages (DSFR): the signature (password re-entered) and the DDETS's return with its motive."""

from __future__ import annotations

from django import forms

from titrepro.web.forms import FormulaireDsfr


class SignatureForm(FormulaireDsfr):
    mot_de_passe = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="La signature électronique est un acte authentifié : saisissez de nouveau votre mot de passe.",
    )
    confirmation = forms.BooleanField(
        label="J'ai relu le PV et je le signe dans cette version",
        required=True,
        error_messages={"required": "Cochez la case pour confirmer que vous signez cette version du PV."},
    )


class RenvoiForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif du renvoi pour correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Adressé à l'équipe de la session ; la session revient à la saisie des résultats.",
        error_messages={"required": "Indiquez le motif du renvoi : il est adressé à l'équipe de la session."},
    )
