"""Régions and départements: they decide the competent DREETS / DDETS and the public holidays."""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=80)

    class Meta:
        verbose_name = "région"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements", verbose_name="région")
    subdivision_feries = models.CharField(
        "territoire des jours fériés",
        max_length=8,
        blank=True,
        help_text="Subdivision du paquet holidays (57, 6AE, 971…) ; vide : liste métropolitaine.",
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"
