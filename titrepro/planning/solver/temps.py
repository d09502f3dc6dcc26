"""The working timeline: the session's days laid end to end (opening hours only).

A time ``(jour, minute)`` maps to ``base(jour) + minute - ouverture`` where ``base`` is the sum
of the opening hours of the previous days. Intervals never cross days, so overlaps and orders
on this timeline are overlaps and orders in real time.
"""

from __future__ import annotations

import datetime as dt

from titrepro.planning.solver.donnees import Instance, Jour


class Chronologie:
    def __init__(self, instance: Instance) -> None:
        self.jours: tuple[Jour, ...] = tuple(sorted(instance.jours, key=lambda j: j.date))
        self.index: dict[dt.date, int] = {j.date: k for k, j in enumerate(self.jours)}
        bases: list[int] = []
        total = 0
        for jour in self.jours:
            bases.append(total)
            total += max(0, jour.duree)
        self.bases: tuple[int, ...] = tuple(bases)
        self.horizon = total

    def vers_global(self, jour: dt.date, minute: int) -> int:
        k = self.index[jour]
        return self.bases[k] + minute - self.jours[k].ouverture

    def jour_de(self, t: int, *, fin: bool = False) -> int:
        """Index of the day containing global time ``t`` (an end time belongs to the day it closes)."""
        for k in range(len(self.jours) - 1, -1, -1):
            if (self.bases[k] < t) if fin else (self.bases[k] <= t):
                return k
        return 0

    def depuis_global(self, t: int, *, fin: bool = False) -> tuple[dt.date, int]:
        k = self.jour_de(t, fin=fin)
        return self.jours[k].date, t - self.bases[k] + self.jours[k].ouverture
