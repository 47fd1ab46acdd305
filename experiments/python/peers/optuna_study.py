"""An edgetune optimizer over an Optuna study: the shared half of the Optuna peers.

Each knob is an integer parameter over its level indices (the knobs are ordinal:
clocks, core counts, streams). The goal's constraints go to Optuna as
constraint values (<= 0 when met), so samplers that support constraints (TPE)
steer away from breaking them. An unavailable configuration (it cannot run)
is a failed trial. The recommendation is the best configuration that met the
goal as measured, the same rule every edgetune optimizer follows.
"""
import warnings

import optuna


class OptunaStudy:
    def make_sampler(self, seed, constraints):
        """The Optuna sampler; subclasses choose it. `constraints(trial)` gives the
        constraint values of a finished trial."""
        raise NotImplementedError

    def start(self, space, goal, budget, seed):
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
        self.space, self.goal = space, goal
        self.params = {k.name: optuna.distributions.IntDistribution(0, len(k.values) - 1)
                       for k in space.knobs}
        sampler = self.make_sampler(seed % 2**32, lambda trial: trial.user_attrs["constraints"])
        self.study = optuna.create_study(direction="maximize", sampler=sampler)
        self.trial = None
        self.best = None  # (levels, fps, W) of the best reading that met the goal

    def propose(self):
        self.trial = self.study.ask(self.params)
        return [self.trial.params[k.name] for k in self.space.knobs]

    def observe(self, m):
        if not m.available:
            self.study.tell(self.trial, state=optuna.trial.TrialState.FAIL)
            return
        violations = []
        if self.goal.power_budget_w is not None:
            violations.append(m.power_w - self.goal.power_budget_w)
        if self.goal.throughput_target_fps is not None:
            violations.append(self.goal.throughput_target_fps - m.throughput_fps)
        self.trial.set_user_attr("constraints", violations)
        self.study.tell(self.trial, self.goal.objective_value(m.throughput_fps, m.power_w))
        if self.goal.feasible(m.throughput_fps, m.power_w) and (
                self.best is None or self.goal.better(m.throughput_fps, m.power_w, *self.best[1:])):
            self.best = (m.config, m.throughput_fps, m.power_w)

    def recommend(self):
        return None if self.best is None else self.best[0]
