"""What the HTTP fuzzer sends, and how many examples it tries.

Two profiles: ``default`` for ``make test`` (a few examples per endpoint, so the suite stays
fast) and ``long`` for ``make fuzz`` (``HYPOTHESIS_PROFILE=long``: thousands). Only the
tests of this folder use them, through ``fuzz_settings``/``few``; the rest of the suite keeps
Hypothesis's defaults."""

import os
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
# The examples a test of one endpoint tries, and the fewer the catch-all tries per URL.
EXAMPLES = {"default": 15, "long": 2000}.get(PROFILE, 15)
FEW = {"default": 2, "long": 200}.get(PROFILE, 2)

_common = {
    "deadline": None,
    "derandomize": PROFILE == "default",  # the same examples every run in `make test`
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,  # the fixtures are set up once, then reused
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    "database": None if PROFILE == "default" else settings.default.database,
}
fuzz_settings = settings(max_examples=EXAMPLES, **_common)
few = settings(max_examples=FEW, **_common)

# Digits of every kind a person can paste: ASCII, fullwidth, Arabic-Indic, Persian,
# Devanagari, superscripts and subscripts (isdigit() but not int()-able).
DIGITS = "0123456789０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵६७८९²³¹⁰⁴₂"
SEPARATORS = [",", ".", " ", "\u00a0", "\u202f", "", "'", "-", "\u2212"]
NASTY = [
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate, sent as its UTF-8-ish escape %ED%A0%80
    "x\udfffy",
    "²",
    "٣",
    "１２",
    "1.5",
    "1,5",
    "3000.00 Ft",
    "10.000",
    "1.500.000",
    "12 500",
    "-1",
    "1e5",
    "NaN",
    "∞",
    "9" * 40,
    "HU96 94468441-94843213-27386541",
    "８３６５６７０００３",
    "2026-02-30",
    "２０２６-03-16",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "on",
    "",
    " ",
]

digit_runs = st.text(st.sampled_from(DIGITS), min_size=1, max_size=10)
numberish = st.builds(
    lambda sign, a, sep, b, unit: f"{sign}{a}{sep}{b}{unit}",
    st.sampled_from(["", "-", "+", "\u2212"]),
    digit_runs,
    st.sampled_from(SEPARATORS),
    digit_runs,
    st.sampled_from(["", " Ft", "Ft", " HUF", "%"]),
)
huge = st.sampled_from(["x" * 100_000, "1" * 20_000, "\u00e1" * 30_000])
value = st.one_of(
    st.sampled_from(NASTY),
    numberish,
    digit_runs,
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8"), max_size=12),
    huge,
)
values = st.one_of(value, st.lists(value, min_size=2, max_size=3))


def _encode(text):
    # A lone surrogate is sent as the bytes Python would write for it ("surrogatepass"),
    # which a browser may send from broken input: the server must decode them safely.
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def urlencoded(fields):
    """An application/x-www-form-urlencoded body of {name: value or [values]}."""
    pairs = []
    for name, content in fields.items():
        for item in content if isinstance(content, list) else [content]:
            pairs.append(f"{_encode(name)}={_encode(item)}")
    return "&".join(pairs)


def post(client, url, fields, **extra):
    return client.post(
        url, urlencoded(fields), content_type="application/x-www-form-urlencoded", **extra
    )


def field_names(definition):
    """The names an HTML form of this definition posts, as data_from_post reads them, with
    row indexes a browser would not send (Unicode digits) among them."""
    names = []
    for step in definition["steps"]:
        for spec in step["fields"]:
            key = spec["key"]
            if spec["type"] == "group":
                for row in ("0", "1", "²", "٣", "00", "999"):
                    names += [f"{key}__{row}__{sub['key']}" for sub in spec["fields"]]
            elif spec["type"] == "postal_address":
                names += [
                    f"{key}__{part}"
                    for part in ("postal_code", "settlement", "street", "house_number")
                ]
            elif spec["type"] != "file":
                names.append(key)
    return names


def form_post(definition, extra_names=()):
    names = field_names(definition) + list(extra_names)
    return st.dictionaries(
        st.sampled_from(names) | st.text(max_size=10), values, min_size=1, max_size=len(names)
    )
