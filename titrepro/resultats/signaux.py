"""Signals other apps listen to, so that ``resultats`` never imports them (the PV sits above it).

``resultats_modifies``: sent after every change of a result or a decision (``resultat_saisir``,
``decision_enregistrer``, ``decision_annuler``) with ``session`` (the ``Session``), ``par`` (the user
who made the change) and ``motif`` (a French sentence saying what changed). It is sent inside the
writing transaction; the PV app listens to it to void the signatures of a PV already edited or signed
(``pv_edite`` / ``pv_signe``), regenerate it and return the session to ``resultats_saisis``.
"""

from django.dispatch import Signal

resultats_modifies = Signal()
