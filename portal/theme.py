"""The council's colours and font: ready themes, WCAG contrast checks and the derived palette.

Colours are used as text on white (links) and as the background of white text (buttons, the
footer): each must reach 4.5:1 against white, the WCAG AA ratio for body text (3:1 is enough
only for large text, which a link or a button is not).
"""

import colorsys
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"
AA_TEXT = 4.5
AA_LARGE_TEXT = 3.0
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Font:
    family: str
    files: str  # the start of its files' names in portal/static/portal/fonts/


FONTS = {
    "source-sans-3": Font("Source Sans 3", "source-sans-3-latin"),
    "atkinson-hyperlegible": Font("Atkinson Hyperlegible", "atkinson-hyperlegible-latin"),
}


@dataclass(frozen=True)
class Theme:
    label: str
    primary: str
    secondary: str
    font: str


# Three starting points staff pick from; their own colours, when set, replace the theme's.
THEMES = {
    "ardoise": Theme(_("Ardoise (bleu et gris)"), "#0b4a6f", "#1f2a36", "source-sans-3"),
    "bocage": Theme(_("Bocage (vert et brun)"), "#2d5a27", "#3d2e1f", "atkinson-hyperlegible"),
    "brique": Theme(_("Brique (rouge et anthracite)"), "#9a2f1c", "#2b2b2b", "source-sans-3"),
}
DEFAULT_THEME = "ardoise"


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def luminance(colour):
    red, green, blue = (_channel(v) for v in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    """The WCAG contrast ratio of two "#rrggbb" colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _from_hls(hue, lightness, saturation):
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (red, green, blue))


def nearest_passing(colour, against=WHITE, ratio=AA_TEXT):
    """The colour of the same hue and saturation, darkened just enough to reach `ratio`."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(v / 255 for v in _rgb(colour)))
    while lightness > 0:
        lightness = max(0.0, lightness - 0.005)
        candidate = _from_hls(hue, lightness, saturation)
        if contrast(candidate, against) >= ratio:
            return candidate
    return "#000000"


def mix(colour, other, share):
    """`colour` with `share` (0 to 1) of `other` blended in."""
    return "#" + "".join(
        f"{round(a + (b - a) * share):02x}" for a, b in zip(_rgb(colour), _rgb(other), strict=True)
    )


def palette(primary, secondary):
    """The stylesheet's custom properties that follow the council's colours."""
    return {
        "--color-primary": primary,
        "--color-primary-dark": mix(primary, "#000000", 0.25),
        "--color-primary-soft": mix(primary, WHITE, 0.9),
        "--color-footer-bg": secondary,
        "--color-footer-link": WHITE,  # 4.5:1 at least on a secondary colour that passed
    }
