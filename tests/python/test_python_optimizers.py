"""Optimizers written in Python, driven by the C++ run loop from the module and
from the CLI: deterministic per seed, judged like C++ ones, and a failure in
Python is one clean error naming the method."""
import json
import os

import pytest

import edgetune
from conftest import HERE, SOURCE_DIR, cli, cli_json, shipped

EXAMPLES = os.path.join(HERE, "example_optimizers.py")
GOAL_ARGS = ["--goal", "max-throughput", "--power-budget", "12"]


def test_a_python_class_gives_identical_trials_from_one_seed(examples, surface_path):
    goal = edgetune.max_throughput(power_budget=12)
    first, again, other = examples.RandomSearch(), examples.RandomSearch(), examples.RandomSearch()
    a = edgetune.run(first, surface_path, goal, trials=15, seed=11)
    b = edgetune.run(again, surface_path, goal, trials=15, seed=11)
    edgetune.run(other, surface_path, goal, trials=15, seed=12)
    assert first.log == again.log and a == b
    assert len(first.log) == 15
    assert first.log != other.log, "another seed, other proposals and noise"
    assert a["optimizer"] == "RandomSearch"
    # The space the optimizer kept is its own copy: it outlives the run's surface.
    edgetune.load_surface(shipped("recorded/jetson-nano_inception.h5"))
    assert [k.name for k in first.space.knobs] == ["cpu_freq", "cpu_cores", "gpu_freq", "emc_freq",
                                                   "concurrency"]
    assert len(first.space) == len(edgetune.load_surface(surface_path).space)
    assert a["budget_violations"] == sum(1 for c, ok, fps, w, s in first.log if ok and w > 12)


def test_the_same_class_from_the_cli_gives_the_same_run(examples, surface_path):
    from_python = edgetune.run(examples.RandomSearch(), surface_path,
                               edgetune.max_throughput(power_budget=12), trials=15, seed=11)
    from_cli = cli_json("run", "--surface", surface_path, "--optimizer",
                        f"py:{EXAMPLES}:RandomSearch", *GOAL_ARGS, "--trials", "15", "--seed", "11",
                        "--quiet")
    for field in ("recommended", "score", "feasible", "trials", "budget_violations", "board_seconds"):
        assert from_python[field] == from_cli[field], field


def test_a_python_exception_is_one_clean_error_naming_the_method(examples, surface_path):
    goal = edgetune.max_throughput(power_budget=12)
    with pytest.raises(ValueError, match=r"RaisesInObserve: observe\(\) raised ZeroDivisionError: "
                                         r"observe failed on purpose"):
        edgetune.run(examples.RaisesInObserve(), surface_path, goal)
    with pytest.raises(ValueError, match=r"propose\(\) returned \[99, 99, 99, 99, 99\], not a configuration"):
        edgetune.run(examples.ProposesOffTheGrid(), surface_path, goal)
    with pytest.raises(ValueError, match=r"no recommend\(\) method"):
        edgetune.run(examples.LacksRecommend(), surface_path, goal)
    code, out, err = cli("run", "--surface", surface_path, "--optimizer",
                         f"py:{EXAMPLES}:RaisesInObserve", *GOAL_ARGS, "--quiet", check=False)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "observe() raised ZeroDivisionError" in err
    for spec, message in ((f"py:{EXAMPLES}:Nowhere", "has no class 'Nowhere'"),
                          ("py:/nonexistent.py:X", "not found"), ("py:nocolon", "py:PATH.py:Class")):
        code, _, err = cli("run", "--surface", surface_path, "--optimizer", spec, *GOAL_ARGS,
                           check=False)
        assert code == 2 and message in err, err


def test_python_methods_sweep_beside_cxx_ones_deterministically(tmp_path):
    surfaces = [shipped("xavier-nx_yolov8s.h5")]
    optimizers = f"coral,py:{EXAMPLES}:RandomSearch,py:{EXAMPLES}:RaisesInObserve"
    sweep = ["sweep", "--quiet", "--surfaces", *surfaces, "--optimizers", optimizers,
             "--scenarios", "smoke", "--seeds", "2"]
    cli(*sweep, "--jobs", "1", "--out", str(tmp_path / "j1"))
    cli(*sweep, "--jobs", "2", "--out", str(tmp_path / "j2"))
    for table in ("runs.csv", "trials.csv", "results.h5"):
        assert (tmp_path / "j1" / table).read_bytes() == (tmp_path / "j2" / table).read_bytes()
    import pandas as pd
    runs = pd.read_csv(tmp_path / "j1" / "runs.csv")
    failing = runs[runs.optimizer.str.endswith(":RaisesInObserve")]
    assert len(failing) == 6 and failing.error.str.contains("observe() raised", regex=False).all()
    working = runs[runs.optimizer.str.endswith(":RandomSearch")]
    assert len(working) == 6 and working.error.isna().all() and (working.trials == 30).all()


@pytest.mark.parametrize("peer", ["optuna_tpe.py:OptunaTPE", "optuna_random.py:OptunaRandom"])
def test_the_shipped_optuna_peers_run_and_recommend_only_what_met_the_goal(peer, surface_path):
    spec = "py:" + os.path.join(SOURCE_DIR, "experiments", "python", "peers", peer)
    for seed in range(3):
        result = edgetune.run(spec, surface_path, edgetune.dual(power_budget=12, throughput_target=50),
                              trials=30, seed=seed)
        assert result["trials"] == 30
        if result["recommended"] is not None:
            assert result["score"] > 0 or not result["feasible"]
    again = edgetune.run(spec, surface_path, edgetune.max_throughput(power_budget=12), seed=4)
    assert again == edgetune.run(spec, surface_path, edgetune.max_throughput(power_budget=12), seed=4)


def test_ctrl_c_stops_a_sweep_with_a_python_method(tmp_path):
    # The embedded interpreter must not take SIGINT over: its handler only
    # sets a flag that nothing checks while the sweep's threads run.
    import signal
    import subprocess
    import time

    from conftest import BINARY
    sweep = subprocess.Popen([BINARY, "sweep", "--quiet", "--optimizers",
                              f"bo,py:{EXAMPLES}:RandomSearch", "--scenarios", "paper",
                              "--seeds", "30", "--out", str(tmp_path / "interrupted")])
    time.sleep(2)
    assert sweep.poll() is None, "the sweep should still be running"
    sweep.send_signal(signal.SIGINT)
    try:
        assert sweep.wait(timeout=20) == -signal.SIGINT
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.wait()


def test_a_slurm_plan_measures_a_python_methods_cost_and_its_shards_use_it(tmp_path):
    # No table knows a Python method's cost: the plan times a pilot run and
    # writes it into the shard jobs, so every shard draws the same runs.
    method = f"py:{EXAMPLES}:RandomSearch"
    plan = ["sweep", "--optimizers", f"coral,{method}", "--surfaces", shipped("xavier-nx_yolov8s.h5"),
            "--scenarios", "smoke", "--seeds", "2"]
    out = tmp_path / "cluster"
    cli(*plan, "--slurm", "2", "--out", str(out))
    shards = (out / "slurm" / "shards.sbatch").read_text()
    cost = shards.split("--cost ")[1].split()[0].strip("'")
    name, us = cost.rsplit("=", 1)
    assert name == method and float(us) >= 1, shards
    # A shard without the cost is refused; with it, both shards split the runs.
    code, _, err = cli(*plan, "--shard", "0/2", "--out", str(tmp_path / "no-cost"), "--quiet",
                       check=False)
    assert code == 2 and "--cost" in err, err
    runs = 0
    for k in (0, 1):
        stats = cli_json(*plan, "--cost", cost, "--shard", f"{k}/2", "--out", str(tmp_path / f"s{k}"),
                         "--quiet")
        runs += stats["runs_total"]
    assert runs == 2 * 3 * 2  # two methods x three scenarios x two seeds


def test_interrupts_in_a_python_method_go_on_as_they_are(examples, surface_path):
    # As ValueError, `except ValueError` once swallowed Ctrl-C and sys.exit().
    goal = edgetune.max_throughput(power_budget=12)
    with pytest.raises(KeyboardInterrupt):
        edgetune.run(examples.InterruptedInPropose(), surface_path, goal)
    with pytest.raises(SystemExit):
        edgetune.run(examples.ExitsInObserve(), surface_path, goal)


def test_ctrl_c_during_a_cxx_run_is_raised_between_trials(surface_path):
    # Ctrl-C was once raised only when the run ended: a 200-trial bo run
    # takes seconds; interrupted after 0.1 s, it now stops within a trial.
    import _thread
    import threading
    import time
    goal = edgetune.max_throughput(power_budget=12)
    surface = edgetune.load_surface(surface_path)
    start = time.monotonic()
    edgetune.run("bo", surface, goal, trials=120)
    whole = time.monotonic() - start
    timer = threading.Timer(0.1, _thread.interrupt_main)
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        edgetune.run("bo", surface, goal, trials=120)
    assert time.monotonic() - start < 0.1 + whole / 2, f"the whole run takes {whole:.2f} s"


def test_a_huge_value_in_an_error_is_quoted_in_brief(examples, surface_path):
    # A 10^7-element return value once made an 89 MB error line.
    with pytest.raises(ValueError) as raised:
        edgetune.run(examples.ProposesAHugeValue(), surface_path, edgetune.max_throughput(power_budget=12))
    assert len(str(raised.value)) < 3000


def test_what_a_plug_in_prints_does_not_corrupt_json(surface_path):
    code, out, err = cli("run", "--surface", surface_path, "--optimizer",
                         f"py:{EXAMPLES}:PrintsAsItGoes", *GOAL_ARGS, "--trials", "5", "--quiet",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["optimizer"] == f"py:{EXAMPLES}:PrintsAsItGoes"
    assert "starting a chatty search" in err
