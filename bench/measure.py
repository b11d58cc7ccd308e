"""Small measuring tools: percentiles, memory, garbage-collector pauses, logged errors."""

from __future__ import annotations

import gc
import logging
import os
import resource
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); no interpolation, so p99 is a real sample."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return float(ordered[rank - 1])


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def peak_rss_mib() -> float:
    """This process's resident high-water mark.

    VmHWM belongs to the process's own memory map. getrusage's ru_maxrss is not good enough
    for a worker started by subprocess: Linux carries the parent's high-water mark across
    vfork + exec, so every worker would report at least its parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mib() -> float:
    """Resident memory right now, from /proc (falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return peak_rss_mib()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class GcStats:
    collections: list[int] = field(default_factory=lambda: [0, 0, 0])
    pause_ms: float = 0.0
    max_pause_ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gen0": self.collections[0],
            "gen1": self.collections[1],
            "gen2": self.collections[2],
            "pause_ms": round(self.pause_ms, 2),
            "max_pause_ms": round(self.max_pause_ms, 2),
        }


class GcWatch:
    """Counts collections per generation and their pauses while the block runs.

    gc.freeze() only helps if full (gen2) collections happen during the work; this shows
    whether they do, which explains a freeze/no-freeze difference or its absence.
    """

    def __init__(self) -> None:
        self.stats = GcStats()
        self._started = 0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter_ns()
            return
        pause = (time.perf_counter_ns() - self._started) / 1e6
        self.stats.collections[info["generation"]] += 1
        self.stats.pause_ms += pause
        self.stats.max_pause_ms = max(self.stats.max_pause_ms, pause)

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        gc.callbacks.remove(self._callback)


class ErrorCounter(logging.Handler):
    """Counts ERROR records: the bot's error router swallows exceptions and only logs them,
    so without this a broken workload would look like a very fast one."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0
        self.first: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.first is None:
            self.first = record.getMessage()

    def __enter__(self) -> ErrorCounter:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        logging.getLogger().removeHandler(self)
