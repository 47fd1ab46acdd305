"""Small Python optimizers the tests drive through the C++ run loop."""
import random


class RandomSearch:
    """Uniform random configurations from the seed; recommends the best reading that met the goal.
    Keeps every proposal and reading so tests can compare runs."""

    def start(self, space, goal, budget, seed):
        self.space, self.goal, self.budget = space, goal, budget
        self.rng = random.Random(seed)
        self.best = None
        self.log = []

    def propose(self):
        return self.space.config(self.rng.randrange(len(self.space)))

    def observe(self, m):
        self.log.append((tuple(m.config), m.available, m.throughput_fps, m.power_w, m.cost_s))
        if m.available and self.goal.feasible(m.throughput_fps, m.power_w) and (
                self.best is None or self.goal.better(m.throughput_fps, m.power_w, *self.best[1:])):
            self.best = (m.config, m.throughput_fps, m.power_w)

    def recommend(self):
        return None if self.best is None else self.best[0]


class RaisesInObserve(RandomSearch):
    def observe(self, m):
        raise ZeroDivisionError("observe failed on purpose")


class ProposesOffTheGrid(RandomSearch):
    def propose(self):
        return [99] * len(self.space.knobs)


class LacksRecommend:
    def start(self, space, goal, budget, seed):
        pass

    def propose(self):
        return None

    def observe(self, m):
        pass


class InterruptedInPropose(RandomSearch):
    """Ctrl-C arriving while propose() runs."""
    def propose(self):
        raise KeyboardInterrupt


class ExitsInObserve(RandomSearch):
    def observe(self, m):
        raise SystemExit(3)


class ProposesAHugeValue(RandomSearch):
    def propose(self):
        return list(range(10 ** 6))


class PrintsAsItGoes(RandomSearch):
    def start(self, space, goal, budget, seed):
        print("starting a chatty search")
        super().start(space, goal, budget, seed)
