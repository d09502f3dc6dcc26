"""The refusal raised when a rule of the catalogue says no.

Views turn it into a DSFR alert, the API into ``{"code": "regle_refusee", "regle": ...}``.
The rule engine (``titrepro.conformite``) builds these; nothing else invents rule codes.
"""

from __future__ import annotations


class RegleRefusee(Exception):
    """A blocking rule refused the action. ``regle`` is the catalogue code (e.g. ``SES-CREATION-DELAI``)."""

    def __init__(self, regle: str, message: str, source: str = "") -> None:
        super().__init__(message)
        self.regle = regle
        self.message = message
        self.source = source
