"""The gateway's code tables: every result code (`maKetQua`) with its class, bilingual message and
the receptionist's next step; and the benefit levels written in a card number.

Sources: /work/shared/reference/hi-gateway.md §4 (result codes, [2+]) and §5 (card number);
benefit shares from the Law on Health Insurance art. 22 and VSS Decision 1351/QĐ-BHXH (2015) on
card coding [inf: see docs/eligibility.md]. A code not listed is UNKNOWN, never eligible.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from terminal.eligibility.records import EligibilityStatus


class CardNote(StrEnum):
    """What a usable card's code asks of the desk beyond "use it" (the kiosk tells the patient)."""

    NONE = "none"
    CHECK_PAPERS = "check_papers"      # managed by the defence / police social security
    USE_NEW_CARD = "use_new_card"      # the old card expired; the new one is used for this visit
    NEW_CARD_ISSUED = "new_card_issued"  # the old card still works; a new one was issued

    @property
    def new_card(self) -> bool:
        return self in (CardNote.USE_NEW_CARD, CardNote.NEW_CARD_ISSUED)


@dataclass(frozen=True)
class CodeMeaning:
    code: str
    status: EligibilityStatus
    message_vi: str
    message_en: str
    next_step_vi: str
    next_step_en: str
    note: CardNote = CardNote.NONE


_USE = ("Tiếp nhận bệnh nhân với thẻ BHYT.", "Check the patient in with the HI card.")
_PAPERS = ("Đối chiếu thẻ BHYT với giấy tờ tùy thân rồi tiếp nhận.",
           "Compare the HI card with the ID papers, then check in.")
_PAYING = ("Tiếp nhận như bệnh nhân dịch vụ (tự chi trả); đề nghị bệnh nhân liên hệ BHXH.",
           "Check in as a paying patient; ask the patient to contact social security.")
_RETYPE = ("Nhập lại mã thẻ theo thẻ BHYT, hoặc tra bằng số CCCD.",
           "Re-enter the card number from the card, or look up by the ID number.")
_LATER = ("Tiếp tục tiếp nhận; hệ thống sẽ tra lại thẻ sau.",
          "Go on with check-in; the lookup will be retried later.")
_IT_STAFF = ("Tiếp tục tiếp nhận; báo IT đăng ký cán bộ tra cứu (gateway.staff_name, staff_id).",
             "Go on with check-in; call IT to register the looking-up staff member "
             "(gateway.staff_name, staff_id).")
_CHECK_NAME = ("Kiểm tra họ tên (đủ dấu) theo thẻ hoặc CCCD rồi tra lại.",
               "Check the full name, with its diacritics, against the card and look up again.")

_S = EligibilityStatus
_TABLE: tuple[tuple, ...] = (
    ("000", _S.ELIGIBLE, "Thông tin thẻ chính xác.", "Card information is correct.", _USE),
    ("001", _S.ELIGIBLE_WITH_NOTE, "Thẻ do BHXH Bộ Quốc phòng quản lý.",
     "Card managed by the Ministry of Defence's social security.", _PAPERS, CardNote.CHECK_PAPERS),
    ("002", _S.ELIGIBLE_WITH_NOTE, "Thẻ do BHXH Bộ Công an quản lý.",
     "Card managed by the Ministry of Public Security's social security.", _PAPERS,
     CardNote.CHECK_PAPERS),
    ("003", _S.ELIGIBLE_WITH_NOTE, "Thẻ cũ hết giá trị sử dụng, đã được cấp thẻ mới.",
     "The old card has expired; a new card was issued.",
     ("Dùng mã thẻ mới cho lượt khám này.", "Use the new card number for this visit."),
     CardNote.USE_NEW_CARD),
    ("004", _S.ELIGIBLE_WITH_NOTE, "Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới.",
     "The old card is still valid; a new card was issued.",
     ("Tiếp nhận; ghi mã thẻ mới và nhắc bệnh nhân dùng thẻ mới.",
      "Check in; note the new card number and remind the patient to use the new card."),
     CardNote.NEW_CARD_ISSUED),
    ("010", _S.NOT_ELIGIBLE, "Thẻ hết giá trị sử dụng.", "The card has expired.", _PAYING),
    ("050", _S.NOT_ELIGIBLE, "Không có thông tin thẻ.", "No card information was found.",
     ("Kiểm tra lại số thẻ/số CCCD; nếu đúng, tiếp nhận như bệnh nhân dịch vụ.",
      "Check the card or ID number; if it is right, check in as a paying patient.")),
    ("051", _S.INPUT_ERROR, "Mã thẻ không đúng.", "The card number is wrong.", _RETYPE),
    ("052", _S.INPUT_ERROR, "Mã tỉnh trong mã thẻ (ký tự 4–5) không đúng.",
     "The province code in the card number (characters 4–5) is wrong.", _RETYPE),
    ("053", _S.INPUT_ERROR, "Mã quyền lợi trong mã thẻ (ký tự 3) không đúng.",
     "The benefit code in the card number (character 3) is wrong.", _RETYPE),
    ("054", _S.AUTH_ERROR, "CCCD của cán bộ tra cứu chưa được cơ sở đăng ký.",
     "The looking-up staff member's ID number is not registered by the facility.", _IT_STAFF),
    ("055", _S.AUTH_ERROR, "Họ tên cán bộ tra cứu không khớp với CCCD.",
     "The staff member's name does not match their ID number.", _IT_STAFF),
    ("060", _S.INPUT_ERROR, "Họ tên không đúng.", "The name does not match the card record.",
     _CHECK_NAME),
    ("061", _S.INPUT_ERROR, "Họ tên không đúng (đúng ký tự đầu).",
     "The name does not match (the first letter is right).", _CHECK_NAME),
    ("070", _S.INPUT_ERROR, "Ngày sinh không đúng.", "The birth date does not match.",
     ("Kiểm tra ngày sinh; nếu thẻ chỉ ghi năm sinh, tra bằng năm sinh.",
      "Check the birth date; if the card shows only a year, look up with the year.")),
    ("100", _S.GATEWAY_ERROR, "Lỗi khi lấy dữ liệu thẻ.",
     "The gateway failed to fetch the card record.", _LATER),
    ("101", _S.GATEWAY_ERROR, "Lỗi máy chủ.", "Gateway server error.", _LATER),
    ("110", _S.NOT_ELIGIBLE, "Thẻ đã thu hồi.", "The card has been withdrawn.", _PAYING),
    ("120", _S.NOT_ELIGIBLE, "Thẻ đã báo giảm.", "The card was reported reduced (no longer "
     "covered).", _PAYING),
    ("121", _S.NOT_ELIGIBLE, "Thẻ đã báo giảm: chuyển ngoại tỉnh.",
     "The card was reduced: moved to another province.", _PAYING),
    ("122", _S.NOT_ELIGIBLE, "Thẻ đã báo giảm: chuyển nội tỉnh.",
     "The card was reduced: moved within the province.", _PAYING),
    ("123", _S.NOT_ELIGIBLE, "Thẻ đã báo giảm: tăng lại cùng đơn vị.",
     "The card was reduced: re-enrolled with the same employer.",
     ("Hỏi bệnh nhân thẻ mới do đơn vị cấp lại; nếu không có, tiếp nhận như bệnh nhân dịch vụ.",
      "Ask for the card the employer re-issued; without it, check in as a paying patient.")),
    ("124", _S.NOT_ELIGIBLE, "Thẻ đã báo giảm: dừng tham gia.",
     "The card was reduced: stopped participating.", _PAYING),
    ("130", _S.ELIGIBLE_WITH_NOTE, "Trẻ em không xuất trình thẻ.",
     "A child without a card presented.",
     ("Tiếp nhận; đối chiếu giấy khai sinh hoặc giấy chứng sinh.",
      "Check in; check the birth certificate.")),
    ("205", _S.INPUT_ERROR, "Sai định dạng tham số.", "A request parameter has the wrong format.",
     ("Kiểm tra số thẻ, họ tên, ngày sinh; nếu vẫn lỗi, báo IT.",
      "Check the number, name and birth date; if it persists, call IT.")),
    ("401", _S.AUTH_ERROR, "Xác thực tài khoản thất bại.",
     "The gateway refused the clinic's account.",
     ("Tiếp tục tiếp nhận; báo IT kiểm tra tài khoản cổng BHXH.",
      "Go on with check-in; call IT to check the gateway account.")),
    ("500", _S.GATEWAY_ERROR, "Lỗi máy chủ cổng BHXH.", "The gateway's server failed.", _LATER),
)

_DISTRUST = ("Không dùng kết quả này: đối chiếu thẻ BHYT với CCCD bằng mắt và báo IT.",
             "Do not use this answer: check the HI card against the ID card by eye and tell IT.")

#: This terminal's own codes, never the gateway's (theirs are three digits): the gateway's reply
#: contradicts the question asked or today's date (terminal/eligibility/reply_check.py).
_LOCAL_TABLE: tuple[tuple[str, EligibilityStatus, str, str, tuple[str, str]], ...] = (
    ("T51", _S.UNKNOWN, "Cổng BHXH trả lời về một thẻ khác (mã thẻ không phải mã đã tra).",
     "The gateway answered about another card (not the card number asked).", _DISTRUST),
    ("T60", _S.UNKNOWN, "Cổng BHXH trả lời về người khác (họ tên không phải họ tên đã tra).",
     "The gateway answered about someone else (not the name asked).", _DISTRUST),
    ("T70", _S.UNKNOWN, "Cổng BHXH trả lời về người khác (ngày sinh không phải ngày đã tra).",
     "The gateway answered about someone else (not the birth date asked).", _DISTRUST),
    ("T10", _S.NOT_ELIGIBLE, "Theo ngày trong trả lời của cổng BHXH, thẻ đã hết giá trị sử dụng.",
     "By the dates in the gateway's reply, the card's validity has ended.", _PAYING),
    ("T11", _S.NOT_ELIGIBLE, "Theo ngày trong trả lời của cổng BHXH, thẻ chưa có giá trị sử dụng.",
     "By the dates in the gateway's reply, the card is not valid yet.", _PAYING),
)

CODES: dict[str, CodeMeaning] = {
    code: CodeMeaning(code, status, vi, en, step[0], step[1], *note)
    for code, status, vi, en, step, *note in _TABLE
}
LOCAL_CODES: dict[str, CodeMeaning] = {
    code: CodeMeaning(code, status, vi, en, step[0], step[1])
    for code, status, vi, en, step in _LOCAL_TABLE
}

#: The gateway answered but gave no verdict on the card (transport or reply failure).
PENDING = CodeMeaning("", EligibilityStatus.PENDING, "Thẻ BHYT chờ xác minh.",
                      "Eligibility pending.", _LATER[0], _LATER[1])


def meaning_of(code: str) -> CodeMeaning:
    """The table row for a result code; an unlisted code gets an UNKNOWN row naming it."""
    if code in CODES:
        return CODES[code]
    if code in LOCAL_CODES:
        return LOCAL_CODES[code]
    return CodeMeaning(
        code, EligibilityStatus.UNKNOWN,
        f"Cổng BHXH trả về mã kết quả không xác định ({code}).",
        f"The gateway returned an unknown result code ({code}).",
        "Chưa coi là thẻ hợp lệ: kiểm tra thẻ bằng mắt và báo IT mã này.",
        "Do not treat the card as valid: check it by eye and tell IT this code.")


# Law on Health Insurance art. 22; level = the 3rd character of the card number.
BENEFIT_SHARES: dict[int, tuple[str, str]] = {
    1: ("100% of covered costs, no ceiling on listed drugs and services",
        "100% chi phí trong phạm vi, không giới hạn tỷ lệ thuốc, dịch vụ"),
    2: ("100% of covered costs (ceilings on some drugs and services)",
        "100% chi phí trong phạm vi (có giới hạn một số thuốc, dịch vụ)"),
    3: ("95% of covered costs", "95% chi phí trong phạm vi"),
    4: ("80% of covered costs", "80% chi phí trong phạm vi"),
    5: ("100% of costs, including some outside the usual scope",
        "100% chi phí, kể cả một số chi phí ngoài phạm vi"),
}


class CardState(StrEnum):
    """The card as the desk decides on it (terminal/checkin/coverage.py): what the result code
    says about the card itself, whatever the clinic then makes of it."""

    VALID = "valid"                    # 000
    CHECK_PAPERS = "check_papers"      # 001, 002: usable, the papers are compared
    REPLACED = "replaced"              # 003, 004: a new card was issued: its code is used
    CHILD_NO_CARD = "child_no_card"    # 130: a child without a card presented
    EXPIRED = "expired"                # 010, T10
    NOT_YET_VALID = "not_yet_valid"    # T11
    WITHDRAWN = "withdrawn"            # 110
    REDUCED = "reduced"                # 120-124 (moved, re-enrolled, stopped)
    NOT_FOUND = "not_found"            # 050
    DETAILS_WRONG = "details_wrong"    # the number, name or birth date did not match
    NOT_VERIFIED = "not_verified"      # no verdict: the gateway failed (Decree 188 Art 38)
    DOUBTFUL = "doubtful"              # an answer not to be trusted (unknown or T5x/T60/T70)


_CARD_STATES = {"000": CardState.VALID, "001": CardState.CHECK_PAPERS,
                "002": CardState.CHECK_PAPERS, "003": CardState.REPLACED,
                "004": CardState.REPLACED, "130": CardState.CHILD_NO_CARD,
                "010": CardState.EXPIRED, "T10": CardState.EXPIRED,
                "T11": CardState.NOT_YET_VALID, "110": CardState.WITHDRAWN,
                **dict.fromkeys(("120", "121", "122", "123", "124"), CardState.REDUCED),
                "050": CardState.NOT_FOUND}


def card_state_of(status: EligibilityStatus, code: str) -> CardState:
    """The card state of a lookup's class and code (the one place a code becomes a state)."""
    if status.awaits_verdict:
        return CardState.NOT_VERIFIED
    if status is EligibilityStatus.INPUT_ERROR:
        return CardState.DETAILS_WRONG
    state = _CARD_STATES.get(code)
    if state is None or status in (EligibilityStatus.UNKNOWN, EligibilityStatus.NOT_CHECKED):
        return CardState.DOUBTFUL
    return state

#: The share of covered costs the fund pays at each benefit level, in per cent (the same source
#: as BENEFIT_SHARES); a co-pay exemption or a child under 6 makes it 100.
BENEFIT_PCT: dict[int, int] = {1: 100, 2: 100, 3: 95, 4: 80, 5: 100}
