"""What provision_scale.py measures while the command runs: every query (by SQL text and,
for the slices of the run, by slice), every call of provision_municipality, the load
average beside it, and the per-slice figures made of them."""

import cProfile
import os
import resource
import statistics
import threading
import time
from collections import defaultdict

SLICE = 100


class Background:
    """Runs beside the command: samples the load average and, if asked, runs ANALYZE.

    The load average shows whether something else competed for the CPUs during the run.
    ANALYZE every ``analyze_interval`` seconds, on a connection of its own, stands in for
    autovacuum on a server where it is switched off: without it the planner keeps the
    statistics of the empty tables and picks plans that get slower as the tables grow."""

    def __init__(self, url, analyze_interval=0.0, sample_interval=5.0):
        self.url = url
        self.analyze_interval = analyze_interval
        self.sample_interval = sample_interval
        self.loads = []
        self.analyzes = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.loads.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.loads.append(os.getloadavg()[0])

    def _run(self):
        import psycopg

        connection = psycopg.connect(self.url, autocommit=True) if self.analyze_interval else None
        next_analyze = time.monotonic() + self.analyze_interval
        try:
            while not self._stop.wait(self.sample_interval):
                self.loads.append(os.getloadavg()[0])
                if connection is not None and time.monotonic() >= next_analyze:
                    started = time.perf_counter()
                    connection.execute("ANALYZE")
                    self.analyzes.append(round(time.perf_counter() - started, 3))
                    next_analyze = time.monotonic() + self.analyze_interval
        finally:
            if connection is not None:
                connection.close()

    def figures(self):
        return {
            "load_average_1min_mean": round(statistics.fmean(self.loads), 2),
            "load_average_1min_max": round(max(self.loads), 2),
            "analyze_interval_seconds": self.analyze_interval,
            "analyze_runs": len(self.analyzes),
            "analyze_seconds": round(sum(self.analyzes), 2),
        }


def sql_table():
    return defaultdict(lambda: [0, 0.0])


class QueryRecorder:
    """execute_wrapper hook: counts every query and its time, by exact SQL text.

    While ``phases`` names slices of the run, the queries are also tallied for them."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.by_sql = sql_table()
        self.phases = ()
        self.by_phase = defaultdict(sql_table)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            entry = self.by_sql[sql]
            entry[0] += 1
            entry[1] += seconds
            self.count += 1
            self.seconds += seconds
            for phase in self.phases:
                entry = self.by_phase[phase][sql]
                entry[0] += 1
                entry[1] += seconds


class CallRecorder:
    """Wraps provision_municipality: queries, seconds and outcome of every call."""

    def __init__(self, function, queries, windows, profile_windows):
        self.function = function
        self.queries = queries
        self.windows = windows  # slice name -> (start, stop): queries tallied per slice
        self.profile_windows = profile_windows  # name -> (start, stop): run under cProfile
        self.profiles = {name: cProfile.Profile() for name in profile_windows}
        self.calls = []  # (queries, seconds, outcome, seconds spent in SQL)

    @staticmethod
    def _windows(windows, index):
        return tuple(name for name, (start, stop) in windows.items() if start <= index < stop)

    def __call__(self, data):
        index = len(self.calls)
        self.queries.phases = self._windows(self.windows, index)
        profiled = self._windows(self.profile_windows, index)
        profiler = self.profiles[profiled[0]] if profiled else None
        if profiler:
            profiler.enable()
        queries_before = self.queries.count
        sql_before = self.queries.seconds
        started = time.perf_counter()
        outcome = "error"
        try:
            result = self.function(data)
            outcome = str(result.outcome)
            return result
        finally:
            if profiler:
                profiler.disable()
            self.calls.append(
                (
                    self.queries.count - queries_before,
                    time.perf_counter() - started,
                    outcome,
                    self.queries.seconds - sql_before,
                )
            )


def max_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def slice_windows(count):
    """The first, middle and last SLICE calls (a third each in a run below 3 * SLICE)."""
    size = max(1, min(SLICE, count // 3))
    middle = max(0, count // 2 - size // 2)
    return {
        "first": (0, size),
        "middle": (middle, middle + size),
        "last": (count - size, count),
    }


def profile_windows(count):
    """Calls to profile: next to the first and last slices, so that these stay unprofiled."""
    size = max(1, min(SLICE, count // 3))
    if count >= 5 * size:
        return {"early": (size, 2 * size), "late": (count - 2 * size, count - size)}
    half = count // 2  # a small run: its two halves
    return {"early": (0, half), "late": (count - half, count)} if half else {}


def slice_stats(calls, start, stop):
    part = calls[start:stop]
    return {
        "from": start + 1,
        "to": start + len(part),
        "queries_per_municipality": statistics.fmean(c[0] for c in part),
        "queries_min": min(c[0] for c in part),
        "queries_max": max(c[0] for c in part),
        "ms_per_municipality": statistics.fmean(c[1] for c in part) * 1000,
        "ms_median": statistics.median(c[1] for c in part) * 1000,
        "sql_ms_per_municipality": statistics.fmean(c[3] for c in part) * 1000,
    }


def slices(calls):
    count = len(calls)
    named = {
        name: slice_stats(calls, start, stop)
        for name, (start, stop) in slice_windows(count).items()
    }
    tenths = [
        slice_stats(calls, count * i // 10, count * (i + 1) // 10)
        for i in range(10)
        if count * (i + 1) // 10 > count * i // 10
    ]
    return named, tenths
