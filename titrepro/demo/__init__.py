"""The demo world loaded by ``manage.py charger_demo`` (run by ``make run``).

Everything here is fictitious: organismes named "… (fictif)" with made-up SIRETs
(valid check digits, invented SIREN), candidates and jury members with invented
names and ``@exemple.fr`` addresses, telephone numbers in the range ARCEP reserves
for fiction, and one account per role at ``@demo.titrepro.fr`` sharing the
password ``titrepro-demo``. Every record that has the field is saved with
``fictif=True``. Never load it into a production database.
"""
