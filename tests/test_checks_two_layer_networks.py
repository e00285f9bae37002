import numpy as np
import pytest

from course_utils import checks
from course_utils.checks.two_layer_networks.stuck import train_xor
from course_utils.nn import network


def _not_implemented(*args):
    raise NotImplementedError


# Reference solutions, written the way a learner would -------------------------------------


def _collapse_solution(weights, biases):
    W, b = np.eye(weights[0].shape[0]), np.zeros(weights[0].shape[0])
    for Wk, bk in zip(weights, biases, strict=True):
        W, b = W @ Wk, b @ Wk + bk
    return W, b


def _collapse_by_sums(weights, biases):
    # b = sum over k of b_k W_{k+1} ... W_K, written out
    W = weights[0]
    for Wk in weights[1:]:
        W = W @ Wk
    b = np.zeros(weights[-1].shape[1])
    for k, bk in enumerate(biases):
        term = bk
        for Wj in weights[k + 1 :]:
            term = term @ Wj
        b = b + term
    return W, b


def _xor_solution():
    # hidden units OR and NAND, output AND (step units)
    return {
        "W1": np.array([[1.0, -1.0], [1.0, -1.0]]),
        "b1": np.array([-0.5, 1.5]),
        "W2": np.array([[1.0], [1.0]]),
        "b2": np.array([-1.5]),
    }


def _xor_solution_three_units():
    # x1 AND NOT x2, x2 AND NOT x1, and an unused unit; output OR of the first two
    return {
        "W1": np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]]),
        "b1": np.array([-0.5, -0.5, 0.0]),
        "W2": np.array([[1.0], [1.0], [5.0]]),
        "b2": np.array([-0.5]),
    }


def _bump_solution(a, b, height, w):
    return {
        "W1": np.array([[w, w]]),
        "b1": np.array([-w * a, -w * b]),
        "W2": np.array([[height], [-height]]),
        "b2": np.zeros(1),
    }


def _bump_solution_swapped(a, b, height, w):
    # the same network with its two hidden units in the other order
    return {
        "W1": np.array([[w, w]]),
        "b1": np.array([-w * b, -w * a]),
        "W2": np.array([[-height], [height]]),
        "b2": [0.0],
    }


def _stuck_solution(first_seed):
    seed = first_seed
    while train_xor(seed)[1] == 4:
        seed += 1
    return seed


SOLUTIONS = [
    (checks.collapse_linear, _collapse_solution),
    (checks.collapse_linear, _collapse_by_sums),
    (checks.xor_weights, _xor_solution),
    (checks.xor_weights, _xor_solution_three_units),
    (checks.bump_params, _bump_solution),
    (checks.bump_params, _bump_solution_swapped),
    (checks.find_stuck_seed, _stuck_solution),
]


def test_checks_are_exported():
    for name in ("collapse_linear", "xor_weights", "bump_params", "find_stuck_seed"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed, result.message
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("case_set", [1, 2])
def test_reference_solutions_pass_on_other_cases(case_set, capsys):
    with checks.other_cases(case_set):
        for check, solution in SOLUTIONS:
            assert check(solution).passed, (check, solution)
    capsys.readouterr()


@pytest.mark.parametrize(
    "check",
    [checks.collapse_linear, checks.xor_weights, checks.bump_params, checks.find_stuck_seed],
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


# collapse_linear ----------------------------------------------------------------------------


def _product(weights):
    W = weights[0]
    for Wk in weights[1:]:
        W = W @ Wk
    return W


def test_the_collapse_reference_computes_the_same_outputs_as_the_stack(capsys):
    rng = np.random.default_rng(0)
    widths = [3, 5, 4, 2]
    weights = [rng.standard_normal((m, k)) for m, k in zip(widths[:-1], widths[1:], strict=True)]
    biases = [rng.standard_normal(k) for k in widths[1:]]
    X = rng.standard_normal((7, 3))
    out = X
    for Wk, bk in zip(weights, biases, strict=True):
        out = out @ Wk + bk
    W, b = _collapse_solution(weights, biases)
    np.testing.assert_allclose(X @ W + b, out, rtol=1e-12, atol=1e-12)
    assert checks.collapse_linear(_collapse_solution).passed  # the check's reference agrees
    capsys.readouterr()


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda ws, bs: (_product(ws), bs[-1].copy()), "earlier biases reach the output"),
        (
            lambda ws, bs: (
                (_product(ws), bs[0] @ _product(ws[1:]) + bs[-1]) if len(ws) > 1 else (ws[0], bs[0])
            ),
            "middle biases count too",
        ),
        (
            lambda ws, bs: (
                _collapse_solution(ws, bs)[0],
                _collapse_solution(ws, bs)[1] - bs[-1],
            ),
            "added after the last product",
        ),
    ],
)
def test_typical_collapse_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.collapse_linear(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    assert "collapse_linear(K = " in result.message
    assert hint in capsys.readouterr().out


def test_a_collapse_with_the_wrong_order_is_explained(capsys):
    def reversed_order(weights, biases):
        W = weights[-1]
        for Wk in weights[-2::-1]:
            W = W @ Wk
        return W, biases[-1]

    result = checks.collapse_linear(reversed_order)
    assert not result.passed and "raised ValueError" in result.message
    capsys.readouterr()


# xor_weights --------------------------------------------------------------------------------


def _gate(W2_sign, b2):
    params = _xor_solution()
    return lambda: {**params, "W2": W2_sign * params["W2"], "b2": np.array([b2])}


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda: {**_xor_solution(), "W2": np.array([[1.0], [0.0]]), "b2": [-0.5]}, "computes OR"),
        (_gate(1.0, -0.5), "every output is 1"),  # output: OR of (OR, NAND)
        (_gate(-1.0, 1.5), "XNOR"),  # output: NAND of (OR, NAND)
        (lambda: {**_xor_solution(), "b2": np.array([-5.0])}, "every output is 0"),
        (
            lambda: {
                "W1": np.zeros((2, 2)),
                "b1": np.zeros(2),
                "W2": np.zeros((2, 1)),
                "b2": [0.0],
            },
            "every output is 0",
        ),
    ],
)
def test_typical_xor_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.xor_weights(wrong)
    assert not result.passed and hint in result.message
    assert "for xor_weights(x = (" in result.message
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        (lambda: {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 1))}, "missing"),
        (
            lambda: {"W1": np.ones((3, 2)), "b1": np.zeros(2), "W2": np.ones((2, 1)), "b2": [0]},
            "D = 3",
        ),
        (
            lambda: {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 2)), "b2": [0, 0]},
            "C = 2",
        ),
        (lambda: (np.ones((2, 2)), np.zeros(2)), "dict"),
    ],
)
def test_malformed_xor_weights_are_explained(wrong, expected, capsys):
    result = checks.xor_weights(wrong)
    assert not result.passed and expected in result.message
    capsys.readouterr()


# bump_params --------------------------------------------------------------------------------


def test_the_bump_reference_is_two_sigmoid_units(capsys):
    a, b, height, w = -0.5, 0.7, 1.3, 20.0
    # the points the check compares at: far left, around a, the middle, around b, far right
    x = np.array([a - 2.0, a - 0.05, a + 0.05, (a + b) / 2, b - 0.05, b + 0.05, b + 2.0])
    out = network.forward(_bump_solution(a, b, height, w), x[:, None], "sigmoid")[0][:, 0]
    sigmoid = 1 / (1 + np.exp(-w * (x[:, None] - [a, b])))
    np.testing.assert_allclose(out, height * (sigmoid[:, 0] - sigmoid[:, 1]), rtol=1e-12)
    assert checks.bump_params(_bump_solution).passed  # and the check's reference agrees
    capsys.readouterr()
    assert out[3] == pytest.approx(height, rel=1e-4)  # the middle of the bump
    assert abs(out[0]) < 1e-9 and abs(out[-1]) < 1e-9  # far outside it


def _bump_with(**changes):
    def params(a, b, height, w):
        p = _bump_solution(a, b, height, w)
        for key, make in changes.items():
            p[key] = make(a, b, height, w)
        return p

    return params


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (_bump_with(b1=lambda a, b, h, w: np.array([-a, -b])), "not -a"),
        (_bump_with(b1=lambda a, b, h, w: np.array([w * a, w * b])), "sign of the bias"),
        (_bump_with(W2=lambda a, b, h, w: np.array([[-h], [h]])), "points the wrong way"),
        (_bump_with(W2=lambda a, b, h, w: np.array([[h], [h]])), "must be subtracted"),
    ],
)
def test_typical_bump_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.bump_params(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    assert "bump_params(a = " in result.message
    assert hint in capsys.readouterr().out


def test_a_bump_with_a_column_of_input_weights_is_explained(capsys):
    result = checks.bump_params(_bump_with(W1=lambda a, b, h, w: np.array([[w], [w]])))
    assert not result.passed and "W1 must have shape (1, H)" in result.message
    assert "(2, 1)" in result.message
    capsys.readouterr()


def test_a_bump_with_a_flat_weight_vector_is_explained(capsys):
    result = checks.bump_params(_bump_with(W1=lambda a, b, h, w: np.array([w, w])))
    assert not result.passed and "raised ValueError" in result.message and "W1" in result.message
    capsys.readouterr()


# find_stuck_seed ----------------------------------------------------------------------------


def test_train_xor_separates_stuck_and_solved_starts():
    loss, right = train_xor(0)  # a stuck start (notebook 02)
    assert loss > 0.25 and right < 4
    loss, right = train_xor(1)  # a start that solves XOR
    assert loss < 1e-10 and right == 4


def _first_seed():
    """The first_seed the check hands to the learner's search."""
    seen = []
    checks.find_stuck_seed(lambda first_seed: seen.append(first_seed))  # None: answered at once
    return seen[0]


@pytest.mark.parametrize("case_set", [0, 1, 2])
def test_the_search_starts_at_a_seed_that_solves_xor(case_set, capsys):
    # so a search that returns first_seed without training it does not pass
    with checks.other_cases(case_set):
        first = _first_seed()
        assert first >= int(checks.case_rng(30).integers(20, 120))
        assert train_xor(first)[1] == 4
        result = checks.find_stuck_seed(lambda first_seed: first_seed)
    assert not result.passed and "solves XOR" in result.message
    capsys.readouterr()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (lambda first_seed: first_seed - 30, "comes before it"),
        (lambda first_seed: float(first_seed), "a whole number"),
        (lambda first_seed: True, "a whole number"),
    ],
)
def test_malformed_seeds_are_explained(answer, expected, capsys):
    result = checks.find_stuck_seed(answer)
    assert not result.passed and expected in result.message
    capsys.readouterr()


def test_a_seed_that_solves_xor_gets_a_hint(capsys):
    first = _first_seed()
    solved = next(s for s in range(first, first + 20) if train_xor(s)[1] == 4)
    result = checks.find_stuck_seed(lambda first_seed: solved)
    assert not result.passed and "solves XOR" in result.message
    assert "full 1000 steps" in result.message
    capsys.readouterr()


def test_the_check_passes_the_search_its_first_seed(capsys):
    seen = []

    def search(first_seed):
        seen.append(first_seed)
        return _stuck_solution(first_seed)

    assert checks.find_stuck_seed(search).passed
    assert seen == [_first_seed()]
    with checks.other_cases(1):
        assert checks.find_stuck_seed(search).passed
    assert seen[1] != seen[0]
    capsys.readouterr()
