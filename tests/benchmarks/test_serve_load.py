"""benchmarks/serve_load.py reads wrk's report: every unit wrk prints a time in."""

import pytest

from benchmarks.serve_load import parse_wrk, wrk_time_ms

# wrk 4.2 --latency on a slow machine: seconds are padded with a space to the column ("|"
# marks the end of such a line here).
SLOW_REPORT = """Running 15s test @ http://127.0.0.1:8801/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.31ms  301.02ms   1.99s    70.12%
    Req/Sec     9.87      4.21    20.00     61.00%
  Latency Distribution
     50%  790.55ms
     75%  987.12ms
     90%    1.21s |
     99%    1.54s |
  296 requests in 15.02s, 9.81MB read
Requests/sec:     19.71
Transfer/sec:    668.55KB
""".replace("|", " ")


@pytest.mark.parametrize(
    ("printed", "milliseconds"),
    [
        ("812.00us", 0.812),
        ("5.25ms", 5.25),
        ("1.54s", 1540.0),
        ("1.54s ", 1540.0),
        ("1.20m", 72_000.0),
        ("1.00h", 3_600_000.0),
        ("7us", 0.007),
    ],
)
def test_every_wrk_time_unit_is_read_in_milliseconds(printed, milliseconds):
    assert wrk_time_ms(printed) == pytest.approx(milliseconds)


@pytest.mark.parametrize("printed", ["", "1.5", "1.5 s", "fast", "1.5ks"])
def test_what_is_not_a_wrk_time_is_refused(printed):
    with pytest.raises(ValueError):
        wrk_time_ms(printed)


def test_a_report_with_latencies_past_a_second_is_read():
    assert parse_wrk(SLOW_REPORT) == {
        "requests_per_second": 19.71,
        "p50_ms": 790.55,
        "p99_ms": 1540.0,
    }


def test_a_report_in_minutes_and_microseconds_is_read():
    report = SLOW_REPORT.replace("790.55ms", "450.00us").replace("1.54s ", "1.20m ")
    figures = parse_wrk(report)
    assert figures["p50_ms"] == 0.45
    assert figures["p99_ms"] == 72_000.0


def test_a_report_without_the_latency_distribution_says_so():
    without = SLOW_REPORT.split("  Latency Distribution")[0]
    with pytest.raises(ValueError, match="latency distribution"):
        parse_wrk(without)
