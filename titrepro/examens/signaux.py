"""Signals other apps listen to, so that ``examens`` never imports them (the DTE desk sits above it).

``session_annulee`` (SES-ANNULATION, DTE-ANNULATION): sent inside the cancelling transaction with
``session``, ``decision_dte`` (a ``DecisionDte`` value), ``auteur`` and ``jour``; the DTE app cancels
the order and tells the GEV.

``session_reportee``: sent with ``session``, ``report`` (the ``ReportSession``), ``auteur`` and ``jour``;
the DTE app re-checks the order's dates (plis kept with the DDETS authorisation, or a new order).

``absence_justifiee_apres_pv`` (issue 7, the exam day): an absence justified once the PV is edited or signed
changes what the PV prints; sent inside the writing transaction with ``session``, ``par`` (the user) and
``motif`` (French), like ``resultats.signaux.resultats_modifies``: the PV app voids the signatures and
regenerates the PV.
"""

from django.dispatch import Signal

session_annulee = Signal()
session_reportee = Signal()
absence_justifiee_apres_pv = Signal()
