"""Sign-in, sign-out, password reset by e-mail, and the user's own account page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from titrepro.comptes.roles import Role
from titrepro.web.forms import ConnexionForm, DemandeReinitialisationForm, NouveauMotDePasseForm


class Connexion(auth_views.LoginView):
    template_name = "registration/connexion.html"
    authentication_form = ConnexionForm
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion"}

    def get_default_redirect_url(self) -> str:
        """A candidate's home is their space (/mon-espace/); everyone else lands on their dashboard."""
        user = self.request.user
        if getattr(user, "is_authenticated", False) and user.roles == frozenset({Role.CANDIDAT}):  # type: ignore[union-attr]
            return str(reverse_lazy("web:mon_espace"))
        return super().get_default_redirect_url()


class Deconnexion(auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign a user out behind their back."""


class DemandeReinitialisation(auth_views.PasswordResetView):
    template_name = "registration/mot_de_passe_oubli.html"
    form_class = DemandeReinitialisationForm
    email_template_name = "registration/email_reinitialisation.txt"
    subject_template_name = "registration/email_reinitialisation_objet.txt"
    success_url = reverse_lazy("web:mot_de_passe_envoye")
    extra_context = {"title": "Mot de passe oublié"}


class ReinitialisationEnvoyee(auth_views.PasswordResetDoneView):
    template_name = "registration/mot_de_passe_envoye.html"
    extra_context = {"title": "Courriel envoyé"}


class NouveauMotDePasse(auth_views.PasswordResetConfirmView):
    template_name = "registration/mot_de_passe_nouveau.html"
    form_class = NouveauMotDePasseForm
    success_url = reverse_lazy("web:mot_de_passe_modifie")
    extra_context = {"title": "Nouveau mot de passe"}


class MotDePasseModifie(auth_views.PasswordResetCompleteView):
    template_name = "registration/mot_de_passe_modifie.html"
    extra_context = {"title": "Mot de passe modifié"}


@login_required
def mon_compte(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/mon_compte.html",
        {"title": "Mon compte", "affectations": request.user.affectations_actives},  # type: ignore[union-attr]
    )
