"""Forms of the timetable pages (DSFR): a room of the plateau, moving a slot, importing a spreadsheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from titrepro.organisations.models import Site
from titrepro.planning.models import Salle
from titrepro.referentiel.models import Millesime, TypeEpreuve
from titrepro.web.forms import FormulaireDsfr


class SalleForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    types_epreuves = forms.MultipleChoiceField(
        label="Épreuves accueillies",
        choices=TypeEpreuve.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : la salle accueille toutes les épreuves.",
    )

    class Meta:
        model = Salle
        fields = ["nom", "capacite", "postes", "types_epreuves", "isolee_possible", "observations"]


class DeplacerCreneauForm(FormulaireDsfr):
    jour = forms.TypedChoiceField(label="Jour", coerce=dt.date.fromisoformat)
    debut = forms.TimeField(label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    jury = forms.TypedChoiceField(label="Jury", coerce=int, required=False, empty_value=None)
    salle = forms.TypedChoiceField(label="Salle", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, jours: list[dt.date], jurys: list[Any], salles: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jour"].choices = [(j.isoformat(), f"{j:%d/%m/%Y}") for j in jours]
        self.fields["jury"].choices = [("", "Sans jury")] + [(j.pk, str(j)) for j in jurys]
        self.fields["salle"].choices = [("", "Sans salle")] + [(s.pk, str(s)) for s in salles]


class ImportPlanningForm(FormulaireDsfr):
    fichier = forms.FileField(
        label="Planning rempli (XLSX, d'après le modèle)",
        help_text="Tout ou rien : la moindre ligne en erreur et rien n'est enregistré.",
    )


class OrganisationPrevueForm(FormulaireDsfr):
    """A typical session of a titre on a site, to attach its planned organisation to an agrément request."""

    millesime: forms.ModelChoiceField[Millesime] = forms.ModelChoiceField(
        label="Titre (millésime)", queryset=Millesime.objects.none()
    )
    site: forms.ModelChoiceField[Site] = forms.ModelChoiceField(label="Site", queryset=Site.objects.none())
    premier_jour = forms.DateField(label="Premier jour envisagé", widget=forms.DateInput(attrs={"type": "date"}))
    nombre_candidats = forms.IntegerField(label="Nombre de candidats", min_value=1, max_value=30, initial=8)
    nombre_jurys = forms.IntegerField(label="Nombre de jurys", min_value=1, max_value=6, initial=1)
    nombre_jours = forms.IntegerField(label="Nombre de jours", min_value=1, max_value=5, initial=2)

    def __init__(self, *args: Any, millesimes: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["millesime"].queryset = millesimes
        self.fields["site"].queryset = sites
