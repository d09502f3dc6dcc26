"""A tiny workflow model, installed only in tests, to check the audit of transitions."""
