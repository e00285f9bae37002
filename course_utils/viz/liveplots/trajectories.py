"""Optimizer trajectories on a surface's contours, as a live plot for the course's sliders.

Import it from :mod:`course_utils.viz.liveplots`, with the other live plots.
"""

import numpy as np
from matplotlib import rc_context
from matplotlib.lines import Line2D

from ...validate import as_array, check_int
from ..artists import finite_prefix, message_artist, set_trajectory, trajectory_artists
from ..plotting import contour
from ..style import course_style, label_colors
from .base import LivePlot, check_labels, check_result, unwrap

__all__ = ["TrajectoryPlot"]


def _decade_limits(ref):
    """Fixed log-axis limits from a starting value: 12 decades below, 2 above its decade."""
    ref = ref if np.isfinite(ref) and ref > 0 else 1.0
    top = 10.0 ** (np.ceil(np.log10(ref)) + 2)
    return (top * 1e-14, top)


class TrajectoryPlot(LivePlot):
    """Optimizer trajectories on a surface's contours, and their progress against the step.

    Parameters
    ----------
    surface : landscapes.Surface
    labels : sequence of str
        One line per label (optimizer names get their course colour).
    n_steps : int
        Largest number of steps shown (x range of the progress panel).
    blame : str or None
        The control the messages name when a run diverges or barely moves ("lr too large:
        diverged at step 12", "barely moved: lr too small?"). ``None`` gives neutral words
        ("diverged at step 12") for dashboards where another control can be the cause (Adam's
        beta2): the compute function then explains with an
        :class:`~course_utils.viz.liveplots.Annotated` message.

    ``update({label: traj})`` takes trajectories ``traj`` of shape (T + 1, 2) (labels may be
    left out to hide them). The right panel shows f(θ_t) - f* on a log axis (θ_t, the iterate
    after t steps), or the gradient norm when the surface has no minimum (saddles). A
    label's path has the gid "<label> path", its progress curve "<label> progress"
    (``figure.findobj`` finds them by gid).
    """

    def __init__(self, surface, labels, n_steps, blame="lr", figsize=(8.6, 4.0)):
        self.labels = check_labels(labels)
        self.n_steps = check_int(n_steps, "n_steps", 1)
        if blame is not None and not (isinstance(blame, str) and blame):
            raise ValueError(f"blame must be a control's name such as 'lr', or None; got {blame!r}")
        self.blame = blame
        super().__init__(figsize)
        self.surface = surface
        minima = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
        self._fstar = float(np.min(surface.f(minima))) if len(minima) else None
        with rc_context(course_style()):
            self.ax = self.figure.add_axes((0.065, 0.12, 0.5, 0.76))
            self.ax_progress = self.figure.add_axes((0.655, 0.12, 0.325, 0.62))
            contour(self.ax, surface, min_spacing=2)  # no aliased rings at 80 dpi
        self._animate(*(line for line in self.ax.lines if line.get_gid() == "minima"))
        self.figure.text(0.5, 0.975, f"{surface.name}:  ${surface.latex}$", ha="center", va="top")
        ylabel = r"$f(\theta_t) - f^*$" if self._fstar is not None else r"$\|\nabla f(\theta_t)\|$"
        self.ax_progress.set(yscale="log", xlim=(0, self.n_steps), xlabel="step t", ylabel=ylabel)
        self.ax_progress.set_ylim(_decade_limits(1.0))
        colors = dict(zip(self.labels, label_colors(self.labels), strict=True))
        self._artists = {}
        for label in self.labels:
            path = trajectory_artists(self.ax, colors[label], label)
            path[0].set_gid(f"{label} path")
            (curve,) = self.ax_progress.plot(
                [], [], color=colors[label], lw=1.6, gid=f"{label} progress"
            )
            (stop,) = self.ax_progress.plot([], [], ls="", marker="X", ms=9, color=colors[label])
            self._artists[label] = self._animate(*path, curve, stop)
        (self.message,) = self._animate(message_artist(self.ax))
        self._place_message(np.asarray(surface.start, dtype=float))
        self._colors, self._visible, self._legend = colors, None, None

    def _place_message(self, start):
        """The message box goes in the top (bottom) corner on the side away from the start
        point when that is in the top (bottom) half: runs head from the start towards the
        middle, so that corner stays clear and the start stays visible."""
        (x0, x1), (y0, y1) = self.surface.xlim, self.surface.ylim
        right, top = start[0] <= (x0 + x1) / 2, start[1] >= (y0 + y1) / 2
        self.message.set_position((0.97 if right else 0.03, 0.97 if top else 0.03))
        self.message.set_horizontalalignment("right" if right else "left")
        self.message.set_verticalalignment("top" if top else "bottom")
        self._start_x = (start[0] - x0) / (x1 - x0)  # in axes coordinates

    def _message_width(self):
        """The panel's width for the message, but short of the start point (and its marker)
        when that leaves at least half of it: a long message then takes more lines."""
        full = super()._message_width()
        width, pad = self._message_box()
        room = abs(self.message.get_position()[0] - self._start_x) * width - 2 * pad - 8
        return room if full / 2 <= room < full else full

    def _progress(self, traj):
        if self._fstar is not None:
            return self.surface.f(traj) - self._fstar
        return np.linalg.norm(self.surface.grad(traj), axis=-1)

    def _set_legend(self, visible):
        if self._legend is not None:
            self._legend.remove()
        handles = [Line2D([], [], color=self._colors[s], marker="o", ms=3) for s in visible]
        width = max(len(s) for s in visible) * 6.5 + 35  # pixels per legend column, roughly
        ncol = int(np.clip(0.33 * self.size[0] // width, 1, 3))
        self._legend = self.ax_progress.legend(
            handles, visible, loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=ncol, fontsize=9
        )
        self._visible = visible
        self._invalidate()

    def _outside(self, pts):
        """Which points (rows of ``pts``) lie outside the plotted window."""
        (x0, x1), (y0, y1) = self.surface.xlim, self.surface.ylim
        x, y = pts[:, 0], pts[:, 1]
        return (x < x0) | (x > x1) | (y < y0) | (y > y1)

    def _gone(self, traj, k):
        """The first step outside the window of a run that leaves it for good (it diverges,
        or ends outside and worse than it started), else None; ``k`` finite rows."""
        outside = self._outside(traj[:k])
        if not outside.any():
            return None
        if k < len(traj) or (outside[-1] and self.surface.f(traj[-1]) > self.surface.f(traj[0])):
            return int(np.argmax(outside))
        return None

    def _diagnose(self, traj, k):
        """Message for one trajectory: diverged (naming the step it left the plot, if earlier),
        left the plot while getting worse, got worse, or stuck."""
        large = f"{self.blame} too large: " if self.blame else ""
        if k == 0:
            return "no finite point to show"
        (x0, x1), (y0, y1) = self.surface.xlim, self.surface.ylim
        outside = self._outside(traj[:k])  # the finite part
        left = f"left the plot at step {int(np.argmax(outside))}"
        if k < len(traj):
            return f"{large}{left + ', ' if outside.any() else ''}diverged at step {k}"
        if self._gone(traj, k) is not None:
            return f"{large}{left}" if large else f"diverging: {left}"
        path = np.sum(np.linalg.norm(np.diff(traj, axis=0), axis=1))
        if len(traj) > 1 and path < 0.01 * np.hypot(x1 - x0, y1 - y0):
            return f"barely moved: {self.blame} too small?" if self.blame else "barely moved"
        if self._fstar is not None and len(traj) > 1:
            with np.errstate(all="ignore"):
                start, end = self._progress(traj[[0, -1]])
            if start > 0 and end > start:
                return f"no progress: f - f* is {end / start:.0%} of its start"
            if start > 0 and end > 0.5 * start:
                return f"little progress: f - f* is still {end / start:.0%} of its start"
        return ""

    def _set_limits(self, trajs):
        """Fix the progress axis from the first start point (redraw only if it changed)."""
        starts = [t[:1] for t in trajs.values() if len(t) and np.isfinite(t[0]).all()]
        with np.errstate(all="ignore"):
            ref = float(self._progress(starts[0])[0]) if starts else 1.0
        limits = _decade_limits(ref)
        if limits != self.ax_progress.get_ylim():
            self.ax_progress.set_ylim(limits)
            self._invalidate()
        return limits

    def update(self, result):
        """Show new trajectories ``{label: traj (T + 1, 2)}`` (optionally
        :class:`~course_utils.viz.liveplots.Annotated`); returns a one-line readout."""
        result, extra = unwrap(result)
        check_result(result, self.labels)
        trajs = {
            s: as_array(t, f"result[{s!r}]", shape=("T", 2), allow_nan=True)
            for s, t in result.items()
        }
        visible = tuple(s for s in self.labels if s in trajs)
        if visible != self._visible:
            self._set_legend(visible)
        floor, top = self._set_limits(trajs)
        starts = [t[0] for t in trajs.values() if len(t) and np.isfinite(t[0]).all()]
        if starts:
            self._place_message(starts[0])
        what = "f - f*" if self._fstar is not None else "|grad f|"
        messages, readout = [], []
        for label, (*path, curve, stop) in self._artists.items():
            traj = trajs.get(label, np.empty((0, 2)))
            k = finite_prefix(traj)
            with np.errstate(all="ignore"):
                gone = self._gone(traj, k)
                # a run that leaves for good is drawn up to its exit, not across the window
                set_trajectory(path, traj[: k if gone is None else gone + 1])
                values = self._progress(traj[:k]) if k else np.empty(0)
            # beyond the axis a curve leaves the panel (clamped, it would look like a plateau);
            # an exact 0 (a step onto the minimum) has no place on a log axis
            curve.set_data(np.arange(k), np.where(values > 0, values, np.nan))
            diverged = 0 < k < len(traj)
            last = np.clip(values[-1:], floor, top)  # the cross stays on the panel's edge
            stop.set_data([k - 1] if diverged else [], last if diverged else [])
            if label not in trajs:
                continue
            note = self._diagnose(traj, k)
            messages += [f"{label}: {note}" if len(visible) > 1 else note] if note else []
            status = note or f"{what} = {values[-1]:.3g} after {len(traj) - 1} steps"
            readout.append(f"{label}: {status}")
        self._write_message(messages + extra)
        return " · ".join(readout + extra)
