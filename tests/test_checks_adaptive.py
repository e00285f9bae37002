import numpy as np

from course_utils import checks


def _not_implemented(*args):
    raise NotImplementedError


def adagrad(x, s, grad, lr, eps):
    s = s + grad**2
    return x - lr * grad / (np.sqrt(s) + eps), s


def rmsprop(x, s, grad, lr, beta, eps):
    s = beta * s + (1 - beta) * grad**2
    return x - lr * grad / (np.sqrt(s) + eps), s


def adam_moments(grads, beta1, beta2):
    m, v = np.zeros(grads.shape[1]), np.zeros(grads.shape[1])
    m_hat, v_hat = [], []
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat.append(m / (1 - beta1**t))
        v_hat.append(v / (1 - beta2**t))
    return np.array(m_hat), np.array(v_hat)


def test_reference_solutions_pass(capsys):
    assert checks.adagrad_step(adagrad).passed
    assert checks.rmsprop_step(rmsprop).passed
    assert checks.adam_moments(adam_moments).passed
    out = capsys.readouterr().out
    assert out.count("Correct") == 3


def test_reference_solutions_pass_on_other_cases(capsys):
    with checks.other_cases(1):
        assert checks.adagrad_step(adagrad).passed
        assert checks.rmsprop_step(rmsprop).passed
        assert checks.adam_moments(adam_moments).passed
    capsys.readouterr()


def test_eps_inside_is_caught_on_other_cases_too(capsys):
    def rmsprop_eps_inside(x, s, grad, lr, beta, eps):
        s = beta * s + (1 - beta) * grad**2
        return x - lr * grad / np.sqrt(s + eps), s

    with checks.other_cases(2):
        result = checks.rmsprop_step(rmsprop_eps_inside)
    assert not result.passed and "outside the square root" in result.message
    capsys.readouterr()


def test_stubs_report_not_implemented(capsys):
    for check in (checks.adagrad_step, checks.rmsprop_step, checks.adam_moments):
        result = check(_not_implemented)
        assert not result.passed
        assert "not implemented yet" in result.message and "Hint" not in result.message
    assert capsys.readouterr().out.count("not implemented yet") == 3


def test_eps_inside_the_square_root_is_caught_and_named(capsys):
    def rmsprop_eps_inside(x, s, grad, lr, beta, eps):
        s = beta * s + (1 - beta) * grad**2
        return x - lr * grad / np.sqrt(s + eps), s

    def adagrad_eps_inside(x, s, grad, lr, eps):
        s = s + grad**2
        return x - lr * grad / np.sqrt(s + eps), s

    for check, fn in ((checks.rmsprop_step, rmsprop_eps_inside),
                      (checks.adagrad_step, adagrad_eps_inside)):  # fmt: skip
        result = check(fn)
        assert not result.passed
        assert "outside the square root" in result.message
    assert "Hint" in capsys.readouterr().out


def test_other_typical_mistakes_get_their_hint(capsys):
    def adagrad_no_history(x, s, grad, lr, eps):
        return x - lr * grad / (np.abs(grad) + eps), grad**2

    def rmsprop_swapped(x, s, grad, lr, beta, eps):
        s = (1 - beta) * s + beta * grad**2
        return x - lr * grad / (np.sqrt(s) + eps), s

    def moments_uncorrected(grads, beta1, beta2):
        m_hat, v_hat = adam_moments(grads, beta1, beta2)
        t = np.arange(1, len(grads) + 1)[:, None]
        return m_hat * (1 - beta1**t), v_hat * (1 - beta2**t)

    result = checks.adagrad_step(adagrad_no_history)
    assert not result.passed and "accumulated" in result.message
    result = checks.rmsprop_step(rmsprop_swapped)
    assert not result.passed and "keeps the weight beta" in result.message
    result = checks.adam_moments(moments_uncorrected)
    assert not result.passed and "without the correction" in result.message
    capsys.readouterr()


def test_unrecognised_wrong_answer_still_explains_the_difference(capsys):
    def rmsprop_no_sqrt(x, s, grad, lr, beta, eps):
        s = beta * s + (1 - beta) * grad**2
        return x - lr * grad / (s + eps), s

    result = checks.rmsprop_step(rmsprop_no_sqrt)
    assert not result.passed
    assert "should be" in result.message and "Hint" not in result.message

    def moments_off_by_one(grads, beta1, beta2):
        m_hat, v_hat = adam_moments(grads, beta1, beta2)
        t = np.arange(1, len(grads) + 1)[:, None]
        c1, c2 = (1 - beta1**t) / (1 - beta1 ** (t + 1)), (1 - beta2**t) / (1 - beta2 ** (t + 1))
        return m_hat * c1, v_hat * c2

    result = checks.adam_moments(moments_off_by_one)
    assert not result.passed and "count t from 1" in result.message
    capsys.readouterr()


def test_learner_code_that_raises_is_reported(capsys):
    result = checks.adam_moments(lambda grads, b1, b2: grads[100])
    assert not result.passed and "IndexError" in result.message
    assert "should be a function" in checks.rmsprop_step(None).message
    capsys.readouterr()
