"""The kiosk's look: a font with full Vietnamese diacritics, high contrast colours (WCAG AAA on
white) and touch targets of at least 64 pixels, as one style sheet."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from terminal.paths import bundled_font_files

#: Fonts the set-up installs (fonts-noto-core, fonts-dejavu-core); both cover Vietnamese.
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans")

INK = "#111111"        # text on white: 18.9:1
PRIMARY = "#003b73"    # white on it: 11.7:1
SUCCESS = "#0b5d2a"    # white on it: 8.1:1
WARNING = "#6b3f00"    # white on it: 8.6:1
DANGER = "#9b0000"     # white on it: 9.4:1
PAPER = "#ffffff"
MUTED_PAPER = "#eef2f7"
FOCUS = "#ffb000"      # focus ring: visible on every background above

TOUCH_TARGET_PX = 64

STYLE_SHEET = f"""
QWidget {{ background: {PAPER}; color: {INK}; font-size: 26px; }}
QLabel[role="title"] {{ font-size: 54px; font-weight: bold; }}
QLabel[role="subtitle"] {{ font-size: 34px; }}
QLabel[role="step"] {{ font-size: 40px; }}
QLabel[role="hi-ok"] {{ font-size: 40px; font-weight: bold; color: {SUCCESS}; }}
QLabel[role="hi-other"] {{ font-size: 40px; font-weight: bold; color: {WARNING}; }}
QLabel[role="note"] {{ font-size: 32px; }}
QLabel[role="clinic"] {{ font-size: 28px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="ticket"] {{ font-size: 170px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="banner-ok"] {{ background: {SUCCESS}; color: white; font-size: 48px;
    font-weight: bold; padding: 18px; }}
QLabel[role="banner-warn"] {{ background: {WARNING}; color: white; font-size: 48px;
    font-weight: bold; padding: 18px; }}
QLabel[role="banner-error"] {{ background: {DANGER}; color: white; font-size: 50px;
    font-weight: bold; padding: 22px; }}
QLabel[role="guidance"] {{ font-size: 44px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="prompt"] {{ background: {PRIMARY}; color: white; font-size: 40px; font-weight: bold;
    padding: 16px; }}
QLabel[role="status-ok"] {{ color: {SUCCESS}; font-weight: bold; }}
QLabel[role="status-error"] {{ color: {DANGER}; font-weight: bold; }}
QLabel[role="field-error"] {{ color: {DANGER}; }}
QFrame[role="panel"] {{ background: {MUTED_PAPER}; border-radius: 12px; }}
QFrame[role="panel"] QLabel {{ background: {MUTED_PAPER}; }}
QPushButton {{ background: {PRIMARY}; color: white; border: 3px solid {PRIMARY};
    border-radius: 10px; padding: 10px 26px; min-height: {TOUCH_TARGET_PX - 26}px;
    min-width: {TOUCH_TARGET_PX}px; font-weight: bold; }}
QPushButton:focus {{ border: 4px solid {FOCUS}; }}
QPushButton:disabled {{ background: #5a5a5a; border-color: #5a5a5a; color: #ffffff; }}
QPushButton[role="quiet"] {{ background: {PAPER}; color: {PRIMARY}; }}
QPushButton[role="keypad"] {{ font-size: 56px; min-height: 110px; min-width: 150px; }}
QPushButton[role="choice"] {{ font-size: 40px; min-height: 110px; text-align: left; }}
QLabel[role="digits"] {{ font-size: 96px; font-weight: bold; color: {PRIMARY};
    border: 4px solid {PRIMARY}; border-radius: 12px; padding: 8px 24px; }}
QPushButton[role="quiet"]:focus {{ border: 4px solid {FOCUS}; }}
QLineEdit {{ border: 3px solid {INK}; border-radius: 6px; padding: 8px; min-height: 40px; }}
QLineEdit:focus {{ border: 4px solid {FOCUS}; }}
QProgressBar {{ border: 3px solid {PRIMARY}; border-radius: 10px; min-height: 44px;
    text-align: center; font-weight: bold; }}
QProgressBar::chunk {{ background: {PRIMARY}; }}
QTabBar::tab {{ padding: 14px 28px; min-height: 36px; font-weight: bold;
    border: 2px solid {INK}; background: {MUTED_PAPER}; }}
QTabBar::tab:selected {{ background: {PRIMARY}; color: white; }}
QTabBar::tab:focus {{ border: 4px solid {FOCUS}; }}
QTableWidget {{ gridline-color: #767676; font-size: 22px; selection-background-color: {PRIMARY};
    selection-color: white; }}
QTableWidget:focus {{ border: 4px solid {FOCUS}; }}
QHeaderView::section {{ background: {INK}; color: white; font-weight: bold; padding: 8px;
    font-size: 22px; }}
"""


def kiosk_font() -> QFont:
    """The first installed family of FONT_FAMILIES (Qt falls back by itself if none is); the
    bundle's own copies of the fonts count as installed."""
    for path in bundled_font_files():
        QFontDatabase.addApplicationFont(str(path))
    installed = set(QFontDatabase.families())
    family = next((f for f in FONT_FAMILIES if f in installed), FONT_FAMILIES[0])
    font = QFont(family)
    font.setPixelSize(26)
    return font
