"""WCAG 2.1 contrast: relative luminance and contrast ratio of sRGB colours.

Formulae of WCAG 2.1, success criterion 1.4.3 and its definitions of "relative luminance"
and "contrast ratio"; AA asks 4.5:1 for normal text."""

import re

AA_NORMAL_TEXT = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def parse_hex(colour):
    if not HEX_COLOUR.match(colour or ""):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _linear(channel):
    value = channel / 255
    # 0.03928 is WCAG 2.1's published threshold (sRGB's own is 0.04045; no 8-bit value
    # falls between the two, so the results are the same).
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    red, green, blue = (_linear(channel) for channel in parse_hex(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def meets_aa(foreground, background, minimum=AA_NORMAL_TEXT):
    return contrast_ratio(foreground, background) >= minimum
