"""Retention of the session's documents (ARC-CONSERVATION, ARC-DP) and the purge job."""
