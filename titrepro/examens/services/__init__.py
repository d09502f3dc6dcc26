"""Writes of the exam sessions, one module per part of the workflow.

- ``sessions``: create (SES-CREATION-DELAI, SES-FIN-MILLESIME, AGR-PERIMETRE, derogations), edit,
  cancel and postpone (SES-ANNULATION);
- ``inscriptions``: register candidates (CAN-PUBLICS, CAN-VAE, SES-PROLONGATION, CAN-DROITS,
  SES-RATTACHEMENT with a row lock);
- ``jurys``: compose juries (SES-JURY-MIN, SES-JURY-HABILITATION, SES-JURY-LIENS), invite, answer;
- ``convocations``: record and issue the convocations (SES-CONVOCATION, SES-VERROU), their PDF.

Every service is keyword-only, atomic, checks ``peut_<verbe>(auteur)`` first (``PermissionDenied``
with the reason), refuses through the rule engine (``RegleRefusee``) and programs its e-mails after
commit. Pages, API, imports and tasks all call these functions.
"""
