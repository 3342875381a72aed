"""The kiosk's look: a font with full Vietnamese diacritics, high contrast colours (WCAG AA or
better for every text/background pair; tests/ui/test_theme.py measures them), touch targets of at
least 64 pixels, and text sizes as multiples of one body size that follows the screen."""

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
DISABLED = "#5a5a5a"   # white on it: 6.9:1
PROGRESS = "#3f88c5"   # the progress bar's fill: ink on it 5.0:1 (its number), on white 3.8:1
FOCUS = "#ffb000"      # focus ring, and the "take your card" strip (ink on it: 10.4:1)

TOUCH_TARGET_PX = 64

#: The body text size the layouts were drawn at (the console keeps it), and the screen it suits:
#: on another screen every size scales by the smaller of the two ratios (portrait: the reference
#: turned on its side).
DESIGN_BODY_PX = 26
REFERENCE_SCREEN = (1280, 800)
#: No body text smaller than this, however small the screen (a screen that cannot hold the
#: text at this size gets it anyway: the layouts then fit what they can).
MIN_BODY_PX = 13
#: The patient's "larger text" toggle multiplies the body size by this.
LARGER_TEXT = 1.3

#: Text size of each role (QLabel/QPushButton property "role"), in multiples of the body size.
TEXT_SIZES = {
    "title": 2.08, "subtitle": 1.3, "step": 1.54, "hi-ok": 1.54, "hi-other": 1.54, "note": 1.23,
    "clinic": 1.08, "ticket": 6.5, "banner": 1.85, "guidance": 1.7, "prompt": 1.54,
    "take-card": 1.54, "countdown": 1.54, "keypad": 2.15, "keypad-word": 1.3, "done": 1.3, "digits": 3.7, "table": 0.85,
    "choice": 1.54,
}


def body_px(width: int, height: int, larger: bool = False) -> int:
    """The body text size for a screen (or window) of `width` x `height` pixels."""
    ref_w, ref_h = REFERENCE_SCREEN if width >= height else REFERENCE_SCREEN[::-1]
    scale = min(width / ref_w, height / ref_h) * (LARGER_TEXT if larger else 1.0)
    return max(MIN_BODY_PX, round(DESIGN_BODY_PX * scale))


def style_sheet(body: int = DESIGN_BODY_PX) -> str:
    """The whole style sheet with every size derived from `body` pixels."""
    def px(role: str) -> int:
        return round(body * TEXT_SIZES[role])

    def em(factor: float) -> int:
        return max(1, round(body * factor))

    return f"""
QWidget {{ background: {PAPER}; color: {INK}; font-size: {body}px; }}
QLabel[role="title"] {{ font-size: {px("title")}px; font-weight: bold; }}
QLabel[role="subtitle"] {{ font-size: {px("subtitle")}px; }}
QLabel[role="step"] {{ font-size: {px("step")}px; }}
QLabel[role="hi-ok"] {{ font-size: {px("hi-ok")}px; font-weight: bold; color: {SUCCESS}; }}
QLabel[role="hi-other"] {{ font-size: {px("hi-other")}px; font-weight: bold; color: {WARNING}; }}
QLabel[role="note"] {{ font-size: {px("note")}px; }}
QLabel[role="clinic"] {{ font-size: {px("clinic")}px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="ticket"] {{ font-size: {px("ticket")}px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="banner-ok"] {{ background: {SUCCESS}; color: {PAPER}; font-size: {px("banner")}px;
    font-weight: bold; padding: {em(0.7)}px; }}
QLabel[role="banner-warn"] {{ background: {WARNING}; color: {PAPER}; font-size: {px("banner")}px;
    font-weight: bold; padding: {em(0.7)}px; }}
QLabel[role="banner-error"] {{ background: {DANGER}; color: {PAPER}; font-size: {px("banner")}px;
    font-weight: bold; padding: {em(0.85)}px; }}
QLabel[role="take-card"] {{ background: {FOCUS}; color: {INK}; font-size: {px("take-card")}px;
    font-weight: bold; padding: {em(0.4)}px; }}
QLabel[role="guidance"] {{ font-size: {px("guidance")}px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="prompt"] {{ background: {PRIMARY}; color: {PAPER}; font-size: {px("prompt")}px;
    font-weight: bold; padding: {em(0.6)}px; }}
QLabel[role="countdown"] {{ font-size: {px("countdown")}px; font-weight: bold; color: {DANGER}; }}
QLabel[role="status-ok"] {{ color: {SUCCESS}; font-weight: bold; }}
QLabel[role="status-error"] {{ color: {DANGER}; font-weight: bold; }}
QLabel[role="field-error"] {{ color: {DANGER}; }}
QFrame[role="panel"] {{ background: {MUTED_PAPER}; border-radius: 12px; }}
QFrame[role="panel"] QLabel {{ background: {MUTED_PAPER}; }}
QPushButton {{ background: {PRIMARY}; color: {PAPER}; border: 4px solid {PRIMARY};
    border-radius: 10px; padding: {em(0.38)}px {em(1.0)}px; min-height: {TOUCH_TARGET_PX - 26}px;
    min-width: {TOUCH_TARGET_PX}px; font-weight: bold; }}
QPushButton:focus {{ border: 4px solid {FOCUS}; }}
QPushButton:disabled {{ background: {DISABLED}; border-color: {DISABLED}; color: {PAPER}; }}
QPushButton[role="quiet"] {{ background: {PAPER}; color: {PRIMARY}; }}
QPushButton[role="quiet"]:checked {{ background: {PRIMARY}; color: {PAPER}; }}
QPushButton[role="keypad"] {{ font-size: {px("keypad")}px; min-height: {em(4.2)}px;
    min-width: {em(5.8)}px; }}
QPushButton[role="choice"] {{ font-size: {px("choice")}px; min-height: {em(4.2)}px;
    text-align: left; }}
QPushButton[role="done"] {{ font-size: {px("done")}px; min-width: {em(6)}px; }}
QPushButton[role="keypad-word"] {{ font-size: {px("keypad-word")}px; min-height: {em(4.2)}px; }}
QLabel[role="digits"] {{ font-size: {px("digits")}px; font-weight: bold; color: {PRIMARY};
    border: 4px solid {PRIMARY}; border-radius: 12px; padding: {em(0.3)}px {em(0.9)}px; }}
QPushButton[role="quiet"]:focus {{ border: 4px solid {FOCUS}; }}
QLineEdit {{ border: 3px solid {INK}; border-radius: 6px; padding: 8px; min-height: 40px; }}
QLineEdit:focus {{ border: 4px solid {FOCUS}; }}
QProgressBar {{ border: 3px solid {PRIMARY}; border-radius: 10px; min-height: {em(1.7)}px;
    text-align: center; font-weight: bold; color: {INK}; }}
QProgressBar::chunk {{ background: {PROGRESS}; }}
QTabBar::tab {{ padding: 14px 28px; min-height: 36px; font-weight: bold;
    border: 2px solid {INK}; background: {MUTED_PAPER}; color: {INK}; }}
QTabBar::tab:selected {{ background: {PRIMARY}; color: {PAPER}; }}
QTabBar::tab:focus {{ border: 4px solid {FOCUS}; }}
QTableWidget {{ gridline-color: #767676; font-size: {px("table")}px;
    selection-background-color: {PRIMARY}; selection-color: {PAPER}; }}
QTableWidget:focus {{ border: 4px solid {FOCUS}; }}
QHeaderView::section {{ background: {INK}; color: {PAPER}; font-weight: bold; padding: 8px;
    font-size: {px("table")}px; }}
"""


#: The sheet at the design size: the application's (console, dialogs); the patient screens get
#: theirs from style_sheet(body_px(...)) as the window's size and the text size toggle say.
STYLE_SHEET = style_sheet()


def kiosk_font() -> QFont:
    """The first installed family of FONT_FAMILIES (Qt falls back by itself if none is); the
    bundle's own copies of the fonts count as installed."""
    for path in bundled_font_files():
        QFontDatabase.addApplicationFont(str(path))
    installed = set(QFontDatabase.families())
    family = next((f for f in FONT_FAMILIES if f in installed), FONT_FAMILIES[0])
    font = QFont(family)
    font.setPixelSize(DESIGN_BODY_PX)
    return font
