"""Exponentially weighted averages (EWA): the memory inside momentum, RMSProp and Adam.

    v_0 = 0,   v_t = beta v_{t-1} + (1 - beta) x_t   (t = 1, 2, ...)

so v_t = (1 - beta) sum_{s=1..t} beta^(t - s) x_s: the weight of an observation decays by
a factor beta per step. The weights sum to 1 - beta^t, not 1, which biases the first values
towards the start value 0; dividing by (1 - beta^t) removes that bias (Kingma & Ba 2015,
section 3). Two ways to say "how long is the memory":

- effective window 1 / (1 - beta): a flat average over that many steps gives each step the
  weight 1 - beta of the newest observation; also the age at which a weight has fallen to
  about 1/e of the newest (beta^(1 / (1 - beta)) ~ 1/e for beta near 1);
- half-life ln 2 / (-ln beta): the age at which an observation's weight has halved.
"""

import numpy as np

from ..validate import as_array, check_beta

__all__ = ["ewa", "effective_window", "half_life"]


def ewa(series, beta, bias_correction=False):
    """Exponentially weighted average of a series.

    Parameters
    ----------
    series : ndarray, shape (T,)
        The observations x_1 .. x_T.
    beta : float in [0, 1)
    bias_correction : bool
        Divide v_t by (1 - beta^t).

    Returns
    -------
    ndarray, shape (T,)
        v_1 .. v_T (bias-corrected if asked).
    """
    series = as_array(series, "series", shape=("T",))
    beta = check_beta(beta, "beta")
    out, v = np.empty_like(series), 0.0
    for t, x_t in enumerate(series):
        v = beta * v + (1.0 - beta) * x_t
        out[t] = v
    if bias_correction:
        out = out / (1.0 - beta ** np.arange(1, series.size + 1))
    return out


def effective_window(beta):
    """1 / (1 - beta), the number of recent steps the average effectively remembers."""
    return 1.0 / (1.0 - check_beta(beta, "beta"))


def half_life(beta):
    """ln 2 / (-ln beta), the age in steps at which an observation's weight has halved
    (0 for beta = 0, which keeps only the newest observation)."""
    beta = check_beta(beta, "beta")
    return 0.0 if beta == 0 else float(np.log(2.0) / -np.log(beta))
