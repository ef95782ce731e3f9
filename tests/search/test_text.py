import pytest

from search.text import fold


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Helyi adók", "helyi adok"),
        ("ŐSZI ÜNNEP", "oszi unnep"),
        ("fűtés, tűzoltó", "futes, tuzolto"),
        ("építési engedély", "epitesi engedely"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_drops_hungarian_accents_and_case(typed, folded):
    assert fold(typed) == folded
