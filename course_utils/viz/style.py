"""The course's look: the colour palette, one colour per optimizer, and the rcParams.

Nothing here touches pyplot's state or the global rcParams. A notebook opts into the course's
look explicitly (:mod:`course_utils.viz.plotting` offers these names too)::

    plt.rcParams.update(plotting.course_style())

Colours come from the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable under the common forms of colour blindness, and every optimizer keeps
the same colour in every notebook (:func:`color_for`).
"""

from cycler import cycler

__all__ = [
    "PALETTE",
    "METHOD_COLORS",
    "MESSAGE_COLOR",
    "color_for",
    "label_colors",
    "class_colors",
    "course_style",
]

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
METHOD_COLORS = {  # optimizer -> name of its colour in PALETTE
    "gd": "vermillion",
    "momentum": "blue",
    "momentum_ema": "sky_blue",
    "momentum_velocity": "yellow",
    "nesterov": "bluish_green",
    "adagrad": "orange",
    "rmsprop": "reddish_purple",
    "adam": "black",
    "adamw": "grey",
}
_CYCLE = ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black")
MESSAGE_COLOR = "#8C2D04"  # the text of messages written inside a figure


def color_for(method):
    """The fixed colour (hex string) of an optimizer, e.g. ``color_for("adam")``."""
    name = METHOD_COLORS.get(method) if isinstance(method, str) else None
    if name is None:
        raise ValueError(f"method must be one of {', '.join(METHOD_COLORS)}; got {method!r}")
    return PALETTE[name]


def label_colors(labels):
    """One colour per label: optimizer names get their own colour, others take the cycle."""
    cycle = [PALETTE[c] for c in _CYCLE]
    out, k = [], 0
    for label in labels:
        if label in METHOD_COLORS:
            out.append(color_for(label))
        else:
            out.append(cycle[k % len(cycle)])
            k += 1
    return out


def class_colors(n_classes):
    """One colour per class 0 .. n_classes - 1, from the cycle."""
    return [PALETTE[_CYCLE[c % len(_CYCLE)]] for c in range(n_classes)]


def course_style():
    """The course's rcParams as a dict (modest dpi so notebooks stay small); apply it yourself."""
    return {
        "figure.dpi": 85,
        "savefig.dpi": 85,
        "figure.figsize": (6.4, 4.0),
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=[PALETTE[c] for c in _CYCLE]),
        "lines.linewidth": 1.6,
        "image.cmap": "viridis",
    }
