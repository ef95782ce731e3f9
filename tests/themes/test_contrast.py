import pytest

from themes.contrast import contrast_ratio, meets_aa, parse_hex, relative_luminance


@pytest.mark.parametrize(
    ("colour", "luminance"),
    [("#ffffff", 1.0), ("#000000", 0.0), ("#808080", 0.2158605), ("#ff0000", 0.2126)],
)
def test_relative_luminance_follows_wcag(colour, luminance):
    assert relative_luminance(colour) == pytest.approx(luminance, abs=1e-6)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),  # and the darkest that fails
        ("#1d4e89", "#ffffff", 8.39),
    ],
)
def test_contrast_ratio_is_symmetric_and_matches_known_pairs(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(ratio, abs=0.01)


def test_aa_threshold_for_normal_text():
    assert meets_aa("#767676", "#ffffff")
    assert not meets_aa("#777777", "#ffffff")


@pytest.mark.parametrize("bad", ["", "#fff", "1d4e89", "#1d4e8g", "#1d4e8900", None])
def test_only_six_digit_hex_colours_are_read(bad):
    with pytest.raises(ValueError):
        parse_hex(bad)
