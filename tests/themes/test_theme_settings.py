import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from themes.models import ThemeSettings

pytestmark = pytest.mark.django_db


def settings_for(municipality, **fields):
    theme_settings = ThemeSettings.for_site(municipality.site)
    for field, value in fields.items():
        setattr(theme_settings, field, value)
    return theme_settings


def test_a_palette_with_enough_contrast_is_accepted(municipality_a):
    theme_settings = settings_for(
        municipality_a,
        primary_colour="#1d4e89",
        secondary_colour="#333333",
        accent_colour="#ffd23f",
    )
    theme_settings.full_clean()


def test_a_light_primary_colour_is_refused_with_a_hungarian_message_naming_colour_and_ratio(
    municipality_a,
):
    # given a yellow primary colour, on which the theme puts white text
    theme_settings = settings_for(municipality_a, theme="classic", primary_colour="#FFDD00")

    # when
    with translation.override("hu"), pytest.raises(ValidationError) as refused:
        theme_settings.full_clean()

    # then the clerk is told which colour, what was found and what is needed
    message = " ".join(refused.value.message_dict["primary_colour"])
    assert "elsődleges szín" in message
    assert "#FFDD00" in message
    assert "1,34:1" in message
    assert "4,5:1" in message
    assert "sötétebb" in message


def test_a_dark_accent_colour_is_refused_in_favour_of_a_lighter_one(municipality_a):
    # the accent carries dark text in the built-in themes
    theme_settings = settings_for(municipality_a, theme="modern", accent_colour="#444444")

    with translation.override("hu"), pytest.raises(ValidationError) as refused:
        theme_settings.full_clean()

    message = " ".join(refused.value.message_dict["accent_colour"])
    assert "kiemelőszín" in message and "világosabb" in message
    assert set(refused.value.message_dict) == {"accent_colour"}


@pytest.mark.parametrize("bad", ["red", "#fff", "1d4e89", "#12345g"])
def test_colours_must_be_six_digit_hex(municipality_a, bad):
    with pytest.raises(ValidationError) as refused:
        settings_for(municipality_a, secondary_colour=bad).full_clean()
    assert "secondary_colour" in refused.value.message_dict


def test_only_installed_themes_and_fonts_can_be_chosen(municipality_a):
    with pytest.raises(ValidationError) as refused:
        settings_for(municipality_a, theme="nonexistent", font="comic-sans").full_clean()
    assert {"theme", "font"} <= set(refused.value.message_dict)


def test_empty_colours_and_font_follow_the_theme(municipality_a):
    theme_settings = settings_for(municipality_a, theme="sidebar", primary_colour="#123456")
    palette = theme_settings.palette()
    assert palette["primary"] == "#123456"
    assert palette["secondary"] == theme_settings.theme_object.palette["secondary"]
    assert theme_settings.font_object.key == "atkinson-hyperlegible"
