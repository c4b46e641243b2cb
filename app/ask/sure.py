"""How sure the line is of the best answer it found: the signals the finder measures, weighed
together by a small logistic model, and the line's bar for giving an answer.

No single signal parts right answers from wrong ones (a right answer may cover little of a
long question; a wrong one may lead well), so each is weighed by a coefficient fitted on the
evaluation set's tuning half and the training set (`tests/ask/fit.py`, which wrote
`data/sure.yaml`), and the answer is given when the model's chance that it is right reaches
the bar chosen there for 98% precision on questions the model was not fitted on. Urgent
phrases are never weighed here: they are looked for before."""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Signals:
    """What the finder measured of its best answer to one question."""

    covered: float  # the share of the question's meaning (weighed by rarity) the answer holds
    lead: float  # by how much its score leads the best other answer's, as a share of its own
    phrased: float  # the share of its nearest phrasing's meaning the question has
    named: float  # 1 when the question named a scan (the answer is a part of that scan)
    strength: float  # its score per unit of the question's meaning
    apart: float  # the lead over the best answer elsewhere (another topic, scan or answer)
    short: float  # 1 when it is a short answer written for questions
    fits: float  # how well the question fits the answer's part of a scan (app.ask.parts); 1 else
    part: float  # the regression's chance for the answer's part of a scan (app.ask.parts); 1 else

    def values(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in dataclasses.fields(self)}


NAMES = tuple(f.name for f in dataclasses.fields(Signals))
# A question that says one of the answer's reviewed phrasings whole, and little else, is asked
# in the words staff wrote for it: sure whatever the model's chance.
WHOLE = 0.9
# Below the bar, the best answer is still named to the caller as a choice ("it may be this"),
# never played, when the model's chance for it reaches this. Chosen on the training set
# (in-sample chances, README "Named, not played"): from here about three named answers in four
# are right, about half the unanswerable questions name nothing, and nearly all the right
# first places the line was not sure of are still named.
NAMED = 0.3


@dataclass(frozen=True)
class Model:
    """sigmoid(bias + the sum of each signal times its weight): the chance the answer is
    right. Sure when it reaches `bar`."""

    bias: float
    weights: Mapping[str, float]
    bar: float

    def chance(self, signals: Signals) -> float:
        values = signals.values()
        z = self.bias + sum(w * values[name] for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def named(self, signals: Signals) -> bool:
        """Whether an answer the line is not sure of is worth naming as a choice."""
        return self.chance(signals) >= NAMED

    def sure(self, signals: Signals) -> bool:
        said = signals.phrased >= 1.0 and signals.covered >= WHOLE
        return said or self.chance(signals) >= self.bar


def model_of(data: Mapping[str, object]) -> Model:
    """A model from its data; a weight for a signal the finder does not measure is refused."""
    weights = data.get("weights")
    if not isinstance(weights, Mapping):
        raise ValueError("sure: no weights")
    unknown = set(weights) - set(NAMES)
    if unknown:
        raise ValueError(f"sure: unknown signals {sorted(unknown)}")
    bias, bar = data.get("bias"), data.get("bar")
    if not isinstance(bias, int | float) or not isinstance(bar, int | float):
        raise ValueError("sure: bias and bar must be numbers")
    return Model(float(bias), {str(k): float(v) for k, v in weights.items()}, float(bar))


@functools.lru_cache(maxsize=1)
def shipped() -> Model:
    """The fitted model the line uses (app/ask/data/sure.yaml)."""
    text = resources.files("app.ask").joinpath("data", "sure.yaml").read_text("utf-8")
    return model_of(yaml.safe_load(text))
