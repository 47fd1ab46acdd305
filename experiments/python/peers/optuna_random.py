"""Optuna's random sampler: the floor any search method must clear, run through
the same study code as the TPE peer (optuna_study.py):
edgetune sweep --optimizers coral,py:experiments/python/peers/optuna_random.py:OptunaRandom
"""
import optuna

from optuna_study import OptunaStudy


class OptunaRandom(OptunaStudy):
    def make_sampler(self, seed, constraints):
        return optuna.samplers.RandomSampler(seed=seed)
