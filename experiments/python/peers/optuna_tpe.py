"""Optuna's TPE with constraints (Watanabe et al.), as a researcher would run it
on this problem: edgetune sweep --optimizers coral,py:experiments/python/peers/optuna_tpe.py:OptunaTPE
"""
import optuna

from optuna_study import OptunaStudy


class OptunaTPE(OptunaStudy):
    def make_sampler(self, seed, constraints):
        # Optuna's defaults (10 random startup trials), constraint-aware.
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints)
