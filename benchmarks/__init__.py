"""Benchmarks of the course's computations: ``make bench`` (``python -m benchmarks``).

Each benchmark module has ``run(quick=False) -> list of rows``; a row is a dict with
``name``, ``size``, ``value``, ``unit``, ``target`` (text) and ``met`` (bool or None).
``quick=True`` runs every code path once at a tiny size (the smoke test in ``make test``).
Benchmarks are measurements, not tests: nothing here fails on speed.
"""

import time

import numpy as np

__all__ = ["median_time", "row"]


def median_time(fn, repeats=7, warmup=1):
    """Median wall time of ``fn()`` in seconds over ``repeats`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def row(name, size, value, unit, target="", met=None):
    """One line of the results table."""
    return {"name": name, "size": size, "value": value, "unit": unit, "target": target, "met": met}
