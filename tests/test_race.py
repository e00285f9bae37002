import numpy as np
import pytest

from course_utils.geometry import landscapes
from course_utils.optim import optimizers, race


def test_lr_grid_is_log_spaced_and_inclusive():
    lrs = race.lr_grid(1e-4, 1.0, 2)
    assert len(lrs) == 9
    np.testing.assert_allclose(lrs[[0, 2, -1]], [1e-4, 1e-3, 1.0])
    np.testing.assert_allclose(np.diff(np.log10(lrs)), 0.5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"low": 1.0, "high": 0.1}, "low must be smaller"),
        ({"low": -1.0}, "low must be a finite number > 0"),
        ({"per_decade": 0}, "per_decade must be an integer >= 1"),
    ],
)
def test_lr_grid_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        race.lr_grid(**kwargs)


def test_score_final_floor_and_divergence():
    s = landscapes.bowl()
    traj = np.array([[1.0, 1.0], [0.1, 0.0]])
    assert race.score(s.f, traj) == pytest.approx(0.01)
    assert race.score(s.f, traj, floor=0.5) == 0.5
    diverged = np.array([[1.0, 1.0], [np.nan, np.nan]])
    assert race.score(s.f, diverged) == np.inf
    with pytest.raises(ValueError, match="traj must have shape"):
        race.score(s.f, np.zeros(2))


def test_score_steps_to_target():
    s = landscapes.saddle()
    traj = np.array([[0.0, 0.1], [0.0, 0.5], [0.0, 1.5], [np.nan, np.nan]])
    assert race.score(s.f, traj, "steps_to_target", target=-1.0) == 2.0
    assert race.score(s.f, traj, "steps_to_target", target=-5.0) == np.inf
    with pytest.raises(ValueError, match="needs a target"):
        race.score(s.f, traj, "steps_to_target")
    with pytest.raises(ValueError, match="criterion must be one of"):
        race.score(s.f, traj, "fastest")


def test_tune_matches_separate_runs_and_picks_the_minimum():
    s = landscapes.quadratic(kappa=10.0)
    lrs = np.array([0.01, 0.1, 0.19, 0.3])  # GD diverges for lr > 2 / L = 0.2
    scores, best, trajs = race.tune("gd", s, 400, lrs)
    for lr, sc, tr in zip(lrs, scores, trajs, strict=True):
        expected = optimizers.run("gd", s.grad, s.start, 400, lr=lr)
        np.testing.assert_array_equal(tr, expected)
        if np.isfinite(sc):
            assert sc == pytest.approx(s.f(expected[-1]))
    assert scores[-1] == np.inf
    assert best == int(np.argmin(scores))


def test_tune_ties_go_to_the_smaller_learning_rate():
    s = landscapes.bowl()
    # lr = 0.5 jumps to the minimum in one step; so does every lr after it on a floored score
    scores, best, _ = race.tune("gd", s, 20, np.array([0.1, 0.4, 0.5, 0.6]), floor=1e-6)
    assert scores[1] == scores[2] == scores[3] == 1e-6
    assert best == 1


def test_tune_falls_back_to_final_loss_when_no_run_reaches_the_target():
    s = landscapes.saddle()
    scores, best, _ = race.tune("gd", s, 3, np.array([1e-4, 1e-3]), None, "steps_to_target", -1)
    assert np.all(np.isinf(scores))
    assert best == 1  # lower final loss


def test_tune_reports_none_when_every_run_diverges():
    s = landscapes.quadratic(kappa=10.0)
    scores, best, _ = race.tune("gd", s, 500, np.array([5.0, 50.0]))
    assert best is None and np.all(np.isinf(scores))


def test_race_same_start_same_budget_and_tuned_lr():
    s = landscapes.quadratic(kappa=10.0)
    lrs = race.lr_grid(1e-3, 1.0, 3)
    result = race.race(s, ("gd", "adam"), n_steps=100, lrs=lrs, floor=1e-12)
    for m in result.methods:
        traj = result.trajectories[m]
        assert traj.shape == (101, 2)
        np.testing.assert_array_equal(traj[0], s.start)
        k = int(np.flatnonzero(lrs == result.best_lr[m])[0])
        assert result.best_score[m] == result.scores[m][k] == np.min(result.scores[m])
        np.testing.assert_array_equal(
            traj, optimizers.run(m, s.grad, s.start, 100, lr=result.best_lr[m])
        )
    # GD's best lr on a quadratic with L = 10 stays below the stability limit 2 / L
    assert result.best_lr["gd"] < 0.2
    assert set(result.ranking()) == {"gd", "adam"}


def test_race_passes_fixed_hyperparameters_and_marks_failures():
    s = landscapes.quadratic(kappa=10.0)
    result = race.race(s, ("gd", "momentum"), n_steps=200, lrs=np.array([5.0, 10.0]),
                       hp={"momentum": {"beta": 0.5}})  # fmt: skip
    assert np.isnan(result.best_lr["gd"]) and result.best_score["gd"] == np.inf
    assert np.isnan(result.final_loss["gd"])
    assert result.ranking()[-1] in ("gd", "momentum")


def test_race_steps_to_target_on_a_saddle():
    s = landscapes.saddle()
    result = race.race(s, ("gd", "rmsprop"), n_steps=100, lrs=race.lr_grid(1e-2, 1.0, 2),
                       criterion="steps_to_target", target=-1.0)  # fmt: skip
    assert result.best_score["rmsprop"] < result.best_score["gd"]
    assert result.ranking()[0] == "rmsprop"


def test_race_on_a_saddle_between_minima_rewards_axis_alignment():
    # Leaving the saddle and settling in a minimum (f <= 1e-6): RMSProp rescales the tiny
    # gradient along the escape direction when that direction is a coordinate axis; rotated by
    # 45 degrees, both coordinates share both curvatures and most of its advantage is gone.
    def steps(angle):
        result = race.race(landscapes.double_well(angle=angle), ("gd", "rmsprop"), n_steps=200,
                           lrs=race.lr_grid(1e-2, 1.0, 2), criterion="steps_to_target",
                           target=1e-6)  # fmt: skip
        return result.best_score["gd"], result.best_score["rmsprop"]

    gd, rmsprop = steps(0.0)
    assert gd > 5 * rmsprop
    gd, rmsprop = steps(np.pi / 4)
    assert gd < 2 * rmsprop


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"methods": ()}, ValueError, "at least one"),
        ({"methods": ("sgd",)}, ValueError, "method must be one of"),
        ({"hp": {"adam": {}}, "methods": ("gd",)}, ValueError, "not in the race"),
        ({"n_steps": 0}, ValueError, "n_steps"),
        ({"criterion": "steps_to_target"}, ValueError, "needs a target"),
    ],
)
def test_race_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        race.race(landscapes.bowl(), **kwargs)


def test_tune_rejects_bad_grids():
    with pytest.raises(ValueError, match="lrs must be"):
        race.tune("gd", landscapes.bowl(), 10, np.array([0.1, -0.1]))


@pytest.mark.parametrize(
    "name", ["bowl", "quadratic", "rosenbrock", "beale", "himmelblau", "saddle"]
)
def test_tune_runs_the_optimizer_on_surface_grad(name):
    s = getattr(landscapes, name)()
    lrs = np.array([1e-3, 1e-2])
    _, _, trajectories = race.tune("adam", s, 30, lrs, floor=1e-12)
    for lr, traj in zip(lrs, trajectories, strict=True):
        np.testing.assert_array_equal(traj, optimizers.run("adam", s.grad, s.start, 30, lr=lr))


def test_race_accepts_any_object_with_f_and_grad():
    class Bowl:
        name, start = "my bowl", (1.0, -1.0)

        def f(self, P):
            return np.sum(np.asarray(P) ** 2, axis=-1)

        def grad(self, P):
            return 2 * np.asarray(P)

    result = race.race(Bowl(), ("gd",), n_steps=20, lrs=np.array([0.1, 0.4]), floor=1e-12)
    assert result.best_lr["gd"] == 0.4 and result.surface_name == "my bowl"
