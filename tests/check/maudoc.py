"""The decree's own layouts of Mẫu 1.6 (công điện), 1.8 (giấy giới thiệu) and 1.9 (biên
bản), as Phụ lục III draws them (tests/fixtures/nd30-2020/Phuluc3.docx), filled in with
sample text: what a clerk copying the Mẫu into Word produces. The checker must pass them.
"""

from __future__ import annotations

from pathlib import Path

from checkdoc import CELL_MARGIN, LEFT_COL, RIGHT_COL, _line_para, _tw, default_styles, style, sz
from docxbuild import para, run, sect, table, write_docx

WIDTH = LEFT_COL + RIGHT_COL
LEFT = '<w:jc w:val="left"/>'


def _underlined(text: str, style_id: str, cell: int, length: float) -> str:
    """A line drawn as the paragraph's own bottom border, its indents giving the length."""
    side = max(0, round((cell - 2 * CELL_MARGIN - length) / 2))
    return para(text, style=style_id, ppr='<w:pBdr><w:bottom w:val="single" w:sz="6" '
                f'w:space="1" w:color="000000"/></w:pBdr><w:ind w:left="{side}" '
                f'w:right="{side}"/>')


def _header(so: str, date: str | None, parent: bool = True, borders: bool = False) -> str:
    """``borders``: the Tiêu ngữ's line drawn as its own bottom border."""
    tieu_ngu = "Độc lập - Tự do - Hạnh phúc"
    left = para("UBND TỈNH LẠNG SƠN", style="CoQuanChuQuan") if parent else ""
    left += (para("SỞ NỘI VỤ", style="CoQuan")
             + _line_para(LEFT_COL, _tw("SỞ NỘI VỤ", 13, True), 0.4) + para(so, style="SoKyHieu"))
    right = para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="QuocHieu")
    if borders:
        right += _underlined(tieu_ngu, "TieuNgu", RIGHT_COL, _tw(tieu_ngu, 14, True))
    else:
        right += para(tieu_ngu, style="TieuNgu") + _line_para(
            RIGHT_COL, _tw(tieu_ngu, 14, True), 1)
    if date:
        right += para(date, style="DiaDanh")
    return table([[left, right]], [LEFT_COL, RIGHT_COL])


def _title(name: str, summary: str | None) -> str:
    out = para(name, style="TenLoai")
    underlined = name
    if summary:
        out += para(summary, style="TrichYeu")
        underlined = summary
    return out + _line_para(WIDTH, _tw(underlined, 14, True), 0.4)


def _recipients(*items: str) -> str:
    return para("Nơi nhận:", style="NoiNhanNhan") + "".join(
        para(x, style="NoiNhan") for x in items)


def _note(text: str) -> str:
    return para(runs=run(text, sz(13) + "<w:i/>"), ppr='<w:jc w:val="center"/>')


def _write(path: Path, body: str) -> Path:
    styles = "".join(style(k, *v) for k, v in default_styles().items())
    page = para(runs='<w:fldSimple w:instr=" PAGE ">' + run("2") + "</w:fldSimple>",
                style="SoTrang")
    sect_xml = sect(headers={"default": "rIdheader1", "first": "rIdheader2"})
    return write_docx(path, body, sect_xml=sect_xml, styles=styles,
                      parts={"header1.xml": page, "header2.xml": para()})


def cong_dien(path: Path, *, in_table: bool = True) -> Path:
    """Mẫu 1.6: "<sender> điện:" centred, then the recipients as dash lines in the right
    cell of a borderless table, justified, as in the Mẫu (or, as clerks also type them,
    paragraphs indented under the "điện:" line)."""
    body = _header("Số: 02/CĐ-SNV", "Lạng Sơn, ngày 07 tháng 12 năm 2017")
    body += _title("CÔNG ĐIỆN", "Về việc chủ động ứng phó với đợt rét đậm, rét hại")
    body += para("GIÁM ĐỐC SỞ NỘI VỤ điện:", ppr='<w:jc w:val="center"/>'
                 '<w:spacing w:before="120"/>', rpr=sz(14))
    dash = '<w:jc w:val="both"/><w:ind w:firstLine="27"/>'
    lines = (para("- Các phòng, đơn vị thuộc Sở;", ppr=dash, rpr=sz(14))
             + para("- Các cơ quan, đơn vị có liên quan.", ppr=dash, rpr=sz(14)))
    if in_table:
        body += table([[para(), lines]], [2016, WIDTH - 2016])
    else:
        body += lines.replace('<w:ind w:firstLine="27"/>', '<w:ind w:left="2016"/>')
    body += para("Để chủ động ứng phó với đợt rét đậm, rét hại, Giám đốc Sở Nội vụ yêu cầu các "
                 "phòng, đơn vị bố trí lịch làm việc phù hợp, bảo đảm sức khỏe cho công chức, "
                 "viên chức./.", style="NoiDung")
    sign = (para("GIÁM ĐỐC", style="ChucVu") + _note("(Chữ ký của người có thẩm quyền")
            + _note("dấu/chữ ký số của cơ quan, tổ chức)") + para(style="ChucVu") * 3
            + para("Nguyễn Văn A", style="HoTen"))
    body += table([[_recipients("- Như trên;", "- Lưu: VT, TCCB."), sign]],
                  [LEFT_COL, RIGHT_COL])
    return _write(path, body)


def giay_gioi_thieu(path: Path, *, rows: bool = False) -> Path:
    """Mẫu 1.8: "<issuer> trân trọng giới thiệu:" centred, as in the Mẫu; with ``rows``,
    the signature table of the Mẫu: title, note and name each in a row of its own."""
    body = _header("Số: 15/GGT-SNV", "Lạng Sơn, ngày 07 tháng 12 năm 2017")
    body += _title("GIẤY GIỚI THIỆU", None)
    body += para("Sở Nội vụ tỉnh Lạng Sơn trân trọng giới thiệu:",
                 ppr='<w:jc w:val="center"/><w:spacing w:before="120"/>', rpr=sz(14))
    for text in ("Ông: Trần Văn B", "Chức vụ: Chuyên viên Phòng Tổ chức, biên chế",
                 "Được cử đến: Ủy ban nhân dân huyện Cao Lộc",
                 "Về việc: Khảo sát tình hình thực hiện tinh giản biên chế.",
                 "Đề nghị Quý cơ quan tạo điều kiện để ông có tên ở trên hoàn thành nhiệm vụ.",
                 "Giấy này có giá trị đến hết ngày 31/12/2017./."):
        body += para(text, style="NoiDung")
    if rows:
        body += table([
            [para("Nơi nhận:", style="NoiNhanNhan"), para("GIÁM ĐỐC", style="ChucVu")],
            ["".join(para(x, style="NoiNhan") for x in ("- Như trên;", "- Lưu: VT.")),
             _note("(Chữ ký của người có thẩm quyền,") + _note("dấu/chữ ký số của cơ quan, "
                                                              "tổ chức)")],
            [para(), para(style="ChucVu") * 3 + para("Nguyễn Văn A", style="HoTen")],
        ], [LEFT_COL, RIGHT_COL])
        return _write(path, body)
    sign = (para("GIÁM ĐỐC", style="ChucVu") + para(style="ChucVu") * 4
            + para("Nguyễn Văn A", style="HoTen"))
    body += table([[_recipients("- Như trên;", "- Lưu: VT."), sign]], [LEFT_COL, RIGHT_COL])
    return _write(path, body)


def _party(title: str, name: str) -> str:
    """A signature as offices type it in a biên bản: title, room to sign, name in one cell."""
    return para(title, style="ChucVu") + para(style="ChucVu") * 4 + para(name, style="HoTen")


def bien_ban(path: Path, *, compact: bool = False, parties: bool = False,
             recipients: bool = True) -> Path:
    """Mẫu 1.9: no place/date line in the header; the body's "… ngày … tháng … năm …"
    lines; THƯ KÝ | CHỦ TỌA, their notes and their names in separate rows of one table,
    Nơi nhận in a row below. ``compact``: no parent body and the Tiêu ngữ's line drawn as
    its border, so that the first body line stands close under the number. ``parties``:
    signed as the joint biên bản of 2026 are, four parties two by two, each cell holding
    its title, the room to sign and the name; without ``recipients`` no Nơi nhận (as
    published biên bản often are)."""
    body = _header("Số: 03/BB-SNV", None, parent=not compact, borders=compact)
    if compact:
        meeting = "Cuộc họp giao ban tháng 12 năm 2017"
        body += para("BIÊN BẢN", style="TenLoai") + para(meeting, style="TrichYeu")
        body += _line_para(WIDTH, _tw(meeting, 14, True), 0.4)
    else:
        body += _title("BIÊN BẢN", "Cuộc họp giao ban tháng 12 năm 2017")
    for text in ("Thời gian bắt đầu: 08 giờ 00, ngày 07 tháng 12 năm 2017.",
                 "Địa điểm: Phòng họp Sở Nội vụ.",
                 "Thành phần tham dự: Lãnh đạo Sở và trưởng các phòng.",
                 "Chủ trì (chủ tọa): Ông Nguyễn Văn A, Giám đốc Sở.",
                 "Thư ký (người ghi biên bản): Bà Lê Thị C, chuyên viên.",
                 "Nội dung cuộc họp: các phòng báo cáo kết quả công tác tháng 11 năm 2017.",
                 "Cuộc họp kết thúc vào 11 giờ 00, ngày 07 tháng 12 năm 2017./."):
        body += para(text, style="NoiDung")
    if parties:
        rows = [[_party("ĐẠI DIỆN SỞ TÀI CHÍNH", "Vũ Lân"),
                 _party("ĐẠI DIỆN SỞ XÂY DỰNG", "Trần Đức Tình")],
                [_party("THƯ KÝ", "Lê Thị C"), _party("CHỦ TỌA", "Nguyễn Văn A")]]
        if recipients:
            rows.append([_recipients("- Các phòng thuộc Sở;", "- Lưu: VT, Hồ sơ."), para()])
        body += table(rows, [LEFT_COL, RIGHT_COL])
        return _write(path, body)
    rows = [
        [para("THƯ KÝ", style="ChucVu"), para("CHỦ TỌA", style="ChucVu")],
        [para(runs=run("(Chữ ký)", sz(11) + "<w:i/>"), ppr='<w:jc w:val="center"/>'),
         _note("(Chữ ký của người có thẩm quyền") + _note("dấu/chữ ký số của cơ quan, tổ "
                                                         "chức (nếu có))")
         + para(style="ChucVu") * 3],
        [para("Lê Thị C", style="HoTen"), para("Nguyễn Văn A", style="HoTen")],
        [_recipients("- Các phòng thuộc Sở;", "- Lưu: VT, Hồ sơ."), para()],
    ]
    body += table(rows, [LEFT_COL, RIGHT_COL])
    return _write(path, body)
