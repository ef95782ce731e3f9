"""What provision_scale.py makes of its measurements: the SQL grouped by statement shape,
the comparison of two cProfile windows, and the printed summary."""

import pstats
import re
from collections import Counter
from pathlib import Path

from provision_measuring import slice_windows, sql_table

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TOP_SHAPES = 10


_SHAPE_RULES = [
    (re.compile(r"'(?:[^']|'')*'"), "'?'"),  # string literals
    (re.compile(r'"s\d+_x\d+"'), '"<savepoint>"'),  # Django's savepoint ids
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "N"),  # number literals
    (re.compile(r"\((?:\s*%s\s*,)+\s*%s\s*\)"), "(%s, ...)"),  # IN lists / one VALUES row
    (re.compile(r"(\(%s, \.\.\.\)|\(%s\))(?:\s*,\s*\1)+"), r"\1, ..."),  # several VALUES rows
]


def shape_of(sql):
    for pattern, replacement in _SHAPE_RULES:
        sql = pattern.sub(replacement, sql)
    return " ".join(sql.split())


_LONG_LISTS = [
    re.compile(r"^(SELECT (?:DISTINCT )?)(.+?)( FROM )"),
    re.compile(r"^(INSERT INTO \S+ \()(.+?)(\) VALUES)"),
    re.compile(r"^(UPDATE \S+ SET )(.+?)( WHERE )"),
]


def abbreviate(shape):
    """The shape with long column lists replaced by their length, for reading."""
    for pattern in _LONG_LISTS:
        match = pattern.match(shape)
        if match and match.group(2).count(",") >= 3:
            columns = match.group(2).count(",") + 1
            return f"{match.group(1)}<{columns} columns>{match.group(3)}{shape[match.end() :]}"
    return shape


def _by_shape(by_sql):
    shapes = sql_table()
    for sql, (count, seconds) in by_sql.items():
        entry = shapes[shape_of(sql)]
        entry[0] += count
        entry[1] += seconds
    return shapes


def query_shapes(recorder, municipalities):
    """SQL grouped by statement shape: top shapes by count, by time and by growth.

    For each shape, ``first_ms`` and ``last_ms`` are its milliseconds per municipality in the
    first and the last slice of the run: a shape whose cost grows with the number already
    provisioned shows there even when its count per municipality stays constant."""
    shapes = _by_shape(recorder.by_sql)
    windows = slice_windows(municipalities)
    per_slice = {
        name: (_by_shape(recorder.by_phase.get(name, {})), stop - start)
        for name, (start, stop) in windows.items()
    }
    total_seconds = sum(seconds for _, seconds in shapes.values()) or 1

    def slice_ms(shape, name):
        table, size = per_slice[name]
        return table[shape][1] * 1000 / size if shape in table else 0.0

    def row(item):
        shape, (count, seconds) = item
        return {
            "shape": shape,
            "short": abbreviate(shape),
            "count": count,
            "per_municipality": count / municipalities,
            "seconds": round(seconds, 3),
            "share_of_sql_time": round(seconds / total_seconds, 4),
            "first_ms": round(slice_ms(shape, "first"), 3),
            "middle_ms": round(slice_ms(shape, "middle"), 3),
            "last_ms": round(slice_ms(shape, "last"), 3),
        }

    items = list(shapes.items())

    def growth(item):
        return slice_ms(item[0], "last") - slice_ms(item[0], "first")

    return {
        "distinct_shapes": len(items),
        "sql_seconds": round(total_seconds, 3),
        "top_by_count": [row(i) for i in sorted(items, key=lambda i: -i[1][0])[:TOP_SHAPES]],
        "top_by_time": [row(i) for i in sorted(items, key=lambda i: -i[1][1])[:TOP_SHAPES]],
        "top_by_growth": [row(i) for i in sorted(items, key=growth, reverse=True)[:TOP_SHAPES]],
    }


# ---------------------------------------------------------------------------- Python profile


def _function_label(key):
    filename, line, function = key
    for marker in ("site-packages/", str(PROJECT_ROOT) + "/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({function})" if line else function


def profile_comparison(profiles, windows, directory, stem):
    """Dump each window's profile and compare them: own and cumulative time per municipality."""
    tables = {}
    files = {}
    for name, profiler in profiles.items():
        path = directory / f"{stem}_{name}.prof"
        profiler.dump_stats(path)
        files[name] = str(path)
        start, stop = windows[name]
        try:
            stats = pstats.Stats(str(path)).stats
        except TypeError:  # nothing was profiled in this window
            continue
        tables[name] = {
            key: (calls, own * 1000 / (stop - start), cumulative * 1000 / (stop - start))
            for key, (_, calls, own, cumulative, _) in stats.items()
        }
    if len(tables) < 2:
        return {}
    early, late = tables["early"], tables["late"]
    keys = set(early) | set(late)

    def row(key):
        e_calls, e_own, e_cum = early.get(key, (0, 0.0, 0.0))
        l_calls, l_own, l_cum = late.get(key, (0, 0.0, 0.0))
        return {
            "function": _function_label(key),
            "calls_early": e_calls,
            "calls_late": l_calls,
            "own_ms_early": round(e_own, 3),
            "own_ms_late": round(l_own, 3),
            "cumulative_ms_early": round(e_cum, 3),
            "cumulative_ms_late": round(l_cum, 3),
        }

    def top(sort_key, limit=15):
        return [row(k) for k in sorted(keys, key=sort_key, reverse=True)[:limit]]

    return {
        "windows": {name: [start + 1, stop] for name, (start, stop) in windows.items()},
        "files": files,
        "unit": "milliseconds per municipality",
        "top_own_late": top(lambda k: late.get(k, (0, 0, 0))[1]),
        "top_own_growth": top(lambda k: late.get(k, (0, 0, 0))[1] - early.get(k, (0, 0, 0))[1]),
        "top_cumulative_growth": top(
            lambda k: late.get(k, (0, 0, 0))[2] - early.get(k, (0, 0, 0))[2], limit=25
        ),
    }


def outcome_counts(calls):
    return dict(Counter(call[2] for call in calls))


def print_shapes(title, rows):
    print(f"\n{title}")
    print(
        "| # | count | per mun. | seconds | share | ms/mun. first slice | ms/mun. last slice "
        "| statement shape |"
    )
    print("|--:|------:|---------:|--------:|------:|------:|------:|-----------------|")
    for number, row in enumerate(rows, 1):
        shape = row.get("short") or abbreviate(row["shape"])
        if len(shape) > 220:
            shape = shape[:217] + "..."
        print(
            f"| {number} | {row['count']} | {row['per_municipality']:.2f} | "
            f"{row['seconds']:.2f} | {row['share_of_sql_time']:.1%} | "
            f"{row['first_ms']:.2f} | {row['last_ms']:.2f} | `{shape}` |"
        )


def print_profile(comparison):
    early, late = comparison["windows"]["early"], comparison["windows"]["late"]
    for title, key in (
        ("own time, late window", "top_own_late"),
        ("growth of own time", "top_own_growth"),
        ("growth of cumulative time", "top_cumulative_growth"),
    ):
        print(
            f"\ncProfile, {title} (ms per municipality; early = calls {early[0]}–{early[1]}, "
            f"late = calls {late[0]}–{late[1]}):"
        )
        print(
            "| function | calls early | calls late | own early | own late "
            "| cumul. early | cumul. late |"
        )
        print("|---|--:|--:|--:|--:|--:|--:|")
        for row in comparison[key]:
            print(
                f"| `{row['function']}` | {row['calls_early']} | {row['calls_late']} | "
                f"{row['own_ms_early']:.2f} | {row['own_ms_late']:.2f} | "
                f"{row['cumulative_ms_early']:.2f} | {row['cumulative_ms_late']:.2f} |"
            )


def print_summary(results, server, analyze_interval):
    """The figures of a run as a person reads them, and as a Markdown row for the README."""
    count = results["count"]
    facts = results["database"]
    second_outcomes = results["second_run"]["outcomes"]
    idempotent = results["second_run"]["idempotent"]
    named = results["first_run"]["slices"]
    tenths = results["first_run"]["tenths"]
    shapes = results["first_run"]["query_shapes"]
    rss_after_migrate = results["peak_rss_mib"]["after_migrate"]
    run = results["first_run"]
    rerun = results["second_run"]
    print()
    print(
        f"Provisioned {count} municipalities ({facts['postgresql']}, "
        f"{results['machine']['nproc']} CPUs, revision {results['revision']})"
    )
    print(f"  command:   {run['command_output']}")
    if run["command_errors"]:
        print(f"  errors:    {run['command_errors'][:500]}")
    print(
        f"  wall time: {run['wall_seconds']:.1f} s ({run['ms_per_municipality']:.1f} ms "
        f"per municipality, {run['municipalities_per_second']:.1f}/s)"
    )
    print(
        f"  queries:   {run['queries']} ({run['queries_per_municipality']:.2f} per "
        f"municipality, SQL time {shapes['sql_seconds']:.1f} s)"
    )
    print(
        f"  peak RSS:  {results['peak_rss_mib']['after_second_run']:.0f} MiB "
        f"(after migrate {rss_after_migrate:.0f} MiB)"
    )
    print(
        f"  re-run:    {rerun['wall_seconds']:.1f} s, {rerun['queries_per_municipality']:.2f} "
        f"queries per municipality; {rerun['command_output']}"
    )
    print(f"  idempotent: {'yes' if idempotent else 'NO'} {second_outcomes}")
    print(f"  rows:      {facts['rows']}")
    load = run["background"]
    print(
        f"  load avg:  {load['load_average_1min_mean']:.2f} mean, "
        f"{load['load_average_1min_max']:.2f} max during the first run "
        f"({results['machine']['nproc']} CPUs; alone, this benchmark keeps it about 1–1.3)"
    )
    print(f"  server:    {server}")
    if load["analyze_runs"]:
        print(
            f"  ANALYZE:   {load['analyze_runs']} runs, every {analyze_interval:g} s, "
            f"{load['analyze_seconds']:.1f} s in all"
        )
    print("\nPer slice of the first run (queries and ms per municipality):")
    print(
        "| municipalities | queries (mean) | queries (min–max) | ms (mean) | ms (median) "
        "| SQL ms (mean) |"
    )
    print(
        "|---------------:|---------------:|------------------:|----------:|------------:"
        "|--------------:|"
    )
    for name, part in [*named.items(), *((f"tenth {i}", t) for i, t in enumerate(tenths, 1))]:
        print(
            f"| {name} {part['from']}–{part['to']} | {part['queries_per_municipality']:.2f} | "
            f"{part['queries_min']}–{part['queries_max']} | {part['ms_per_municipality']:.1f} | "
            f"{part['ms_median']:.1f} | {part['sql_ms_per_municipality']:.1f} |"
        )
    print_shapes("Top statement shapes by count (first run):", shapes["top_by_count"])
    print_shapes("Top statement shapes by time (first run):", shapes["top_by_time"])
    print_shapes(
        "Top statement shapes by growth, last slice against first (first run):",
        shapes["top_by_growth"],
    )
    if run.get("cprofile"):
        print_profile(run["cprofile"])

    print("\nMarkdown row:")
    print(
        "| date | count | total s | ms/mun. | queries/mun. | q/mun. first/middle/last slice "
        "| ms/mun. first/middle/last slice | peak RSS MiB | re-run s | re-run created/updated |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    print(
        f"| {results['date']} | {count} | {run['wall_seconds']:.1f} | "
        f"{run['ms_per_municipality']:.1f} | {run['queries_per_municipality']:.2f} | "
        + " / ".join(f"{named[k]['queries_per_municipality']:.2f}" for k in named)
        + " | "
        + " / ".join(f"{named[k]['ms_per_municipality']:.1f}" for k in named)
        + " | "
        f"{results['peak_rss_mib']['after_second_run']:.0f} | {rerun['wall_seconds']:.1f} | "
        f"{second_outcomes.get('created', 0)}/{second_outcomes.get('updated', 0)} |"
    )
