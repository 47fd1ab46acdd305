"""The edgetune Python module: surfaces as numpy arrays equal to h5py's reading,
goals, the replay device, the oracle, and runs that equal the CLI's."""
import h5py
import numpy as np
import pytest

import edgetune
from conftest import cli, cli_json, shipped


def test_lists_the_registered_optimizers_as_the_cli_does():
    assert edgetune.list_optimizers() == cli_json("list", "optimizers")["optimizers"]
    assert "coral" in [o["name"] for o in edgetune.list_optimizers()]


@pytest.mark.parametrize("name", ["xavier-nx_yolov8s.h5", "agx-orin_yolov8x.h5",
                                  "recorded/jetson-nano_inception.h5"])
def test_metrics_and_knobs_equal_h5py_reading_of_the_file(name):
    surface = edgetune.load_surface(shipped(name))
    with h5py.File(shipped(name), "r") as f:
        assert surface.device == f.attrs["device"]
        assert surface.model == f.attrs["model"]
        assert surface.provenance == f.attrs["provenance"]
        axes = sorted(f["knobs"], key=lambda k: f["knobs"][k].attrs["axis"])
        assert [k.name for k in surface.knobs] == axes
        for knob in surface.knobs:
            assert np.array_equal(knob.values, f["knobs"][knob.name][()])
            assert knob.unit == f["knobs"][knob.name].attrs["unit"]
        assert sorted(surface.metrics) == sorted(f["metrics"])
        for metric, values in surface.metrics.items():
            stored = f["metrics"][metric][()]
            assert values.shape == stored.shape
            assert np.array_equal(values, stored, equal_nan=True), metric
            assert surface.units[metric] == f["metrics"][metric].attrs["unit"]
        for metric, values in surface.metrics_std.items():
            assert np.array_equal(values, f["metrics_std"][metric][()], equal_nan=True)


def test_a_damaged_file_is_a_value_error_naming_it(tmp_path):
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"not an HDF5 file")
    with pytest.raises(ValueError, match="bad.h5"):
        edgetune.load_surface(str(bad))


def test_goals_carry_their_constraints():
    goal = edgetune.dual(power_budget=12, throughput_target=50)
    assert (goal.kind, goal.power_budget_w, goal.throughput_target_fps) == ("dual", 12, 50)
    assert goal.feasible(60, 11) and not goal.feasible(40, 11) and not goal.feasible(60, 13)
    assert edgetune.max_throughput().power_budget_w is None
    assert edgetune.min_power(throughput_target=30).kind == "min-power"
    with pytest.raises(ValueError, match="power"):
        edgetune.run("coral", shipped("xavier-nx_yolov8s.h5"), edgetune.max_throughput(-1))


def test_the_oracle_equals_the_cli_with_and_without_slack(surface_path):
    goal = edgetune.max_throughput(power_budget=12)
    for slack in (0.0, 1.44):
        expected = cli_json("oracle", "--surface", surface_path, "--goal", "max-throughput",
                            "--power-budget", "12", "--slack-sd", str(slack))
        assert edgetune.oracle(surface_path, goal, slack_sd=slack) == expected
    with pytest.raises(ValueError, match="slack_sd"):
        edgetune.oracle(surface_path, goal, slack_sd=-1)


def test_the_replay_device_is_seeded_and_exact_without_noise(surface_path):
    surface = edgetune.load_surface(surface_path)
    config = [1, 2, 3, 1, 4]
    a = edgetune.ReplayDevice(surface, seed=7)
    b = edgetune.ReplayDevice(surface, seed=7)
    readings = [(a.measure(config).throughput_fps, b.measure(config).throughput_fps) for _ in range(3)]
    assert all(x == y for x, y in readings)
    assert len({x for x, _ in readings}) == 3, "noise: each reading differs"
    exact = edgetune.ReplayDevice(surface, noise=False).measure(config)
    assert exact.throughput_fps == surface.metrics["throughput"][tuple(config)]
    assert exact.power_w == surface.metrics["power"][tuple(config)]
    with pytest.raises(ValueError, match="not a configuration"):
        a.measure([99, 0, 0, 0, 0])


@pytest.mark.parametrize("optimizer", ["coral", "bo", "random"])
def test_a_registered_optimizer_run_from_python_equals_the_cli_run(surface_path, optimizer):
    goal = edgetune.dual(power_budget=12, throughput_target=50)
    from_python = edgetune.run(optimizer, surface_path, goal, trials=20, seed=5)
    from_cli = cli_json("run", "--surface", surface_path, "--optimizer", optimizer, "--goal", "dual",
                        "--power-budget", "12", "--throughput-target", "50", "--trials", "20",
                        "--seed", "5", "--quiet")
    assert from_python == from_cli
    # A loaded Surface replays exactly as its path does.
    loaded = edgetune.run(optimizer, edgetune.load_surface(surface_path), goal, trials=20, seed=5)
    assert loaded["score"] == from_cli["score"]
    assert loaded["recommended"] == from_cli["recommended"]


def test_a_sampled_surface_says_what_was_measured_as_h5py_reads_it():
    # Format version 2 (traces/surface-format-v2.md): /measured and the
    # completion attributes, the same through the module and through h5py.
    sample = shipped("sampled/xavier-nx_inception_sample10.h5")
    completed = edgetune.load_surface(shipped("sampled/xavier-nx_inception_sample10_completed.h5"))
    with h5py.File(sample) as f:
        assert f.attrs["format_version"] == 2
        assert np.array_equal(edgetune.load_surface(sample).measured, f["measured"][...] == 1)
        assert np.array_equal(completed.measured, f["measured"][...] == 1)
    assert completed.completion["method"] == "log-gp"
    assert completed.completion["readings"] == 27
    assert edgetune.load_surface(shipped("xavier-nx_yolov8n.h5")).measured.all()
    assert edgetune.load_surface(shipped("xavier-nx_yolov8n.h5")).completion is None
    # Replaying the sample itself is refused, naming the fix.
    with pytest.raises(ValueError, match="edgetune complete"):
        edgetune.run("random", sample, edgetune.max_throughput(power_budget=10))
