import numpy as np

from course_utils import checks


def _not_implemented(*args):
    raise NotImplementedError


def _optimal(mu, L):
    s_mu, s_L = np.sqrt(mu), np.sqrt(L)
    return 4 / (s_L + s_mu) ** 2, ((s_L - s_mu) / (s_L + s_mu)) ** 2


def _nesterov(x, v, g, lr, beta):
    v = beta * v + g
    return x - lr * (g + beta * v), v


def test_reference_solutions_pass(capsys):
    assert checks.optimal_momentum(_optimal).passed
    assert checks.nesterov_step(_nesterov).passed
    assert "Correct" in capsys.readouterr().out


def test_stubs_report_not_implemented(capsys):
    for check in (checks.optimal_momentum, checks.nesterov_step):
        result = check(_not_implemented)
        assert not result.passed and "not implemented yet" in result.message
    assert "not implemented yet" in capsys.readouterr().out


def test_typical_mistakes_are_explained(capsys):
    # beta not squared: that is the rate, not the momentum
    def unsquared(mu, L):
        lr, beta = _optimal(mu, L)
        return lr, np.sqrt(beta)

    result = checks.optimal_momentum(unsquared)
    assert not result.passed
    assert "item 1" in result.message and "mu=1, L=10" in result.message

    # heavy ball instead of Nesterov
    def heavy_ball(x, v, g, lr, beta):
        v = beta * v + g
        return x - lr * v, v

    result = checks.nesterov_step(heavy_ball)
    assert not result.passed and "item 0" in result.message
    capsys.readouterr()
