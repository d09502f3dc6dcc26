"""Results, jury decisions, PV (général, individuels), signatures, transmission, DDETS validation, publication."""
