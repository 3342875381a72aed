"""The theme: every text colour against every background it is drawn on reaches WCAG AA (4.5:1),
measured from the style sheet itself; sizes come from the body size, not fixed pixels."""

from __future__ import annotations

import re

import pytest

from ui import theme
from ui.theme import DESIGN_BODY_PX, INK, MUTED_PAPER, PAPER, TEXT_SIZES, body_px, style_sheet

#: Backgrounds text with no background of its own may sit on (the screens, the ticket panel).
SURFACES = (PAPER, MUTED_PAPER)


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour_pairs(sheet: str) -> list[tuple[str, str, str]]:
    """(rule, text colour, background) for every rule of the sheet that sets a colour: its own
    pair, or its text colour on every surface, or the inherited ink on its own background."""
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        props = dict(re.findall(r"([a-z-]+)\s*:\s*([^;]+);", body))
        named = {k: v.split()[-1] if k == "border" else v.strip() for k, v in props.items()}
        fg, bg = named.get("color"), named.get("background")
        rule = selector.strip()
        if fg and bg:
            pairs.append((rule, fg, bg))
        elif fg:
            pairs += [(rule, fg, surface) for surface in SURFACES]
        elif bg:
            pairs.append((rule, INK, bg))
        if "selection-color" in named:
            pairs.append((rule, named["selection-color"], named["selection-background-color"]))
    return pairs


def test_the_sheet_names_its_colours_so_they_can_be_measured():
    pairs = colour_pairs(style_sheet())
    rules = {rule for rule, _, _ in pairs}
    assert {'QLabel[role="take-card"]', 'QPushButton', 'QLabel[role="countdown"]',
            'QHeaderView::section', 'QPushButton:disabled'} <= rules
    for _, fg, bg in pairs:
        assert re.fullmatch(r"#[0-9a-f]{6}", fg) and re.fullmatch(r"#[0-9a-f]{6}", bg), (fg, bg)


@pytest.mark.parametrize("rule, fg, bg", colour_pairs(style_sheet()))
def test_every_text_and_background_pair_reaches_4_5_to_1(rule, fg, bg):
    assert contrast(fg, bg) >= 4.5, f"{rule}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


def test_the_contrast_measure_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_sizes_follow_the_body_size_not_fixed_pixels():
    small, large = style_sheet(13), style_sheet(52)
    for role, factor in TEXT_SIZES.items():
        for body, sheet in ((13, small), (52, large)):
            assert f"font-size: {round(body * factor)}px" in sheet, role
    assert theme.STYLE_SHEET == style_sheet(DESIGN_BODY_PX)


def test_the_body_size_follows_the_screen_in_both_orientations():
    assert body_px(1280, 800) == DESIGN_BODY_PX
    assert body_px(800, 1280) == DESIGN_BODY_PX  # the same panel turned on its side
    assert body_px(1024, 768) < body_px(1920, 1080) < body_px(3840, 2160)
    assert body_px(1920, 1080, larger=True) > body_px(1920, 1080)
    assert body_px(320, 240) == theme.MIN_BODY_PX
