"""The statistics behind `edgetune compare` and `report`, checked against
scipy.stats (Debian's python3-scipy) on many random samples, and the
module's load_results() and compare() against the CLI."""
import random

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sp

import edgetune
from conftest import cli, cli_json

RNG = random.Random(20261207)


def samples():
    """Differences as comparisons make them: small exact cases, ties and
    zeros from scores that agree, large normal-approximation cases."""
    out = []
    for n in (5, 8, 12, 20, 35, 50):
        out.append([RNG.gauss(0.1, 1) for _ in range(n)])
    for n in (15, 60, 200, 720):
        out.append([round(RNG.gauss(0.02, 0.1), 2) for _ in range(n)])  # ties and zeros
    for n in (30, 80):
        out.append([0.0] * (n // 3) + [RNG.choice([-1, 1]) * RNG.random() for _ in range(n)])
    return out


@pytest.mark.parametrize("d", samples())
def test_wilcoxon_matches_scipy(d):
    ours = edgetune.stats.wilcoxon(d)
    has_zeros = any(x == 0 for x in d)
    has_ties = len(set(abs(x) for x in d if x != 0)) < sum(1 for x in d if x != 0)
    exact = len(d) <= 50 and not has_zeros and not has_ties
    assert ours["exact"] == exact
    ref = sp.wilcoxon(d, zero_method="pratt", method="exact" if exact else "approx")
    assert ours["statistic"] == pytest.approx(ref.statistic, abs=1e-9)
    assert ours["pvalue"] == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("k,n", [(0, 1), (3, 10), (7, 10), (12, 40), (61, 85), (0, 0), (250, 480)])
def test_binomial_matches_scipy(k, n):
    expected = 1.0 if n == 0 else sp.binomtest(k, n, 0.5).pvalue
    assert edgetune.stats.binomial_test(k, n) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("blocks,methods", [(10, 3), (40, 5), (720, 8)])
def test_friedman_matches_scipy(blocks, methods):
    # Rounded scores: ties within blocks, as static methods make them.
    data = [[round(RNG.random() + 0.05 * m, 1) for m in range(methods)] for _ in range(blocks)]
    ours = edgetune.stats.friedman(data)
    ref = sp.friedmanchisquare(*np.array(data).T)
    assert ours["statistic"] == pytest.approx(ref.statistic, rel=1e-9)
    assert ours["pvalue"] == pytest.approx(ref.pvalue, rel=1e-7, abs=1e-300)
    ranks = sp.rankdata(-np.array(data), axis=1).mean(axis=0)
    assert ours["mean_ranks"] == pytest.approx(list(ranks))
    # Nemenyi: q_alpha of the studentized range (df = inf) / sqrt(2).
    q = sp.studentized_range.ppf(0.95, methods, np.inf)
    cd = q / np.sqrt(2) * np.sqrt(methods * (methods + 1) / (6 * blocks))
    assert ours["critical_difference"] == pytest.approx(cd, rel=1e-3)


def test_holm_matches_the_step_down_definition():
    p = [RNG.random() ** 3 for _ in range(12)]
    order = np.argsort(p, kind="stable")
    expected, running = [0.0] * len(p), 0.0
    for j, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - j) * p[i]))
        expected[i] = running
    assert edgetune.stats.holm(p) == pytest.approx(expected)


def test_bootstrap_matches_a_reference_computation():
    """The same resampling computed here: percentiles of 2000 medians. The
    resamples differ (numpy's generator against std::mt19937_64), so the
    bounds agree within Monte Carlo error, and ours are reproducible."""
    sample = [RNG.gauss(0.9, 0.05) for _ in range(200)]
    low, high = edgetune.stats.bootstrap_interval(sample, "median", seed=3)
    assert (low, high) == edgetune.stats.bootstrap_interval(sample, "median", seed=3)
    gen = np.random.default_rng(3)
    medians = np.median(gen.choice(sample, size=(2000, len(sample)), replace=True), axis=1)
    ref_low, ref_high = np.percentile(medians, [2.5, 97.5])
    width = ref_high - ref_low
    assert low == pytest.approx(ref_low, abs=0.15 * width)
    assert high == pytest.approx(ref_high, abs=0.15 * width)
    assert low < np.median(sample) < high


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("verdicts") / "sweep")
    cli("sweep", "--quiet", "--optimizers", "coral,random,static-maxn", "--scenarios", "smoke",
        "--seeds", "3", "--out", out)
    return out


def test_load_results_gives_the_csv_columns(sweep_dir):
    runs, trials = edgetune.load_results(sweep_dir)
    assert list(runs.columns) == list(pd.read_csv(sweep_dir + "/runs.csv").columns)
    assert list(trials.columns) == list(pd.read_csv(sweep_dir + "/trials.csv").columns)
    assert len(runs) == 8 * 3 * 3 * 3
    assert {"true_over_budget", "energy_over_budget_j", "trials_to_95pct"} <= set(runs.columns)
    with pytest.raises(ValueError, match="runs.csv"):
        edgetune.load_results(sweep_dir + "/nowhere")


def test_compare_returns_the_clis_tables(sweep_dir):
    ours = edgetune.compare(sweep_dir)
    theirs = cli_json("compare", sweep_dir, "--no-plots", "--out", sweep_dir + "/cmp")
    assert list(ours["paired"]["median_difference"]) == [r["median_difference"] for r in theirs["paired"]]
    assert list(ours["ranking"]["optimizer"]) == ["coral", "random", "static-maxn"]
    assert ours["friedman"]["cells"] == theirs["friedman"]["cells"]
    gate = edgetune.compare(sweep_dir, sweep_dir)
    assert gate["verdict"]["regression"] is False
    assert (gate["paired"]["median_difference"] == 0).all()
