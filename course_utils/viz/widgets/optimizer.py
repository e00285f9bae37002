"""The optimizer dashboard: trajectories of optimizers on a 2-D surface, with a slider for each
of their hyperparameters and a readout of heavy-ball momentum's effective step."""

from ...optim import optimizers
from ...validate import as_array, check_beta, check_choice, check_int, check_positive
from ..liveplots import Annotated, TrajectoryPlot
from .base import Dashboard, default_readout
from .controls import beta_slider, lr_slider, toggle

__all__ = ["optimizer_dashboard"]

_HEAVY_BALL = ("momentum", "nesterov", "momentum_velocity")


def _controls(methods, lr, beta, lr_range):
    """A control for lr and for each of beta, beta1, beta2, bias_correction that a method takes."""
    taken = set().union(*(optimizers.DEFAULTS[m] for m in methods))
    build = {
        "lr": lambda: lr_slider(lr, *lr_range),
        "beta": lambda: beta_slider(beta),
        "beta1": lambda: beta_slider(0.9, "beta1"),
        "beta2": lambda: beta_slider(0.999, "beta2", max=0.9999, step=0.0001),
        "bias_correction": lambda: toggle("bias correction", True),
    }
    return {name: make() for name, make in build.items() if name == "lr" or name in taken}


def _readout(methods):
    """The default readout plus the effective step of the momentum methods shown."""

    def readout(values, message):
        extra = []
        if any(m in _HEAVY_BALL for m in methods):
            step = values["lr"] / (1 - values["beta"])
            extra.append(f"effective step lr / (1 - beta) = {step:.3g}")
        if "momentum_ema" in methods:
            extra.append(f"momentum_ema: effective step = lr = {values['lr']:.3g}")
        return default_readout(values, message) + "".join(f"<br>{e}" for e in extra)

    return readout


def optimizer_dashboard(
    surface, methods, n_steps=50, lr=0.1, beta=0.9, lr_range=(1e-4, 10.0), message=None
):
    """Optimizer trajectories on a surface, from ``surface.start``, with a slider for lr and
    for each decay rate the methods take (beta; Adam's beta1, beta2 and bias correction).

    Parameters
    ----------
    surface : landscapes.Surface
    methods : sequence of str
        Optimizers from :data:`optimizers.METHODS`, one trajectory each, same start.
    n_steps : int
    lr, beta : float
        Start values of the lr and beta sliders (Adam's start at beta1 = 0.9, beta2 = 0.999).
    lr_range : (float, float)
        The learning-rate slider's (min, max), a log scale; keep a divergent region in it.
    message : callable, optional
        ``message(values, result) -> str``: a note written inside the figure (and the
        readout), from the controls' values by name and the trajectories ``{method: (T + 1,
        2) array}``; ``""`` for none. Like returning
        :class:`~course_utils.viz.liveplots.Annotated` from a compute function.

    Returns
    -------
    Dashboard
        The readout shows the values and, for heavy-ball momentum, lr / (1 - beta). When a
        run diverges, the figure blames lr ("lr too large: diverged at step 12"), except for
        Adam, whose beta2 alone can make it blow up: there ``message`` explains.
    """
    if isinstance(methods, str) or not methods:
        raise ValueError(f"methods must be a sequence of optimizer names; got {methods!r}")
    methods = tuple(check_choice(m, "methods", optimizers.METHODS) for m in methods)
    n_steps = check_int(n_steps, "n_steps", 1)
    lr, beta = check_positive(lr, "lr"), check_beta(beta, "beta")
    if not isinstance(lr_range, (tuple, list)) or len(lr_range) != 2:
        raise TypeError(f"lr_range must be a pair (min, max); got {lr_range!r}")
    if message is not None and not callable(message):
        raise TypeError("message must be a function message(values, result) -> str")
    x0 = as_array(surface.start, "surface.start", shape=(2,))
    controls = _controls(methods, lr, beta, lr_range)
    start_values = {name: w.value for name, w in controls.items()}

    def compute(**values):
        values = {**start_values, **values}
        result = {
            m: optimizers.run(
                m,
                surface.grad,
                x0,
                n_steps,
                **{k: v for k, v in values.items() if k in optimizers.DEFAULTS[m]},
            )
            for m in methods
        }
        if message is None:
            return result
        note = message(values, result)
        if not isinstance(note, str):
            raise TypeError(f"message(values, result) must return a str; got {note!r}")
        return Annotated(result, note)

    blame = None if "beta2" in controls else "lr"
    plot = TrajectoryPlot(surface, methods, n_steps, blame=blame)
    return Dashboard(compute, plot, controls, _readout(methods))
