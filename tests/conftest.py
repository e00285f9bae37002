"""Fixtures shared by the tests: of the exercise checks, and of the live plots."""

import copy

import pytest


@pytest.fixture
def inputs_seen(capsys):
    """``inputs_seen(check, solution) -> list of tuple``: the arguments ``check`` passed to
    the learner's function, here ``solution`` (a check's cases seen from outside, as a learner
    sees them)."""

    def run(check, solution):
        seen = []

        def learner(*args):
            seen.append(copy.deepcopy(args))
            return solution(*args)

        check(learner)
        capsys.readouterr()
        return seen

    return run


@pytest.fixture
def artist():
    """``artist(plot, gid) -> Artist``: the one artist of a live plot's figure with that gid
    (the live plots name the artists a test tells apart, e.g. "boundary line"); fails when
    none or several have it."""

    def find(plot, gid):
        found = plot.figure.findobj(lambda a: a.get_gid() == gid)
        assert len(found) == 1, f"{len(found)} artists with gid {gid!r} in the figure; expected 1"
        return found[0]

    return find
