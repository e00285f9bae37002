"""Checks for the exercises of notebook 03 (backpropagation and training).

The backward pass of the two-layer tanh network, the softmax cross-entropy and its gradient,
and an experiment: choosing a weight decay on a validation set. Each reference comes from
the package, and the typical mistakes are recognised and named with a one-sentence hint.
"""

import numbers

import numpy as np

from .. import data
from ..nn import losses, network
from ._core import case_rng as _rng
from ._core import check_experiment, check_function

__all__ = ["backward_pass", "softmax_cross_entropy", "choose_weight_decay"]


# --- the backward pass of the two-layer tanh network -------------------------------------


def _backward_cases():
    cases = []
    for seed, (N, D, H, C) in enumerate([(1, 2, 3, 1), (5, 3, 4, 2), (8, 4, 6, 3)]):
        r = _rng(seed)
        p = network.init_params(D, H, C, rng=r, init="normal", scale=0.7)
        p["b1"], p["b2"] = r.standard_normal(H), r.standard_normal(C)
        cases.append((r.standard_normal((N, C)), r.standard_normal((N, D)), p))
    return cases


def _reference_backward(dscores, X, params):
    _, cache = network.forward(params, X, "tanh")
    return network.backward(dscores, cache)


def _backward_with(dscores, X, params, local="tanh", bias=np.sum, axis=0, w2_input="A1"):
    """The backward pass with a chosen (possibly wrong) tanh derivative, bias reduction, axis
    of that reduction, and input of the multiply gate W2 (A1, or by mistake Z1)."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    dA1 = dscores @ params["W2"].T
    derivative = {"tanh": 1 - A1**2, "none": 1.0, "of_z": 1 - Z1**2, "sigmoid": A1 * (1 - A1)}
    dZ1 = dA1 * derivative[local]
    return {
        "dW1": X.T @ dZ1,
        "db1": bias(dZ1, axis=axis),
        "dW2": (A1 if w2_input == "A1" else Z1).T @ dscores,
        "db2": bias(dscores, axis=axis),
    }


def backward_pass(fn):
    """Check ``fn(dscores, X, params) -> grads``: the gradients dW1 (D, H), db1 (H,),
    dW2 (H, C), db2 (C,) of the two-layer tanh network, given ``dscores`` (N, C) = dL/dy_hat.

    The learner recomputes the forward quantities inside, from ``X`` (N, D) and ``params``.
    """
    return check_function(
        "backward_pass",
        fn,
        _reference_backward,
        _backward_cases(),
        describe=lambda a: (
            f"N={a[1].shape[0]}, D={a[1].shape[1]}, H={a[2]['W1'].shape[1]}, "
            f"C={a[2]['W2'].shape[1]}"
        ),
        mistakes=[
            (
                lambda d, X, p: _backward_with(d, X, p, local="none"),
                "dW1 and db1 miss tanh's local derivative: on its way back through "
                "A1 = tanh(Z1) the gradient is multiplied, entry by entry, by 1 - A1**2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, local="of_z"),
                "tanh'(z) = 1 - tanh(z)**2, which is 1 - A1**2, not 1 - Z1**2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, local="sigmoid"),
                "A1 * (1 - A1) is the sigmoid's derivative; tanh's is 1 - A1**2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, bias=np.mean),
                "the bias gradients are N times too small: dscores already holds the 1/N "
                "of the mean loss, so sum over the examples (axis 0), do not average.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, axis=1),
                "sum the bias gradients over the examples, axis 0 (the rows): a gradient has "
                "the shape of its variable, (H,) for db1 and (C,) for db2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, w2_input="Z1"),
                "dW2 multiplies dscores by what W2 multiplied in the forward pass, the "
                "activations A1 = tanh(Z1), not Z1.",
            ),
        ],
    )


# --- softmax cross-entropy -------------------------------------------------------------


def _softmax_cases():
    """Three cases; in the last, scores around +800 and -800 in alternate rows, so that exp
    overflows unless each row's own maximum is subtracted (one maximum for the whole array
    would leave the rows near -800 with exp(-1600) = 0 everywhere)."""
    cases = []
    for seed, (N, C, scale, shift) in enumerate(
        [(1, 3, 1.0, 0.0), (6, 4, 2.0, 0.0), (5, 3, 50.0, 800.0)]
    ):
        r = _rng(seed)
        signs = np.where(np.arange(N) % 2 == 0, 1.0, -1.0)[:, None] if shift else 1.0
        scores = signs * shift + scale * r.standard_normal((N, C))
        cases.append((scores, r.integers(0, C, size=N)))
    return cases


def _probs_minus_onehot(scores, y):
    """The gradient of the *sum* over examples: the mistake of forgetting the 1/N."""
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss, dscores * len(y)


def _softmax_from(shifted, y, axis=1, onehot=1.0):
    """Mean cross-entropy and dscores from already shifted scores, normalized along ``axis``,
    with ``onehot`` times the one-hot subtracted (the mistakes vary these)."""
    e = np.exp(shifted)
    p = e / e.sum(axis=axis, keepdims=True)
    N = len(y)
    grad = p.copy()
    grad[np.arange(N), y] -= onehot
    return -float(np.mean(np.log(p[np.arange(N), y]))), grad / N


def _naive_softmax(scores, y):
    """exp(scores) / sum without subtracting the row maximum: overflows for large scores."""
    return _softmax_from(scores, y)


def _global_max_softmax(scores, y):
    """One maximum for the whole array: rows far below it underflow to exp(...) = 0."""
    return _softmax_from(scores - scores.max(), y)


def _softmax_wrong_axis(scores, y):
    """Normalized over the examples (axis 0) instead of the classes."""
    return _softmax_from(scores - scores.max(axis=0, keepdims=True), y, axis=0)


def _softmax_no_onehot(scores, y):
    """probs / N: the one-hot forgotten."""
    return _softmax_from(scores - scores.max(axis=1, keepdims=True), y, onehot=0.0)


def _softmax_wrong_sign(scores, y):
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss, -dscores


def _softmax_summed_loss(scores, y):
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss * len(y), dscores


def softmax_cross_entropy(fn):
    """Check ``fn(scores, y) -> (loss, dscores)``: the mean cross-entropy of the softmax of
    ``scores (N, C)`` with integer labels ``y (N,)``, and its gradient (probs - onehot) / N.

    One case has scores around 800, where exp overflows unless the row maximum is
    subtracted first (the softmax does not change when a constant is added to a row).
    """
    cases = _softmax_cases()
    return check_function(
        "softmax_cross_entropy",
        fn,
        losses.softmax_cross_entropy,
        cases,
        describe=lambda a: f"scores of shape {a[0].shape} (largest {np.max(a[0]):.4g}), y={a[1]}",
        mistakes=[
            (
                _probs_minus_onehot,
                "your dscores is N times too large: the loss is a mean over "
                "the N examples, so its gradient carries a factor 1/N.",
            ),
            (
                _naive_softmax,
                "exp(800) overflows to inf and inf / inf is NaN: subtract each "
                "row's maximum from the scores before exponentiating (the softmax "
                "does not change).",
            ),
            (
                _global_max_softmax,
                "subtract each row's own maximum (axis=1, keepdims=True), not one maximum "
                "of the whole array: in a row far below it every exp(...) underflows to 0, "
                "and 0 / 0 is NaN.",
            ),
            (
                _softmax_wrong_axis,
                "normalize over the classes of each example (axis=1), not over the "
                "examples (axis 0): each row of probs must sum to 1.",
            ),
            (
                _softmax_no_onehot,
                "subtract the one-hot: the true class's entry of dscores is (p_y - 1) / N, "
                "the others p_c / N.",
            ),
            (
                _softmax_wrong_sign,
                "dscores has the wrong sign: it is the gradient of the loss, (probs - "
                "onehot) / N, which is negative at the true class (raising its score "
                "lowers the loss).",
            ),
            (
                _softmax_summed_loss,
                "the loss is N times too large: return the mean over the examples, not the sum.",
            ),
        ],
    )


# --- an experiment: a weight decay chosen on a validation set -------------------------

WD_GRID = (0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)  # the candidates the check compares with
WD_SETTING = {"N_train": 30, "N_val": 200, "noise": 0.3, "H": 100, "lr": 0.5, "n_steps": 1000}


def _weight_decay_case():
    """Noisy moons with balanced classes: 30 training and 200 validation points, both
    standardized with the training set's statistics, and the initial parameters of an
    H = 100 tanh network (He initialization)."""
    s = WD_SETTING
    r = _rng(0)
    X_train, y_train = data.moons(N=s["N_train"], noise=s["noise"], rng=r)
    X_val, y_val = data.moons(N=s["N_val"], noise=s["noise"], rng=r)
    X_train, mean, std = data.standardize(X_train)
    X_val = data.standardize(X_val, mean, std)[0]
    params0 = network.init_params(2, s["H"], 2, rng=r, init="he")
    return params0, X_train, y_train, X_val, y_val


def _make_fit(params0, X_train, y_train):
    """``fit(weight_decay) -> params``: full-batch gradient descent from ``params0``, with
    every result kept, so the check re-uses the learner's runs instead of repeating them."""
    done = {}

    def fit(weight_decay):
        if isinstance(weight_decay, bool) or not isinstance(weight_decay, numbers.Real):
            raise TypeError(f"weight_decay must be a number; got {weight_decay!r}")
        key = float(weight_decay)
        if key not in done:
            params = params0
            with np.errstate(all="ignore"):  # a decay so strong that training diverges
                for _ in range(WD_SETTING["n_steps"]):
                    _, grads = network.loss_and_grads(
                        params, X_train, y_train, "tanh", "cross_entropy", key
                    )
                    params = {k: v - WD_SETTING["lr"] * grads["d" + k] for k, v in params.items()}
                    if not all(np.all(np.isfinite(v)) for v in params.values()):
                        break
            done[key] = params
        return {k: v.copy() for k, v in done[key].items()}

    return fit


def _error(params, X, y):
    """The error rate; a network whose training diverged counts as wrong everywhere."""
    with np.errstate(all="ignore"):
        scores = _hidden_scores(params, X)
    if not np.all(np.isfinite(scores)):
        return 1.0
    return 1.0 - losses.accuracy(scores, y)


def _hidden_scores(params, X):
    return np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def _verify_weight_decay(chosen, fit, X_train, y_train, X_val, y_val):
    if isinstance(chosen, (bool, np.bool_)) or not isinstance(chosen, numbers.Real):
        return f"return one number, the weight_decay you chose; got {chosen!r}.", ""
    chosen = float(chosen)
    if not (np.isfinite(chosen) and chosen >= 0):
        return f"a weight_decay must be a finite number >= 0; got {chosen!r}.", ""
    val = {wd: _error(fit(wd), X_val, y_val) for wd in WD_GRID}
    best = min(WD_GRID, key=lambda wd: (val[wd], wd))
    mine = _error(fit(chosen), X_val, y_val)
    tol = 1.0 / len(y_val) + 1e-12  # one validation example
    grid = ", ".join(f"{wd:g}" for wd in WD_GRID)
    if mine <= val[best] + tol:
        return None, (
            "your weight decay has the lowest validation error of the candidates "
            f"{grid} (to within one validation example)."
        )
    problem = (
        f"weight_decay = {chosen:g} has validation error {mine:.3f}, but weight_decay = "
        f"{best:g} reaches {val[best]:.3f}. "
    )
    if chosen < best:
        train = _error(fit(chosen), X_train, y_train)
        return problem + (
            f"Your choice is too weak; it fits the training set well (training error "
            f"{train:.3f}). Did you compare training errors? They almost always prefer the "
            "weakest decay, because fitting the training set is what training does; compare "
            "errors on X_val, y_val. If you did, your candidates stop too low: spread them "
            f"over several orders of magnitude, such as {grid}."
        ), ""
    return problem + (
        "Your choice is too strong: it flattens the network until it underfits. Did you "
        "take the largest validation error instead of the smallest? Try candidates spread "
        f"over several orders of magnitude, such as {grid}."
    ), ""


def choose_weight_decay(fn):
    """Check the experiment ``fn(fit, X_train, y_train, X_val, y_val) -> weight_decay``.

    ``fit(weight_decay) -> params`` trains an H = 100 tanh network with full-batch gradient
    descent (lr = 0.5, 1,000 steps, softmax cross-entropy) on 30 noisy moons, always from the
    same initial parameters. The choice passes when its validation error (200 points) is
    within one example of the best of the candidates ``WD_GRID``: a property of the result,
    so any procedure that compares validation errors over a wide enough range passes.
    """
    params0, X_train, y_train, X_val, y_val = _weight_decay_case()
    fit = _make_fit(params0, X_train, y_train)
    return check_experiment(
        "choose_weight_decay",
        fn,
        lambda chosen: _verify_weight_decay(chosen, fit, X_train, y_train, X_val, y_val),
        (fit, X_train, y_train, X_val, y_val),
    )
