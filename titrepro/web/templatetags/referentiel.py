"""Display helpers of the référentiel pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def duree(minutes: int | None) -> str:
    """165 → "2 h 45", 120 → "2 h", 45 → "45 min", as the REs write durations."""
    if minutes is None:
        return ""
    heures, reste = divmod(int(minutes), 60)
    if not heures:
        return f"{reste} min"
    return f"{heures} h {reste:02d}" if reste else f"{heures} h"
