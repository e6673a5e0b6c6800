"""The observatory's API views: /api/v1/stats/… and /api/v1/exports/…."""
