"""Sessions d'examen: /api/v1/sessions/ and its nested resources."""
