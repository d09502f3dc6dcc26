from __future__ import annotations

from typing import Any

from rest_framework import serializers

from titrepro.conformite.lectures import RegleEnVigueur
from titrepro.conformite.regles.catalogue import Niveau


class ParametreSerializer(serializers.Serializer):  # type: ignore[type-arg]
    valeur = serializers.IntegerField(help_text="Valeur en vigueur à la date demandée.")
    unite = serializers.CharField()
    libelle = serializers.CharField()
    adapte = serializers.BooleanField(help_text="Vrai quand un administrateur a adapté la valeur du catalogue.")


class RegleSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(help_text="Code stable du catalogue, cité par chaque refus ou alerte.")
    titre = serializers.CharField()
    enonce = serializers.CharField()
    niveau = serializers.ChoiceField(choices=[(n.value, n.libelle) for n in Niveau])
    derogeable = serializers.BooleanField(help_text="Une dérogation de la DDETS peut lever un refus.")
    parametres = serializers.DictField(child=ParametreSerializer(), help_text="Par nom de paramètre.")
    source = serializers.CharField(  # type: ignore[assignment]  # the field, popped by the metaclass
        help_text="Texte source (document 000 à 004 et passage, ou texte officiel)."
    )
    ambiguite = serializers.CharField(help_text="Quand les sources divergent : les chiffres de chacune ; sinon vide.")
    effet = serializers.DateField(help_text="Date d'effet de la règle.")
    evaluee = serializers.BooleanField(help_text="Vrai quand Titrepro vérifie déjà la règle automatiquement.")

    def to_representation(self, instance: RegleEnVigueur) -> dict[str, Any]:
        r = instance.regle
        return {
            "code": r.code,
            "titre": r.titre,
            "enonce": r.enonce,
            "niveau": r.niveau.value,
            "derogeable": r.derogeable,
            "parametres": {
                p.nom: {"valeur": p.valeur, "unite": p.unite, "libelle": p.libelle, "adapte": p.surcharge is not None}
                for p in instance.parametres
            },
            "source": r.source,
            "ambiguite": r.ambiguite,
            "effet": r.effet.isoformat(),
            "evaluee": instance.evaluee,
        }
