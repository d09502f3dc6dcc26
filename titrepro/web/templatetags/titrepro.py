"""Small template helpers shared by the pages."""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.urls import reverse

register = template.Library()


@register.simple_tag
def url_historique(objet: Model) -> str:
    return reverse("web:historique", args=[objet._meta.label_lower, objet.pk])
