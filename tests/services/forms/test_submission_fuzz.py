"""Whatever a client sends, the outcome is cleaned data or a validation error — never a 500."""

import json

from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.forms.fieldtypes import CleaningContext
from services.forms.validation import SubmissionInvalid, clean_submission

DEFINITIONS = [
    json.loads(path.read_text(encoding="utf-8"))["versions"][0]["definition"]
    for path in sorted((settings.BASE_DIR / "data" / "form_templates").glob("*.json"))
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "8365670003",
            "12345676-1-31",
            "2026-02-30",
            "on",
            "1e9",
            "HU42117730161111101800000000",
            "-1",
            "9" * 40,
            "1234/5",
            "egyeb",
            "uj",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=10,
)


class NoMunicipality(CleaningContext):
    def postal_settlements(self):
        return {"3300": {"Eger"}}


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DEFINITIONS), st.data())
def test_random_answers_never_raise_anything_but_a_validation_error(definition, data):
    keys = [spec["key"] for step in definition["steps"] for spec in step["fields"]]
    answers = data.draw(
        st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), values, max_size=12)
    )
    try:
        result = clean_submission(definition, answers, context=NoMunicipality())
    except SubmissionInvalid as invalid:
        assert invalid.errors and all(
            isinstance(m, str) for ms in invalid.errors.values() for m in ms
        )
    else:
        json.dumps(result.data)  # what is stored is plain JSON
        assert isinstance(result.fee, int) and result.fee >= 0


@given(values)
def test_even_a_non_dict_payload_is_only_a_validation_error(payload):
    try:
        clean_submission(DEFINITIONS[0], payload, context=NoMunicipality())
    except SubmissionInvalid:
        pass
