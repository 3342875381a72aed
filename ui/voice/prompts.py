"""The words the kiosk speaks, in one table keyed by prompt code, and which prompt a screen plays.
The build script (ui/voice/build.py) turns each into `<language>/<code>.wav`; a clinic may put a
recorded human voice in place of any file under the same name."""

from __future__ import annotations

from terminal.kiosk.screens import (Awaiting, CameraScreen, CanEntryScreen, DepartmentScreen, ErrorScreen,
                                    IdleScreen, KioskError, Language, LivenessPrompt, NextStep,
                                    PriorityScreen, ReadingScreen, ResultScreen, ReviewScreen,
                                    Screen, SlipsScreen)

#: code → (Vietnamese, English). Short, one instruction each; said at the screen's first showing.
PROMPTS: dict[str, tuple[str, str]] = {
    "idle": ("Xin chào. Mời quý vị đưa mã QR trên mặt trước thẻ căn cước vào camera.",
             "Welcome. Please show the QR code on the front of your ID card to the camera."),
    "idle_card": ("Mời quý vị đặt thẻ nằm phẳng lên đầu đọc.",
                  "Now place your card flat on the reader."),
    "idle_keypad": ("Xin chào. Mời quý vị chạm nút, và nhập sáu số cuối của số căn cước.",
                    "Welcome. Please touch the button, and type the last six digits of your ID "
                    "number."),
    "reading": ("Đang đọc thẻ. Xin để nguyên thẻ trên đầu đọc.",
                "Reading your card. Please leave it on the reader."),
    "camera": ("Mời quý vị nhìn thẳng vào camera.", "Please look straight at the camera."),
    "liveness_blink": ("Xin hãy chớp mắt.", "Please blink."),
    "liveness_turn_left": ("Xin quay đầu sang trái.", "Please turn your head to the left."),
    "liveness_turn_right": ("Xin quay đầu sang phải.", "Please turn your head to the right."),
    "liveness_blink_or_turn": ("Xin chớp mắt, hoặc quay đầu nhẹ.",
                               "Please blink, or turn your head a little."),
    "review": ("Nhân viên tiếp đón sẽ kiểm tra thông tin của quý vị. Xin vui lòng chờ.",
               "A receptionist will check your details. Please wait."),
    "result_wait": ("Đăng ký xong. Mời quý vị lấy thẻ, và ngồi chờ gọi số.",
                    "You are checked in. Please take your card, and wait for your number."),
    "result_cashier": ("Đăng ký xong. Mời quý vị lấy thẻ, và đến quầy thu ngân.",
                       "You are checked in. Please take your card, and go to the cashier."),
    "result_reception": ("Đăng ký xong. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                         "You are checked in. Please take your card, and go to the reception desk."),
    "can_entry": ("Mời quý vị nhập sáu số cuối của số căn cước.",
                  "Please type the last six digits of your ID number."),
    "priority": ("Mời quý vị chọn diện ưu tiên trên màn hình.",
                 "Please choose your priority on the screen."),
    "department": ("Mời quý vị chọn khoa khám trên màn hình.",
                   "Please choose the department on the screen."),
    "slips": ("Mời quý vị cho biết quý vị có giấy chuyển tuyến, hoặc giấy hẹn khám lại, rồi xác nhận.",
              "Please say whether you have a referral slip or an appointment slip, then confirm."),
    "error_card_removed": ("Thẻ đã bị nhấc ra. Mời quý vị đặt lại thẻ lên đầu đọc.",
                           "The card was moved. Please place it on the reader again."),
    "error_wrong_key": ("Không mở được thẻ. Mời quý vị đến quầy tiếp đón.",
                        "The card could not be opened. Please go to the reception desk."),
    "error_wrong_can": ("Số vừa nhập không đúng. Mời quý vị nhập lại.",
                        "The number was not right. Please type it again."),
    "error_card_locked": ("Thẻ đang bị khoá tạm. Mời quý vị đến quầy tiếp đón.",
                          "The card is locked for now. Please go to the reception desk."),
    "error_card_unreadable": ("Không đọc được thẻ. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                              "The card could not be read. Please take it to the reception desk."),
    "error_card_not_genuine": ("Thẻ cần được kiểm tra. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                               "The card must be checked. Please take it to the reception desk."),
    "error_reader_failed": ("Đầu đọc thẻ đang lỗi. Mời quý vị đến quầy tiếp đón.",
                            "The card reader is not working. Please go to the reception desk."),
    "error_camera_failed": ("Camera đang lỗi. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                            "The camera is not working. Please take your card to the reception desk."),
    "error_no_face": ("Không thấy khuôn mặt. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                      "No face was seen. Please take your card to the reception desk."),
    "error_face_unsure": ("Camera chưa xác nhận được thẻ này là của quý vị. Mời quý vị lấy thẻ, "
                          "và đến quầy lễ tân.",
                          "The camera could not confirm that the card is yours. Please take your "
                          "card to the reception desk."),
    "error_department_full": ("Phòng khám quý vị chọn đã hết số. Mời quý vị lấy thẻ, và đến quầy "
                              "lễ tân.",
                              "The room you chose is full. Please take your card, and go to the "
                              "reception desk."),
    "error_staff_rejected": ("Lễ tân không thể đăng ký khám cho quý vị tại đây. Mời quý vị lấy "
                             "thẻ, và hỏi quầy lễ tân để biết bước tiếp theo.",
                             "The receptionist could not check you in here. Please take your "
                             "card, and ask at the reception desk what to do next."),
    "error_liveness_failed": ("Chưa kiểm tra được khuôn mặt. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                              "The face check did not finish. Please take your card to the "
                              "reception desk."),
    "error_face_mismatch": ("Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                            "Please take your card to the reception desk."),
    "error_not_covered": ("Thẻ bảo hiểm không dùng được. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                          "Your insurance cannot be used. Please take your card to the reception desk."),
    "error_timed_out": ("Đã hết thời gian. Mời quý vị lấy thẻ, và thử lại.",
                        "Time is up. Please take your card, and try again."),
    "error_unexpected": ("Có lỗi xảy ra. Mời quý vị lấy thẻ, và đến quầy tiếp đón.",
                         "Something went wrong. Please take your card to the reception desk."),
}

#: What the idle screen asks for → its prompt.
_IDLE = {Awaiting.QR_CODE: "idle", Awaiting.CARD: "idle_card", Awaiting.CAN: "idle_keypad"}
_RESULTS = {NextStep.WAIT_FOR_CALL: "result_wait", NextStep.PAY_AT_CASHIER: "result_cashier",
            NextStep.GO_TO_RECEPTION: "result_reception"}
#: Screens with one prompt whatever they show.
_BY_TYPE: dict[type, str] = {ReadingScreen: "reading", ReviewScreen: "review",
                             CanEntryScreen: "can_entry", PriorityScreen: "priority",
                             DepartmentScreen: "department",
                             SlipsScreen: "slips"}


def prompt_code(screen: Screen) -> str | None:
    """The prompt a screen plays (None: a screen this table does not know yet)."""
    if isinstance(screen, IdleScreen):
        return _IDLE[screen.awaiting]
    if isinstance(screen, CameraScreen):
        return f"liveness_{screen.liveness.value}" if screen.liveness else "camera"
    if isinstance(screen, ResultScreen):
        return _RESULTS[screen.next_step]
    if isinstance(screen, ErrorScreen):
        return f"error_{screen.error.value}"
    return _BY_TYPE.get(type(screen))


def every_code() -> tuple[str, ...]:
    """Every code a screen can ask for (what the build must make, in both languages)."""
    return tuple([*_IDLE.values(), "reading", "review", "camera", "can_entry", "priority", "department", "slips",
                  *(f"liveness_{p.value}" for p in LivenessPrompt), *_RESULTS.values(),
                  *(f"error_{e.value}" for e in KioskError)])


def prompt_text(code: str, language: Language) -> str:
    vi, en = PROMPTS[code]
    return vi if language is Language.VIETNAMESE else en
