"""Counting arithmetic shared by the scorers: precision / recall / F1, micro and macro averages, Wilson intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score interval for a proportion (95% by default); None when n == 0. Better than the normal
    approximation when counts are small, which they are per rule."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def labeled(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.labeled)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict:
        rw = wilson_interval(self.tp, self.labeled)
        pw = wilson_interval(self.tp, self.predicted)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "n_labeled": self.labeled,
                "precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
                "recall_ci": [_r(x) for x in rw] if rw else None,
                "precision_ci": [_r(x) for x in pw] if pw else None}


def macro(values: Iterable[float | None]) -> float | None:
    """Mean over the groups where the metric is defined (a category with no label has no recall)."""
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
