"""Insertion follow-up (ORG-INSERTION): questionnaires e-mailed to presented candidates 6 months after the
session, answers, figures."""
