"""Fixtures shared by the tests of the exercise checks."""

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
