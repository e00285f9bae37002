import numpy as np
import pytest

from course_utils import checks
from course_utils.checks.adaptive_methods.scale import KAPPA, N_STEPS, TARGET
from course_utils.geometry import landscapes
from course_utils.optim import optimizers


def _not_implemented(*args):
    raise NotImplementedError


def rmsprop(x, grad, s, lr, beta, eps):
    s = beta * s + (1 - beta) * grad**2
    return x - lr * grad / (np.sqrt(s) + eps), s


def adam(x, grad, m, s, t, lr, beta1, beta2, eps):
    t = t + 1
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return x - lr * m_hat / (np.sqrt(s_hat) + eps), m, s, t


def lrs(c):
    return 0.05 / c, 0.1


def _passes(case_set):
    with checks.other_cases(case_set):
        return (
            checks.rmsprop_step(rmsprop).passed,
            checks.adam_update(adam).passed,
            checks.lrs_for_scale(lrs).passed,
        )


@pytest.mark.parametrize("case_set", [0, 1, 2])
def test_reference_solutions_pass_on_every_case_set(case_set, capsys):
    assert _passes(case_set) == (True, True, True)
    assert capsys.readouterr().out.count("Correct") == 3


def test_stubs_report_not_implemented(capsys):
    for check in (checks.rmsprop_step, checks.adam_update, checks.lrs_for_scale):
        result = check(_not_implemented)
        assert not result.passed
        assert "not implemented yet" in result.message and "Hint" not in result.message
    assert "should be a function" in checks.lrs_for_scale(None).message
    capsys.readouterr()


def test_the_adam_reference_is_the_package_adam():
    # three steps of the exercise's update equal three steps of optimizers.run
    grads = np.array([[0.3, -1e-5], [0.1, 2e-5], [-0.2, 1e-5]])
    x, m, s, t = np.array([1.0, -1.0]), np.zeros(2), np.zeros(2), 0
    for g in grads:
        x, m, s, t = adam(x, g, m, s, t, 0.1, 0.9, 0.999, 1e-8)
    feed = iter(grads)
    run = optimizers.run("adam", lambda _: next(feed), [1.0, -1.0], 3, lr=0.1)
    np.testing.assert_allclose(x, run[-1], rtol=1e-14)
    assert t == 3


def _adam(x, g, m, s, t, lr, beta1, beta2, eps, *, shift=1, correct=True, inside=False,
          eps_hat=False, store_hat=False, t_out=1, swap=False):  # fmt: skip
    """Adam's step with the usual mistakes switchable (defaults: Algorithm 1), written
    here apart from the check's own table of mistakes."""
    w1, w2 = (1 - beta1, 1 - beta2) if swap else (beta1, beta2)  # weight of the old average
    m_new = w1 * m + (1 - w1) * g
    s_new = w2 * s + (1 - w2) * g * g
    c1 = 1 - beta1 ** (t + shift) if correct else 1.0
    c2 = 1 - beta2 ** (t + shift) if correct else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat, s_hat = m_new / c1, s_new / c2
        if eps_hat:  # the paper's cheaper form with its epsilon-hat, given the value of eps
            x_new = x - lr * np.sqrt(c2) / c1 * m_new / (np.sqrt(s_new) + eps)
        elif inside:
            x_new = x - lr * m_hat / np.sqrt(s_hat + eps)
        else:
            x_new = x - lr * m_hat / (np.sqrt(s_hat) + eps)
    if store_hat:
        m_new, s_new = m_hat, s_hat
    return x_new, m_new, s_new, t + t_out


@pytest.mark.parametrize("case_set", [0, 1, 2])
@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        ({"correct": False}, "without the bias correction"),
        ({"shift": 0}, "increments t first"),
        ({"shift": 2}, "not t + 2"),
        ({"t_out": 0}, "return the incremented step count"),
        ({"inside": True}, "outside the square root"),
        ({"eps_hat": True}, "epsilon-hat"),
        ({"store_hat": True}, "uncorrected averages"),
        ({"swap": True}, "keeps the weight beta"),
    ],
)
def test_every_adam_mistake_gets_its_hint(case_set, mistake, hint, capsys):
    with checks.other_cases(case_set):
        result = checks.adam_update(lambda *a: _adam(*a, **mistake))
    assert not result.passed and "Hint" in result.message and hint in result.message
    capsys.readouterr()


def _rmsprop_variant(kind):
    def step(x, grad, s, lr, beta, eps):
        if kind == "adagrad":
            s = s + grad**2
        elif kind == "swapped":
            s = (1 - beta) * s + beta * grad**2
        else:
            s = beta * s + (1 - beta) * grad**2
        if kind == "inside":
            return x - lr * grad / np.sqrt(s + eps), s
        if kind == "no_root":
            return x - lr * grad / (s + eps), s
        return x - lr * grad / (np.sqrt(s) + eps), s

    return step


@pytest.mark.parametrize("case_set", [0, 1, 2])
@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        ("inside", "outside the square root"),
        ("swapped", "keeps the weight beta"),
        ("adagrad", "AdaGrad's sum"),
        ("no_root", "square root of s_new"),
    ],
)
def test_every_rmsprop_mistake_gets_its_hint(case_set, kind, hint, capsys):
    with checks.other_cases(case_set):
        result = checks.rmsprop_step(_rmsprop_variant(kind))
    assert not result.passed and hint in result.message and "Hint" in result.message
    capsys.readouterr()


def test_unrecognised_wrong_answer_still_explains_the_difference(capsys):
    def adam_no_momentum(x, grad, m, s, t, lr, beta1, beta2, eps):
        return adam(x, grad, m, s, t, lr, 0.0, beta2, eps)

    result = checks.adam_update(adam_no_momentum)
    assert not result.passed
    assert "should be" in result.message and "Hint" not in result.message
    # small gradients are shown with their digits, not rounded to 0
    assert "e-05" in checks.adam_update(lambda *a: _adam(*a, inside=True)).message
    capsys.readouterr()


def test_learner_code_that_raises_is_reported(capsys):
    result = checks.adam_update(lambda *a: a[100])
    assert not result.passed and "IndexError" in result.message
    assert "should be a function" in checks.rmsprop_step(None).message
    capsys.readouterr()


def test_experiment_window_stated_in_the_hints_is_right():
    # the GD window "0.03 to 0.09" for lr * c and Adam's "0.03 to 1" reach the target
    valley = landscapes.quadratic(kappa=KAPPA)

    def reaches(method, lr):  # steps until f <= TARGET (None if never), and whether it blew up
        traj = optimizers.run(method, valley.grad, valley.start, N_STEPS, lr=lr)
        with np.errstate(all="ignore"):
            f = valley.f(traj)
        hit = np.flatnonzero(f <= TARGET)
        unstable = not np.all(np.isfinite(f)) or not f[-1] <= f[0]
        return (int(hit[0]) if hit.size else None), unstable

    for product in (0.03, 0.05, 0.09):
        assert reaches("gd", product)[0] is not None
    for product in (0.02, 0.12):
        assert reaches("gd", product)[0] is None
    assert reaches("gd", 0.12)[1]  # beyond 2 / lambda_max: unstable
    for lr in (0.03, 0.1, 1.0):
        assert reaches("adam", lr)[0] is not None
    assert reaches("adam", 0.005)[0] is None


@pytest.mark.parametrize(
    ("choose", "hint"),
    [
        (lambda c: (0.05 * c, 0.1), "must shrink like 1/c"),
        (lambda c: (0.05, 0.1), "the product lr·c"),
        (lambda c: (0.15 / c, 0.1), "blew up"),
        (lambda c: (0.05 / c, 0.1 / c), "Your Adam lr changes with c"),
        (lambda c: (0.05 / c, 1e-3), "try an lr between"),
        (lambda c: 0.1, "two learning rates > 0"),
        (lambda c: (0.05 / c, -1.0), "two learning rates > 0"),
    ],
)
def test_experiment_names_the_typical_wrong_choices(choose, hint, capsys):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            result = checks.lrs_for_scale(choose)
        assert not result.passed and hint in result.message, result.message
    capsys.readouterr()


def test_experiment_draws_one_scale_below_one_near_one_and_above_ten(inputs_seen):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            seen = inputs_seen(checks.lrs_for_scale, lambda c: (0.05 / c, 0.1))
        (small,), (middle,), (large,) = seen
        assert 1e-3 <= small <= 0.1 and 0.5 <= middle <= 2 and 10 <= large <= 1e3
