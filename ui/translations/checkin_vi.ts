<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
<context>
    <name>AccessKeyPage</name>
    <message>
        <source>The ID number must be the 12 digits printed on the card.</source>
        <translation>Số định danh phải là 12 chữ số in trên thẻ.</translation>
    </message>
    <message>
        <source>Type the birth date as printed, like 25/03/1990.</source>
        <translation>Nhập ngày sinh như in trên thẻ, ví dụ 25/03/1990.</translation>
    </message>
    <message>
        <source>Type the expiry date as printed, like 25/03/2035.</source>
        <translation>Nhập ngày hết hạn như in trên thẻ, ví dụ 25/03/2035.</translation>
    </message>
    <message>
        <source>When the kiosk says the card could not be opened, type the ID number printed on the front of the card (it alone opens chips with PACE; add both dates for older chips), then ask the patient to place it on the reader again.</source>
        <translation>Khi máy báo không mở được thẻ, hãy nhập số định danh in ở mặt trước thẻ (chỉ cần số này với chip có PACE; chip đời cũ cần thêm hai ngày), rồi mời người bệnh đặt lại thẻ lên đầu đọc.</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>&amp;Số định danh</translation>
    </message>
    <message>
        <source>ID number, 12 digits</source>
        <translation>Số định danh, 12 chữ số</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>&amp;Ngày sinh</translation>
    </message>
    <message>
        <source>Birth date, day/month/year</source>
        <translation>Ngày sinh, ngày/tháng/năm</translation>
    </message>
    <message>
        <source>E&amp;xpiry date</source>
        <translation>Có giá trị đế&amp;n</translation>
    </message>
    <message>
        <source>Expiry date, day/month/year</source>
        <translation>Ngày hết hạn, ngày/tháng/năm</translation>
    </message>
    <message>
        <source>&amp;Use this key</source>
        <translation>&amp;Dùng khóa này</translation>
    </message>
    <message>
        <source>Use this key for the next card</source>
        <translation>Dùng khóa này cho lần đặt thẻ tiếp theo</translation>
    </message>
    <message>
        <source>Key saved: ask the patient to place the card on the reader again.</source>
        <translation>Đã lưu khóa: mời người bệnh đặt lại thẻ lên đầu đọc.</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <source>Stand in front of the camera.</source>
        <translation>Mời đứng trước camera.</translation>
    </message>
    <message>
        <source>Come a little closer.</source>
        <translation>Mời lại gần hơn một chút.</translation>
    </message>
    <message>
        <source>Move back a little.</source>
        <translation>Mời lùi lại một chút.</translation>
    </message>
    <message>
        <source>Move so your face is in the middle.</source>
        <translation>Mời đưa khuôn mặt vào giữa khung hình.</translation>
    </message>
    <message>
        <source>It is too dark: face the light.</source>
        <translation>Quá tối: mời quay mặt về phía có ánh sáng.</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please.</source>
        <translation>Mỗi lần chỉ một người đứng trước camera.</translation>
    </message>
    <message>
        <source>Look straight at the camera.</source>
        <translation>Mời nhìn thẳng vào máy ảnh.</translation>
    </message>
    <message>
        <source>Good. Hold still.</source>
        <translation>Tốt. Xin giữ yên.</translation>
    </message>
    <message>
        <source>Blink slowly twice.</source>
        <translation>Mời chớp mắt chậm hai lần.</translation>
    </message>
    <message>
        <source>Turn your head slowly to the left.</source>
        <translation>Mời quay đầu chậm sang trái.</translation>
    </message>
    <message>
        <source>Turn your head slowly to the right.</source>
        <translation>Mời quay đầu chậm sang phải.</translation>
    </message>
    <message>
        <source>Blink slowly, or turn your head a little.</source>
        <translation>Mời chớp mắt chậm, hoặc quay đầu nhẹ.</translation>
    </message>
    <message>
        <source>Look at the camera</source>
        <translation>Mời nhìn vào camera</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Hình ảnh từ camera</translation>
    </message>
</context>
<context>
    <name>CanEntryView</name>
    <message>
        <source>Type all 6 digits, then press OK.</source>
        <translation>Hãy nhập đủ 6 chữ số rồi bấm OK.</translation>
    </message>
    <message>
        <source>The card did not accept that number. Check the last 6 digits of the ID number on the front of the card and type them again.</source>
        <translation>Thẻ không chấp nhận số này. Hãy xem lại 6 chữ số cuối của số định danh ở mặt trước thẻ và nhập lại.</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Nhập số thẻ của bạn</translation>
    </message>
    <message>
        <source>The last 6 digits of the 12-digit ID number on the front of your card.</source>
        <translation>6 chữ số cuối của số định danh 12 chữ số ở mặt trước thẻ.</translation>
    </message>
    <message>
        <source>Digits typed: %1 of 6</source>
        <translation>Đã nhập: %1 trên 6 chữ số</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Xóa chữ số cuối</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>Clear all digits</source>
        <translation>Xóa tất cả chữ số</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>OK: open the card with this number</source>
        <translation>Đồng ý: mở thẻ bằng số này</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Back to the start screen</source>
        <translation>Quay lại màn hình đầu</translation>
    </message>
</context>
<context>
    <name>CheckinsPage</name>
    <message>
        <source>&amp;Decide review…</source>
        <translation>&amp;Xét duyệt…</translation>
    </message>
    <message>
        <source>Approve or reject the selected check-in under review</source>
        <translation>Chấp nhận hoặc từ chối lượt đăng ký đang chờ xét duyệt đã chọn</translation>
    </message>
    <message>
        <source>Re&amp;try insurance lookup</source>
        <translation>&amp;Tra cứu lại BHYT</translation>
    </message>
    <message>
        <source>Look up the selected patient&apos;s insurance again</source>
        <translation>Tra cứu lại thẻ BHYT của người bệnh đã chọn</translation>
    </message>
    <message>
        <source>Clinic system: %1</source>
        <translation>Hệ thống bệnh viện: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Số thứ tự</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Người bệnh</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>BHYT</translation>
    </message>
    <message>
        <source>Card check</source>
        <translation>Kiểm tra thẻ</translation>
    </message>
    <message>
        <source>Clinic system</source>
        <translation>Hệ thống bệnh viện</translation>
    </message>
    <message>
        <source> (overridden)</source>
        <translation> (đã xét duyệt)</translation>
    </message>
    <message>
        <source>Today&apos;s check-ins, newest first</source>
        <translation>Lượt đăng ký hôm nay, mới nhất trước</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Hiển thị</translation>
    </message>
    <message>
        <source>Which check-ins to show</source>
        <translation>Hiển thị những lượt đăng ký nào</translation>
    </message>
    <message>
        <source>All check-ins</source>
        <translation>Tất cả lượt đăng ký</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>Chờ xem xét</translation>
    </message>
    <message>
        <source>Review: %1</source>
        <translation>Xem xét: %1</translation>
    </message>
    <message>
        <source>Why review</source>
        <translation>Lý do xem xét</translation>
    </message>
    <message>
        <source>Today: %1 checked in · %2 waiting for review · %3 rejected or failed · %4 attempts read no card</source>
        <translation>Hôm nay: %1 đã đăng ký · %2 chờ xem xét · %3 bị từ chối hoặc lỗi · %4 lượt không đọc được thẻ</translation>
    </message>
    <message>
        <source>&amp;Second number…</source>
        <translation>&amp;Số thứ hai…</translation>
    </message>
    <message>
        <source>Issue a second number to the selected patient, who was shown the one they held</source>
        <translation>Cấp số thứ hai cho người bệnh đã chọn, người đã được hiện lại số đang giữ</translation>
    </message>
    <message>
        <source>Re&amp;print slip</source>
        <translation>In &amp;lại phiếu</translation>
    </message>
    <message>
        <source>Print the selected check-in&apos;s slip again</source>
        <translation>In lại phiếu của lượt tiếp đón đã chọn</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <source>Needs the card&apos;s key</source>
        <translation>Cần khóa của thẻ</translation>
    </message>
    <message>
        <source>Reading card</source>
        <translation>Đang đọc thẻ</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Đang kiểm tra</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Chờ xét duyệt</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Đã đăng ký</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>Được hưởng BHYT</translation>
    </message>
    <message>
        <source>Covered: check papers</source>
        <translation>Được hưởng: kiểm tra giấy tờ</translation>
    </message>
    <message>
        <source>Not covered</source>
        <translation>Không được hưởng</translation>
    </message>
    <message>
        <source>Details do not match</source>
        <translation>Thông tin không khớp</translation>
    </message>
    <message>
        <source>Gateway account refused</source>
        <translation>Tài khoản cổng bị từ chối</translation>
    </message>
    <message>
        <source>Gateway error</source>
        <translation>Lỗi cổng giám định</translation>
    </message>
    <message>
        <source>Waiting for the gateway</source>
        <translation>Chờ cổng giám định</translation>
    </message>
    <message>
        <source>Unknown answer</source>
        <translation>Kết quả không rõ</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Chưa tra cứu</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Insurance gateway</source>
        <translation>Cổng giám định BHYT</translation>
    </message>
    <message>
        <source>Clinic system (HIS)</source>
        <translation>Phần mềm phòng khám (HIS)</translation>
    </message>
    <message>
        <source>Offline queue</source>
        <translation>Hàng đợi ngoại tuyến</translation>
    </message>
    <message>
        <source>Slip printer</source>
        <translation>Máy in phiếu</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Hoạt động</translation>
    </message>
    <message>
        <source>Working, with problems</source>
        <translation>Hoạt động, có sự cố</translation>
    </message>
    <message>
        <source>Not working</source>
        <translation>Không hoạt động</translation>
    </message>
    <message>
        <source>Not used yet</source>
        <translation>Chưa dùng</translation>
    </message>
    <message>
        <source>Check-in for the HIS</source>
        <translation>Lượt đăng ký gửi HIS</translation>
    </message>
    <message>
        <source>Insurance lookup to redo</source>
        <translation>Tra cứu BHYT cần làm lại</translation>
    </message>
    <message>
        <source>Insurance answer for the HIS</source>
        <translation>Kết quả BHYT gửi HIS</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>Data changed after signing: check the card by hand</source>
        <translation>Dữ liệu bị sửa sau khi ký: kiểm tra thẻ bằng tay</translation>
    </message>
    <message>
        <source>Signature could not be checked</source>
        <translation>Không kiểm tra được chữ ký</translation>
    </message>
    <message>
        <source>Signature valid, issuer not in the trust store</source>
        <translation>Chữ ký hợp lệ, nơi cấp không có trong kho tin cậy</translation>
    </message>
    <message>
        <source>No trust store: issuer not confirmed</source>
        <translation>Chưa có kho tin cậy: chưa xác nhận được nơi cấp</translation>
    </message>
    <message>
        <source>Signing certificate expired</source>
        <translation>Chứng thư ký đã hết hạn</translation>
    </message>
    <message>
        <source>Signing certificate revoked</source>
        <translation>Chứng thư ký đã bị thu hồi</translation>
    </message>
    <message>
        <source>Revocation list missing or old</source>
        <translation>Thiếu danh sách thu hồi hoặc đã cũ</translation>
    </message>
    <message>
        <source>Signing certificate not from the issuer it names</source>
        <translation>Chứng thư ký không do nơi cấp ghi trên đó cấp</translation>
    </message>
    <message>
        <source>Issuer not found; trust store damaged (call IT)</source>
        <translation>Không tìm thấy nơi cấp; kho tin cậy bị hỏng (gọi IT)</translation>
    </message>
    <message>
        <source>Chip is a copy (failed its key check)</source>
        <translation>Chip là bản sao (không qua kiểm tra khóa)</translation>
    </message>
    <message>
        <source>Chip offers no copy check</source>
        <translation>Chip không hỗ trợ kiểm tra bản sao</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Khuôn mặt</translation>
    </message>
    <message>
        <source>Card signature</source>
        <translation>Chữ ký dữ liệu thẻ</translation>
    </message>
    <message>
        <source>Chip genuineness</source>
        <translation>Chip thật hay giả</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>Bảo hiểm y tế</translation>
    </message>
    <message>
        <source>Declared priority</source>
        <translation>Ưu tiên tự khai</translation>
    </message>
    <message>
        <source>Department and age</source>
        <translation>Khoa khám và độ tuổi</translation>
    </message>
    <message>
        <source>Over the room&apos;s capacity</source>
        <translation>Vượt quá số lượng của phòng</translation>
    </message>
    <message>
        <source>Number changed by the clinic system</source>
        <translation>Số đã được hệ thống bệnh viện đổi</translation>
    </message>
    <message>
        <source>Number changed by the clinic system: %1 → %2</source>
        <translation>Số đã được hệ thống bệnh viện đổi: %1 → %2</translation>
    </message>
    <message>
        <source>Last card read without trouble.</source>
        <translation>Lần đọc thẻ gần nhất thành công.</translation>
    </message>
    <message>
        <source>Last face check done.</source>
        <translation>Lần kiểm tra khuôn mặt gần nhất đã xong.</translation>
    </message>
    <message>
        <source>The insurance gateway answers.</source>
        <translation>Cổng giám định BHYT đang trả lời.</translation>
    </message>
    <message>
        <source>%1 items sent to the clinic system.</source>
        <translation>Đã gửi %1 mục cho hệ thống phòng khám.</translation>
    </message>
    <message>
        <source>%1 waiting to be sent, %2 could not be delivered.</source>
        <translation>%1 mục chờ gửi, %2 mục không gửi được.</translation>
    </message>
    <message>
        <source>Last slip printed.</source>
        <translation>Phiếu gần nhất đã in.</translation>
    </message>
    <message>
        <source>Not used since the kiosk started.</source>
        <translation>Chưa dùng từ khi máy khởi động.</translation>
    </message>
    <message>
        <source>The card reader does not answer: check its cable.</source>
        <translation>Đầu đọc thẻ không trả lời: kiểm tra dây cáp.</translation>
    </message>
    <message>
        <source>The camera failed: check its cable.</source>
        <translation>Camera bị lỗi: kiểm tra dây cáp.</translation>
    </message>
    <message>
        <source>The camera cannot be opened: check its cable, or call IT.</source>
        <translation>Không mở được camera: kiểm tra dây cáp, hoặc gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The camera stopped sending pictures.</source>
        <translation>Camera ngừng gửi hình.</translation>
    </message>
    <message>
        <source>The test camera&apos;s recording is missing.</source>
        <translation>Thiếu đoạn ghi hình của camera thử nghiệm.</translation>
    </message>
    <message>
        <source>Did not answer in time.</source>
        <translation>Không trả lời kịp thời gian.</translation>
    </message>
    <message>
        <source>Cannot be reached: check-ins wait in the queue and are sent later.</source>
        <translation>Không kết nối được: các lượt đăng ký chờ trong hàng đợi và được gửi sau.</translation>
    </message>
    <message>
        <source>A delivery failed: it is tried again.</source>
        <translation>Một lần gửi bị lỗi: sẽ gửi lại.</translation>
    </message>
    <message>
        <source>No answer: cards are looked up again later.</source>
        <translation>Không có trả lời: thẻ sẽ được tra cứu lại sau.</translation>
    </message>
    <message>
        <source>The gateway answered with an error.</source>
        <translation>Cổng giám định trả lời lỗi.</translation>
    </message>
    <message>
        <source>The gateway refused the clinic&apos;s account: call IT.</source>
        <translation>Cổng giám định từ chối tài khoản của phòng khám: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>Out of paper: put in a new roll.</source>
        <translation>Hết giấy: lắp cuộn giấy mới.</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open: close it.</source>
        <translation>Nắp máy in đang mở: hãy đóng lại.</translation>
    </message>
    <message>
        <source>The printer is off or not connected.</source>
        <translation>Máy in đang tắt hoặc chưa kết nối.</translation>
    </message>
    <message>
        <source>The slip was not printed.</source>
        <translation>Phiếu chưa được in.</translation>
    </message>
    <message>
        <source>The face check could not be done.</source>
        <translation>Không kiểm tra được khuôn mặt.</translation>
    </message>
    <message>
        <source>The face check&apos;s models are missing: call IT.</source>
        <translation>Thiếu mô hình kiểm tra khuôn mặt: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The photo on a card&apos;s chip could not be used for the face check.</source>
        <translation>Ảnh trong chip của thẻ không dùng được để kiểm tra khuôn mặt.</translation>
    </message>
    <message>
        <source>A check-in could not be put in the queue: call IT.</source>
        <translation>Không đưa được lượt đăng ký vào hàng đợi: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The queue is full: call IT.</source>
        <translation>Hàng đợi đã đầy: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The queue file was damaged and set aside: call IT.</source>
        <translation>Tệp hàng đợi bị hỏng và đã được để riêng: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The queue file was set aside: call IT.</source>
        <translation>Tệp hàng đợi đã được để riêng: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The queue file is of another version: call IT.</source>
        <translation>Tệp hàng đợi thuộc phiên bản khác: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The queue&apos;s key is missing: call IT.</source>
        <translation>Thiếu khóa của hàng đợi: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>The queue&apos;s key is damaged: call IT.</source>
        <translation>Khóa của hàng đợi bị hỏng: gọi bộ phận CNTT.</translation>
    </message>
    <message>
        <source>A problem (%1): the log has the details; call IT if it stays.</source>
        <translation>Có sự cố (%1): chi tiết trong nhật ký; gọi bộ phận CNTT nếu vẫn còn.</translation>
    </message>
    <message>
        <source>Give the reason for the decision.</source>
        <extracomment>What a receptionist&apos;s action ran into (terminal/checkin/staff_actions.py codes).</extracomment>
        <translation>Hãy ghi lý do của quyết định.</translation>
    </message>
    <message>
        <source>Choose accept or reject.</source>
        <translation>Hãy chọn chấp nhận hoặc từ chối.</translation>
    </message>
    <message>
        <source>Sign in with your name first.</source>
        <translation>Hãy đăng nhập bằng tên của bạn trước.</translation>
    </message>
    <message>
        <source>This check-in has no declared priority to confirm.</source>
        <translation>Lượt đăng ký này không có diện ưu tiên khai báo để xác nhận.</translation>
    </message>
    <message>
        <source>A second number is issued only to a patient shown the number they already had today.</source>
        <translation>Chỉ cấp số thứ hai cho người bệnh đã được hiển thị lại số họ đã lấy hôm nay.</translation>
    </message>
    <message>
        <source>This slip cannot be printed again here: look the number up in today&apos;s list.</source>
        <translation>Không in lại được phiếu này ở đây: hãy tra số trong danh sách hôm nay.</translation>
    </message>
    <message>
        <source>This check-in cannot be looked up again here (it ended, or the terminal was restarted). Look the card up at the desk.</source>
        <translation>Không tra cứu lại được lượt đăng ký này ở đây (đã kết thúc, hoặc máy đã khởi động lại). Hãy tra cứu thẻ tại quầy.</translation>
    </message>
    <message>
        <source>This check-in is no longer waiting for review.</source>
        <translation>Lượt đăng ký này không còn chờ xem xét.</translation>
    </message>
    <message>
        <source>There is no such check-in today.</source>
        <translation>Hôm nay không có lượt đăng ký này.</translation>
    </message>
    <message>
        <source>Card expired: decide self-pay or another card</source>
        <translation>Thẻ hết hạn: quyết định tự chi trả hoặc dùng thẻ khác</translation>
    </message>
    <message>
        <source>Card not valid yet: decide self-pay or another card</source>
        <translation>Thẻ chưa có giá trị: quyết định tự chi trả hoặc dùng thẻ khác</translation>
    </message>
    <message>
        <source>Card withdrawn: ask for a valid card</source>
        <translation>Thẻ đã thu hồi: đề nghị xuất trình thẻ còn giá trị</translation>
    </message>
    <message>
        <source>Card reported reduced: ask for the re-issued card</source>
        <translation>Thẻ đã báo giảm: đề nghị xuất trình thẻ được cấp lại</translation>
    </message>
    <message>
        <source>Child under 6 not on file: check the birth certificate</source>
        <translation>Trẻ dưới 6 tuổi chưa có dữ liệu thẻ: kiểm tra giấy khai sinh</translation>
    </message>
    <message>
        <source>Registered elsewhere: ask for a referral or appointment slip</source>
        <translation>Đăng ký KCB ban đầu nơi khác: hỏi giấy chuyển tuyến hoặc giấy hẹn</translation>
    </message>
    <message>
        <source>Registered elsewhere, no slip: self-pay here</source>
        <translation>Đăng ký nơi khác, không có giấy: tự chi trả tại đây</translation>
    </message>
    <message>
        <source>Card still not verified at day end: check it before discharge</source>
        <translation>Cuối ngày thẻ vẫn chưa xác minh được: kiểm tra lại trước khi ra viện</translation>
    </message>
    <message>
        <source>Room full (clinic system)</source>
        <translation>Hết số (hệ thống bệnh viện)</translation>
    </message>
    <message>
        <source>The clinic&apos;s system says this room is full: no number was given.</source>
        <translation>Hệ thống bệnh viện báo phòng khám này đã hết số: chưa cấp số.</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <source>Receptionist console</source>
        <translation>Bảng điều khiển lễ tân</translation>
    </message>
    <message>
        <source>Check-ins today</source>
        <translation>Đăng ký hôm nay</translation>
    </message>
    <message>
        <source>Offline queue</source>
        <translation>Hàng đợi ngoại tuyến</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Type a card key</source>
        <translation>Nhập khóa thẻ</translation>
    </message>
    <message>
        <source>Console pages; Ctrl+1 to Ctrl+4 switch between them</source>
        <translation>Các trang; Ctrl+1 đến Ctrl+4 để chuyển trang</translation>
    </message>
    <message>
        <source>Back to the kiosk (Esc)</source>
        <translation>Về màn hình đăng ký (Esc)</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Về màn hình đăng ký</translation>
    </message>
    <message>
        <source>Close the kiosk app</source>
        <translation>Đóng ứng dụng ki-ốt</translation>
    </message>
    <message>
        <source>Your name or staff code</source>
        <translation>Tên hoặc mã nhân viên</translation>
    </message>
    <message>
        <source>Your name or staff code, once per shift</source>
        <translation>Tên hoặc mã nhân viên, một lần mỗi ca</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Sign in for this shift</source>
        <translation>Đăng nhập cho ca này</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Sign out at the end of the shift</source>
        <translation>Đăng xuất khi hết ca</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>Đang đăng nhập: %1</translation>
    </message>
    <message>
        <source>Sign in once for your shift:</source>
        <translation>Đăng nhập một lần cho ca của bạn:</translation>
    </message>
    <message>
        <source>Sign in with your name first: decisions are kept under it.</source>
        <translation>Hãy đăng nhập bằng tên trước: các quyết định được lưu dưới tên này.</translation>
    </message>
    <message>
        <source>Close the kiosk app?</source>
        <translation>Đóng ứng dụng ki-ốt?</translation>
    </message>
    <message>
        <source>Close the kiosk app? Patients cannot check in until it is started again.</source>
        <translation>Đóng ứng dụng ki-ốt? Người bệnh không thể đăng ký cho đến khi mở lại.</translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation>Để tiếp tục chạy</translation>
    </message>
    <message>
        <source>Close the app</source>
        <translation>Đóng ứng dụng</translation>
    </message>
</context>
<context>
    <name>DepartmentView</name>
    <message>
        <source>Switch the language to %1</source>
        <translation>Chuyển ngôn ngữ sang %1</translation>
    </message>
    <message>
        <source>Where do you want to be seen?</source>
        <translation>Quý vị muốn khám ở đâu?</translation>
    </message>
    <message>
        <source>Touch a department, then place your chip ID card on the reader.</source>
        <translation>Chạm vào một khoa khám, rồi đặt thẻ căn cước gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <source>Room %1, floor %2</source>
        <translation>Phòng %1, tầng %2</translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Phòng %1</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Đang đóng cửa</translation>
    </message>
    <message>
        <source>Full for this session</source>
        <translation>Đã hết số buổi này</translation>
    </message>
    <message>
        <source>Full today</source>
        <translation>Đã hết số hôm nay</translation>
    </message>
    <message>
        <source>Next open: %1</source>
        <translation>Còn nhận: %1</translation>
    </message>
    <message>
        <source>%1 has just become full. Please choose another department, then place your card again.</source>
        <translation>%1 vừa hết số. Mời quý vị chọn khoa khám khác, rồi đặt lại thẻ lên đầu đọc.</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Device status</source>
        <translation>Trạng thái thiết bị</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <source>Gateway lookups</source>
        <translation>Lượt tra cứu cổng BHXH</translation>
    </message>
    <message>
        <source>Gateway lookups in the last hour: %1 (%2 more answered from the cache).</source>
        <translation>Lượt tra cứu cổng BHXH trong một giờ qua: %1 (thêm %2 lượt trả lời từ bộ nhớ đệm).</translation>
    </message>
    <message>
        <source>Limit: %1 an hour.</source>
        <translation>Giới hạn: %1 lượt một giờ.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <source>At</source>
        <translation>Lúc</translation>
    </message>
    <message>
        <source>Place the simulated card</source>
        <translation>Đặt thẻ mô phỏng</translation>
    </message>
    <message>
        <source>Take the simulated card away</source>
        <translation>Nhấc thẻ mô phỏng ra</translation>
    </message>
    <message>
        <source>Simulated card: on the reader</source>
        <translation>Thẻ mô phỏng: đang trên đầu đọc</translation>
    </message>
    <message>
        <source>Simulated card: off the reader</source>
        <translation>Thẻ mô phỏng: không trên đầu đọc</translation>
    </message>
</context>
<context>
    <name>ErrorView</name>
    <message>
        <source>The card was taken away too soon</source>
        <extracomment>KioskError → (what happened, what to do next).</extracomment>
        <translation>Thẻ được lấy ra quá sớm</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen, and leave the card on the reader until the screen says you may take it.</source>
        <translation>Để thử lại, mời làm lại từ bước đầu trên màn hình, và để yên thẻ trên đầu đọc cho đến khi màn hình báo có thể lấy thẻ.</translation>
    </message>
    <message>
        <source>The card could not be opened</source>
        <translation>Không mở được thẻ</translation>
    </message>
    <message>
        <source>Please go to the reception desk: a receptionist will type the numbers printed on your card.</source>
        <translation>Mời đến quầy lễ tân: nhân viên sẽ nhập các số in trên thẻ của quý vị.</translation>
    </message>
    <message>
        <source>The card did not accept the card number</source>
        <translation>Thẻ không chấp nhận số thẻ đã nhập</translation>
    </message>
    <message>
        <source>Touch “Type your card number” and type the last 6 digits of the ID number on the front of your card.</source>
        <translation>Chạm “Nhập số thẻ của bạn” và nhập 6 chữ số cuối của số định danh ở mặt trước thẻ.</translation>
    </message>
    <message>
        <source>The card&apos;s chip is locked after wrong numbers</source>
        <translation>Chip của thẻ đã bị khóa do nhập sai nhiều lần</translation>
    </message>
    <message>
        <source>Please go to the reception desk with your card; do not type the number again.</source>
        <translation>Vui lòng mang thẻ đến quầy tiếp đón; đừng nhập lại số.</translation>
    </message>
    <message>
        <source>The card could not be read</source>
        <translation>Không đọc được thẻ</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen and place the card flat on the reader. If it fails again, please go to the reception desk.</source>
        <translation>Để thử lại, mời làm lại từ bước đầu trên màn hình và đặt thẻ nằm phẳng lên đầu đọc. Nếu vẫn không được, mời đến quầy lễ tân.</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen and look straight at the camera when it asks.</source>
        <translation>Để thử lại, mời làm lại từ bước đầu trên màn hình và nhìn thẳng vào camera khi được yêu cầu.</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen and follow each instruction.</source>
        <translation>Để thử lại, mời làm lại từ bước đầu trên màn hình và làm theo từng hướng dẫn.</translation>
    </message>
    <message>
        <source>To try again, start from the first step on the screen.</source>
        <translation>Để thử lại, mời làm lại từ bước đầu trên màn hình.</translation>
    </message>
    <message>
        <source>The card could not be verified</source>
        <translation>Không xác thực được thẻ</translation>
    </message>
    <message>
        <source>Please go to the reception desk with your card.</source>
        <translation>Mời mang thẻ đến quầy lễ tân.</translation>
    </message>
    <message>
        <source>The card reader is not working</source>
        <translation>Đầu đọc thẻ đang không hoạt động</translation>
    </message>
    <message>
        <source>Please go to the reception desk; we are sorry for the wait.</source>
        <translation>Mời đến quầy lễ tân; xin lỗi quý vị vì sự bất tiện.</translation>
    </message>
    <message>
        <source>The camera is not working</source>
        <translation>Camera đang không hoạt động</translation>
    </message>
    <message>
        <source>No face was seen</source>
        <translation>Không thấy khuôn mặt</translation>
    </message>
    <message>
        <source>The camera could not finish the check</source>
        <translation>Camera chưa kiểm tra xong</translation>
    </message>
    <message>
        <source>The face does not match the card</source>
        <translation>Khuôn mặt không khớp với thẻ</translation>
    </message>
    <message>
        <source>The camera could not confirm that the card is yours</source>
        <translation>Camera chưa xác nhận được thẻ này là của quý vị</translation>
    </message>
    <message>
        <source>The receptionist could not check you in here</source>
        <translation>Lễ tân không thể đăng ký khám cho quý vị tại đây</translation>
    </message>
    <message>
        <source>Please ask at the reception desk what to do next.</source>
        <translation>Mời quý vị hỏi quầy lễ tân để biết bước tiếp theo.</translation>
    </message>
    <message>
        <source>Your health insurance cannot be used today</source>
        <translation>Thẻ BHYT của quý vị không dùng được hôm nay</translation>
    </message>
    <message>
        <source>Please go to the reception desk to check in.</source>
        <translation>Mời đến quầy lễ tân để đăng ký khám.</translation>
    </message>
    <message>
        <source>The check-in took too long</source>
        <translation>Đăng ký quá lâu</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Đã xảy ra lỗi</translation>
    </message>
    <message>
        <source>The room you chose is full</source>
        <translation>Phòng khám quý vị chọn đã hết số</translation>
    </message>
    <message>
        <source>No other room takes patients now. Please go to the reception desk.</source>
        <translation>Hiện không còn phòng khám nào nhận bệnh nhân. Mời quý vị đến quầy lễ tân.</translation>
    </message>
</context>
<context>
    <name>IdleView</name>
    <message>
        <source>Switch the language to %1</source>
        <translation>Đổi ngôn ngữ sang %1</translation>
    </message>
    <message>
        <source>Picture: the card lies flat on the reader&apos;s pad</source>
        <translation>Hình: thẻ nằm phẳng trên mặt đầu đọc</translation>
    </message>
    <message>
        <source>Show the QR code on the front of your card to the camera</source>
        <extracomment>Each language&apos;s name in itself, as language pickers show it (not translated on purpose).</extracomment>
        <translation>Đưa mã QR ở mặt trước thẻ vào trước camera</translation>
    </message>
    <message>
        <source>Hold the card still, a hand&apos;s width from the camera above the screen.</source>
        <translation>Giữ yên thẻ, cách camera phía trên màn hình khoảng một bàn tay.</translation>
    </message>
    <message>
        <source>Type the last 6 digits of the ID number on your card</source>
        <translation>Nhập 6 chữ số cuối của số định danh trên thẻ</translation>
    </message>
    <message>
        <source>Touch the button below, type the 6 digits, then press OK.</source>
        <translation>Chạm nút bên dưới, nhập 6 chữ số, rồi bấm Đồng ý.</translation>
    </message>
    <message>
        <source>Now place your card flat on the reader</source>
        <translation>Bây giờ mời đặt thẻ nằm phẳng lên đầu đọc</translation>
    </message>
    <message>
        <source>Leave it there until the screen says you may take it.</source>
        <translation>Để yên thẻ cho đến khi màn hình báo có thể lấy thẻ.</translation>
    </message>
    <message>
        <source>%1 seconds left</source>
        <translation>Còn %1 giây</translation>
    </message>
    <message>
        <source>A+ Larger text</source>
        <translation>A+ Chữ to hơn</translation>
    </message>
    <message>
        <source>Larger text on the screens</source>
        <translation>Phóng to chữ trên màn hình</translation>
    </message>
    <message>
        <source>Picture: the card&apos;s QR code held up to the camera</source>
        <translation>Hình: đưa mã QR trên thẻ lên trước camera</translation>
    </message>
    <message>
        <source>Picture: the last 6 digits of the ID number on the card&apos;s front</source>
        <translation>Hình: 6 chữ số cuối của số định danh ở mặt trước thẻ</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Nhập số thẻ của bạn</translation>
    </message>
    <message>
        <source>Open the keypad to type the 6-digit card number</source>
        <translation>Mở bàn phím để nhập số thẻ 6 chữ số</translation>
    </message>
    <message>
        <source>No QR code? Type your card number</source>
        <translation>Không có mã QR? Nhập số thẻ</translation>
    </message>
    <message>
        <source>Type the 6-digit card number instead of showing the QR code</source>
        <translation>Nhập số thẻ 6 chữ số thay cho mã QR</translation>
    </message>
    <message>
        <source>Priority (pregnant, disability…)?</source>
        <translation>Ưu tiên (có thai, khuyết tật…)?</translation>
    </message>
    <message>
        <source>Declare a priority before placing the card</source>
        <translation>Khai báo ưu tiên trước khi đặt thẻ</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Staff: open the receptionist console</source>
        <translation>Nhân viên: mở bảng điều khiển lễ tân</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Decide a check-in under review</source>
        <translation>Xét duyệt lượt đăng ký</translation>
    </message>
    <message>
        <source>Check-in of %1: compare the face with the card, then decide.</source>
        <translation>Lượt đăng ký %1: so sánh khuôn mặt với thẻ rồi quyết định.</translation>
    </message>
    <message>
        <source>Reason (kept for audit)</source>
        <translation>Lý do (lưu để kiểm tra)</translation>
    </message>
    <message>
        <source>&amp;Reason (kept for audit)</source>
        <translation>&amp;Lý do (lưu để kiểm tra)</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Chấp nhận</translation>
    </message>
    <message>
        <source>Approve the check-in</source>
        <translation>Chấp nhận lượt đăng ký</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Từ ch&amp;ối</translation>
    </message>
    <message>
        <source>Reject the check-in</source>
        <translation>Từ chối lượt đăng ký</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Type the reason for your decision (at least %1 characters).</source>
        <translation>Nhập lý do quyết định (ít nhất %1 ký tự).</translation>
    </message>
    <message>
        <source>To look at: %1</source>
        <translation>Cần xem: %1</translation>
    </message>
    <message>
        <source>Photo on the card&apos;s chip</source>
        <translation>Ảnh trong chip của thẻ</translation>
    </message>
    <message>
        <source>No chip photo</source>
        <translation>Không có ảnh trong chip</translation>
    </message>
    <message>
        <source>Photo at the kiosk</source>
        <translation>Ảnh chụp tại ki-ốt</translation>
    </message>
    <message>
        <source>No face was seen</source>
        <translation>Không thấy khuôn mặt</translation>
    </message>
    <message>
        <source>Decided by: %1</source>
        <translation>Người quyết định: %1</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Receptionist PIN</source>
        <translation>Mã PIN lễ tân</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <source>PIN message</source>
        <translation>Thông báo mã PIN</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Xóa chữ số cuối</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Check the PIN</source>
        <translation>Kiểm tra mã PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancel and go back</source>
        <translation>Hủy và quay lại</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 seconds.</source>
        <translation>Sai mã PIN quá nhiều lần. Thử lại sau %1 giây.</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Sai mã PIN. Còn %1 lần thử.</translation>
    </message>
</context>
<context>
    <name>PriorityView</name>
    <message>
        <source>I am pregnant</source>
        <translation>Tôi đang mang thai</translation>
    </message>
    <message>
        <source>I have a severe disability</source>
        <translation>Tôi là người khuyết tật nặng</translation>
    </message>
    <message>
        <source>I am a person with revolutionary merit</source>
        <translation>Tôi là người có công với cách mạng</translation>
    </message>
    <message>
        <source>This is an emergency</source>
        <translation>Tôi cần cấp cứu</translation>
    </message>
    <message>
        <source>A child under 6</source>
        <translation>Trẻ em dưới 6 tuổi</translation>
    </message>
    <message>
        <source>Aged 75 or over</source>
        <translation>Người từ đủ 75 tuổi</translation>
    </message>
    <message>
        <source>Are you to be seen first?</source>
        <translation>Quý vị có thuộc diện được ưu tiên khám trước?</translation>
    </message>
    <message>
        <source>Choose what applies to you; a receptionist may ask to see a paper. Children under 6 and people aged 75 or over need not choose: the card says so.</source>
        <translation>Chọn trường hợp của quý vị; nhân viên tiếp đón có thể đề nghị xem giấy tờ. Trẻ em dưới 6 tuổi và người từ đủ 75 tuổi không cần chọn: thẻ đã cho biết.</translation>
    </message>
    <message>
        <source>No priority: back</source>
        <translation>Không ưu tiên: quay lại</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Check-ins waiting to be sent</source>
        <translation>Lượt đăng ký chờ gửi</translation>
    </message>
    <message>
        <source>Online. %1 items waiting to be sent.</source>
        <translation>Đang kết nối. %1 mục chờ gửi.</translation>
    </message>
    <message>
        <source>OFFLINE: check-ins are kept and sent when the network is back. %1 waiting.</source>
        <translation>MẤT KẾT NỐI: các lượt đăng ký được lưu lại và gửi khi có mạng. %1 lượt đang chờ.</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Số thứ tự</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Người bệnh</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>Chờ từ</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Số lần thử</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>Thử lại lúc</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <source>The last try failed</source>
        <translation>Lần thử gần nhất bị lỗi</translation>
    </message>
    <message>
        <source>Gave up after every try: call IT to send it again</source>
        <translation>Đã ngừng sau mọi lần thử: gọi bộ phận CNTT để gửi lại</translation>
    </message>
</context>
<context>
    <name>ReadingView</name>
    <message>
        <source>Opening the chip…</source>
        <translation>Đang mở chip…</translation>
    </message>
    <message>
        <source>Reading your details…</source>
        <translation>Đang đọc thông tin của quý vị…</translation>
    </message>
    <message>
        <source>Reading the photo on the chip…</source>
        <translation>Đang đọc ảnh trong chip…</translation>
    </message>
    <message>
        <source>Checking that the card is genuine…</source>
        <translation>Đang kiểm tra thẻ thật…</translation>
    </message>
    <message>
        <source>Reading your card</source>
        <translation>Đang đọc thẻ</translation>
    </message>
    <message>
        <source>Keep the card still on the reader.</source>
        <translation>Xin để yên thẻ trên đầu đọc.</translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <source>Your health insurance covers this visit.</source>
        <translation>Thẻ BHYT của quý vị được dùng cho lần khám này.</translation>
    </message>
    <message>
        <source>Your health insurance covers this visit. Show your insurance card at the counter.</source>
        <translation>Thẻ BHYT của quý vị được dùng cho lần khám này. Mời xuất trình thẻ BHYT tại quầy.</translation>
    </message>
    <message>
        <source>Your health insurance covers this visit. A new insurance card was issued to you: use it next time.</source>
        <translation>Thẻ BHYT của quý vị được dùng cho lần khám này. Quý vị đã được cấp thẻ BHYT mới: lần sau hãy dùng thẻ mới.</translation>
    </message>
    <message>
        <source>Your health insurance cannot be used today: this visit is paid by you.</source>
        <translation>Thẻ BHYT không dùng được hôm nay: quý vị tự chi trả lần khám này.</translation>
    </message>
    <message>
        <source>Your health insurance could not be checked yet; the clinic will check it for you.</source>
        <translation>Chưa tra cứu được thẻ BHYT; phòng khám sẽ tra cứu giúp quý vị.</translation>
    </message>
    <message>
        <source>Your health insurance details need a check by a receptionist.</source>
        <translation>Thông tin BHYT của quý vị cần nhân viên lễ tân kiểm tra.</translation>
    </message>
    <message>
        <source>Please take a seat. Your number will be called at counter %1.</source>
        <translation>Mời ngồi chờ. Số của quý vị sẽ được gọi tại quầy %1.</translation>
    </message>
    <message>
        <source>Please pay at the cashier, then wait for your number at counter %1.</source>
        <translation>Mời thanh toán tại quầy thu ngân, rồi chờ gọi số tại quầy %1.</translation>
    </message>
    <message>
        <source>Please go to the reception desk with this number.</source>
        <translation>Mời mang số này đến quầy lễ tân.</translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation>Quý vị đã đăng ký khám</translation>
    </message>
    <message>
        <source>Your priority number</source>
        <translation>Số ưu tiên của quý vị</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Số thứ tự của quý vị</translation>
    </message>
    <message>
        <source>Your number: %1</source>
        <translation>Số thứ tự của quý vị: %1</translation>
    </message>
    <message>
        <source>You already have this number today: it is shown again.</source>
        <translation>Hôm nay quý vị đã có số này: số được hiển thị lại.</translation>
    </message>
    <message>
        <source>The slip could not be printed: please remember your number and ask at the reception desk.</source>
        <translation>Không in được phiếu: quý vị vui lòng ghi nhớ số thứ tự và hỏi quầy tiếp đón.</translation>
    </message>
    <message>
        <source>Your health insurance pays %1% of covered costs.</source>
        <translation>Bảo hiểm y tế chi trả %1% chi phí trong phạm vi được hưởng.</translation>
    </message>
    <message>
        <source>Children under 6 are covered in full.</source>
        <translation>Trẻ em dưới 6 tuổi được chi trả toàn bộ.</translation>
    </message>
    <message>
        <source>No co-pay for the rest of this year: 5 years&apos; continuous cover and this year&apos;s co-pay above the limit.</source>
        <translation>Không phải cùng chi trả trong thời gian còn lại của năm: đủ 5 năm liên tục và số tiền cùng chi trả trong năm đã vượt mức quy định.</translation>
    </message>
    <message>
        <source>Nobody is waiting before you.</source>
        <translation>Không có ai chờ trước quý vị.</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) before you.</source>
        <translation>
            <numerusform>Có %n người chờ trước quý vị.</numerusform>
        </translation>
    </message>
    <message>
        <source>room %1 on floor %2</source>
        <translation>phòng %1 tầng %2</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>phòng %1</translation>
    </message>
    <message>
        <source>Go to %1, %2.</source>
        <translation>Đến %1, %2.</translation>
    </message>
    <message>
        <source>Go to %1.</source>
        <translation>Đến %1.</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>The camera could not confirm that the card is yours: a receptionist will check it and give you your number.</source>
        <translation>Camera chưa xác nhận được thẻ này là của quý vị: nhân viên lễ tân sẽ kiểm tra và đưa số thứ tự cho quý vị.</translation>
    </message>
    <message>
        <source>Your health insurance needs a check by a receptionist, who will give you your number.</source>
        <translation>Thẻ BHYT của quý vị cần nhân viên lễ tân kiểm tra; nhân viên sẽ đưa số thứ tự cho quý vị.</translation>
    </message>
    <message>
        <source>Your card needs a check by a receptionist, who will give you your number.</source>
        <translation>Thẻ của quý vị cần nhân viên lễ tân kiểm tra; nhân viên sẽ đưa số thứ tự cho quý vị.</translation>
    </message>
    <message>
        <source>A receptionist will confirm your priority and give you your number.</source>
        <translation>Nhân viên lễ tân sẽ xác nhận diện ưu tiên và đưa số thứ tự cho quý vị.</translation>
    </message>
    <message>
        <source>A receptionist will help you choose where to be seen and give you your number.</source>
        <translation>Nhân viên lễ tân sẽ giúp quý vị chọn nơi khám và đưa số thứ tự cho quý vị.</translation>
    </message>
    <message>
        <source>Please go to the reception desk</source>
        <extracomment>The receptionist came to the kiosk: the PIN, then the console to decide it there.</extracomment>
        <translation>Mời quý vị đến quầy lễ tân</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Staff: decide this check-in at the console</source>
        <translation>Nhân viên: xét duyệt lượt đăng ký này tại bảng điều khiển</translation>
    </message>
</context>
<context>
    <name>ScreenView</name>
    <message>
        <source>Take your card now.</source>
        <translation>Mời quý vị lấy thẻ.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Done: the next patient may start</source>
        <translation>Xong: người tiếp theo có thể bắt đầu</translation>
    </message>
</context>
<context>
    <name>SecondNumberDialog</name>
    <message>
        <source>Issue a second number</source>
        <translation>Cấp số thứ hai</translation>
    </message>
    <message>
        <source>The patient already holds %1 today. A second number is issued only on purpose, with a reason.</source>
        <translation>Người bệnh đã giữ số %1 hôm nay. Chỉ cấp số thứ hai khi cần, kèm lý do.</translation>
    </message>
    <message>
        <source>Reason (kept for audit)</source>
        <translation>Lý do (được lưu để kiểm tra)</translation>
    </message>
    <message>
        <source>Issued by: %1</source>
        <translation>Cấp bởi: %1</translation>
    </message>
    <message>
        <source>&amp;Reason (kept for audit)</source>
        <translation>&amp;Lý do (được lưu để kiểm tra)</translation>
    </message>
    <message>
        <source>&amp;Issue a second number</source>
        <translation>&amp;Cấp số thứ hai</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Type the reason for the second number (at least %1 characters).</source>
        <translation>Nhập lý do cấp số thứ hai (ít nhất %1 ký tự).</translation>
    </message>
</context>
<context>
    <name>SlipsView</name>
    <message>
        <source>Do you have a referral slip from another facility?</source>
        <translation>Bạn có giấy chuyển tuyến (giấy chuyển cơ sở) từ cơ sở khác không?</translation>
    </message>
    <message>
        <source>Do you have an appointment slip for a follow-up visit here?</source>
        <translation>Bạn có giấy hẹn khám lại tại đây không?</translation>
    </message>
    <message>
        <source>the clinic will tell you</source>
        <translation>nhân viên sẽ thông báo cho bạn</translation>
    </message>
    <message>
        <source>%1% of covered costs</source>
        <translation>%1% chi phí trong phạm vi được hưởng</translation>
    </message>
    <message>
        <source>Your card is registered at another facility</source>
        <translation>Thẻ của bạn đăng ký khám ban đầu ở cơ sở khác</translation>
    </message>
    <message>
        <source>Please answer both questions, then confirm.</source>
        <translation>Vui lòng trả lời cả hai câu hỏi rồi bấm Xác nhận.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>With a slip, your health insurance pays %1. Without one, it pays %2.</source>
        <translation>Có giấy, bảo hiểm y tế chi trả %1. Không có giấy, bảo hiểm y tế chi trả %2.</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Vui lòng chờ…</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
</context>
<context>
    <name>TesterStrip</name>
    <message>
        <source>Tester · simulated card: on the reader</source>
        <translation>Kiểm thử · thẻ mô phỏng: đang trên đầu đọc</translation>
    </message>
    <message>
        <source>Tester · simulated card: off the reader</source>
        <translation>Kiểm thử · thẻ mô phỏng: không trên đầu đọc</translation>
    </message>
    <message>
        <source>Place card (%1)</source>
        <translation>Đặt thẻ (%1)</translation>
    </message>
    <message>
        <source>Take card away (%1)</source>
        <translation>Nhấc thẻ ra (%1)</translation>
    </message>
    <message>
        <source>Tester controls of the simulated card</source>
        <translation>Điều khiển thẻ mô phỏng cho người kiểm thử</translation>
    </message>
</context>
<context>
    <name>VoiceToggle</name>
    <message>
        <source>Voice: on</source>
        <translation>Giọng nói: bật</translation>
    </message>
    <message>
        <source>Voice: off</source>
        <translation>Giọng nói: tắt</translation>
    </message>
    <message>
        <source>Spoken guidance is on; press to switch it off</source>
        <translation>Hướng dẫn bằng giọng nói đang bật; nhấn để tắt</translation>
    </message>
    <message>
        <source>Spoken guidance is off; press to switch it on</source>
        <translation>Hướng dẫn bằng giọng nói đang tắt; nhấn để bật</translation>
    </message>
</context>
</TS>
