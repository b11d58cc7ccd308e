"""A fault storm: each request fails with some probability, until a budget is spent.

`FakeBotAPI.inject` fails the next N matching requests, which tests one retry path at a
time. A storm mixes the failures Telegram really produces under load, at random moments,
so that retries of different kinds overlap across chats. Every kind here fails WITHOUT
effect (Telegram did nothing), so a correct client must deliver each message exactly once.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .limits import Fault


@dataclass(frozen=True)
class FaultKind:
    """One way a request can fail; see FakeBotAPI.inject for status/delay/drop."""

    name: str
    status: int | None
    delay: float = 0.0
    drop: bool = False
    description: str | None = None


DEFAULT_KINDS: tuple[FaultKind, ...] = (
    FaultKind("429", 429),
    FaultKind("500", 500),
    FaultKind("502", 502),
    # Telegram's front answers 504 when its backend did not answer in time; the client has
    # waited meanwhile, which is what makes it a timeout rather than a quick error.
    FaultKind("timeout", 504, delay=0.3, description="Gateway Timeout"),
    FaultKind("drop", None, drop=True),  # connection closed, no answer at all
)

# The long poll must keep flowing, or the storm would test the bot's patience, not its
# delivery: with updates stalled, nothing is sent that could fail.
DEFAULT_EXEMPT: frozenset[str] = frozenset({"getupdates"})


class RandomFaults:
    """Fails each non-exempt request with `probability`, until `total` faults were injected.

    The RNG is seeded, so a sequential client sees the same storm each run; concurrent
    clients see the same sequence of draws, though not always in the same request order.
    """

    def __init__(
        self,
        probability: float,
        total: int,
        *,
        kinds: Iterable[FaultKind] = DEFAULT_KINDS,
        weights: Iterable[float] | None = None,
        exempt: Iterable[str] = DEFAULT_EXEMPT,
        retry_after: int = 1,
        seed: int = 0,
    ) -> None:
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"probability must be within [0, 1], not {probability}")
        self.probability = probability
        self.total = total
        self.kinds = tuple(kinds)
        self.weights = tuple(weights) if weights is not None else None
        if not self.kinds or (self.weights is not None and len(self.weights) != len(self.kinds)):
            raise ValueError("need at least one kind, and one weight per kind if weighted")
        self.exempt = frozenset(m.lower() for m in exempt)
        self.retry_after = retry_after
        self.paused = False
        self.by_kind: Counter[str] = Counter()
        self.by_method: Counter[str] = Counter()
        self.requests = 0  # requests that could have failed (not exempt, budget left)
        self._rng = random.Random(seed)

    @property
    def injected(self) -> int:
        return self.by_kind.total()

    @property
    def spent(self) -> bool:
        return self.injected >= self.total

    def draw(self, method: str) -> Fault | None:
        """A one-shot Fault for this request, or None to let it through."""
        if self.paused or self.spent or method.lower() in self.exempt:
            return None
        self.requests += 1
        if self._rng.random() >= self.probability:
            return None
        kind = self._rng.choices(self.kinds, self.weights)[0]
        self.by_kind[kind.name] += 1
        self.by_method[method] += 1
        return Fault(
            method=method,
            status=kind.status,
            retry_after=self.retry_after,
            times=1,
            delay=kind.delay,
            drop=kind.drop,
            description=kind.description,
        )

    def summary(self) -> str:
        kinds = ", ".join(f"{name}: {n}" for name, n in sorted(self.by_kind.items()))
        methods = ", ".join(f"{name}: {n}" for name, n in self.by_method.most_common())
        return (
            f"{self.injected}/{self.total} faults in {self.requests} requests ({kinds});"
            f" by method: {methods}"
        )
