"""The glue between the pure rules and the database: parameters in force, derogations, refusals.

Domain services call ``evaluer`` with the rule code, the reference date and the plain
inputs of the rule (the fields of its input dataclass), then ``exiger`` on the verdict
to refuse the action when a blocking rule fails::

    verdict = evaluer("SES-CREATION-DELAI", jour_de_reference=aujourd_hui, region=site.departement.region,
                      premier_jour=session.premier_jour, creee_le=aujourd_hui, derogation=derogation)
    exiger(verdict)  # raises RegleRefusee(code, message, source)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from titrepro.conformite.models import Derogation
from titrepro.conformite.regles import FONCTIONS
from titrepro.conformite.regles.catalogue import regle
from titrepro.conformite.regles.verdict import DerogationAppliquee, Verdict, refus
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.territoires.models import Region


def evaluer(
    code: str,
    *,
    jour_de_reference: dt.date,
    region: Region | int | None = None,
    derogation: Derogation | DerogationAppliquee | None = None,
    **entrees: Any,
) -> Verdict:
    """Evaluate rule ``code`` with the parameters in force on ``jour_de_reference`` (in ``region``)."""
    entree_catalogue = regle(code)
    try:
        fonction = FONCTIONS[code]
    except KeyError:
        raise NotImplementedError(f"La règle {code} n'a pas encore de fonction d'évaluation.") from None
    parametres = parametres_en_vigueur(code, jour=jour_de_reference, region=region)
    arguments: dict[str, Any] = {}
    if derogation is not None:
        if not entree_catalogue.derogeable:
            raise ValueError(f"La règle {code} n'admet pas de dérogation.")
        arguments["derogation"] = derogation.appliquee() if isinstance(derogation, Derogation) else derogation
    return fonction.fonction(fonction.entree(**entrees), parametres, **arguments)


def exiger(verdict: Verdict) -> Verdict:
    """Raise ``RegleRefusee`` (code, French message, source) when a blocking verdict fails; else return it."""
    if verdict.bloque:
        raise refus(verdict)
    return verdict
