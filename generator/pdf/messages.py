"""User-facing messages of the PDF side, Vietnamese first, English on request."""

from __future__ import annotations

import re

INSTALL_COMMAND = (
    "sudo apt-get install -y --no-install-recommends "
    "libreoffice-writer-nogui python3-uno fonts-liberation2 fontconfig"
)

_MESSAGES: dict[str, tuple[str, str]] = {
    "no-soffice": (
        "Không tìm thấy LibreOffice (lệnh soffice) nên không tạo được PDF; tệp DOCX vẫn được "
        "ghi. Cài đặt bằng: {install} (hoặc chạy `make setup`).",
        "LibreOffice (the soffice command) was not found, so no PDF can be made; the DOCX "
        "files are still written. Install it with: {install} (or run `make setup`).",
    ),
    "no-uno": (
        "LibreOffice có nhưng thiếu cầu nối Python (python3-uno) cho {python}; tệp DOCX vẫn "
        "được ghi. Cài đặt bằng: {install}",
        "LibreOffice is installed but its Python bridge (python3-uno) is missing for "
        "{python}; the DOCX files are still written. Install it with: {install}",
    ),
    "start-failed": (
        "Không khởi động được LibreOffice: {detail}",
        "LibreOffice could not be started: {detail}",
    ),
    "not-found": (
        "{docx}: không tìm thấy tệp DOCX.",
        "{docx}: the DOCX file does not exist.",
    ),
    "invalid-docx": (
        "{docx}: không phải tệp DOCX hợp lệ ({detail}); LibreOffice không mở được.",
        "{docx}: not a valid DOCX file ({detail}); LibreOffice cannot open it.",
    ),
    "load": (
        "{docx}: LibreOffice không mở được tệp: tệp bị hỏng hoặc không đúng định dạng "
        "DOCX{detail}.",
        "{docx}: LibreOffice could not open the file: it is damaged or not in DOCX "
        "format{detail}.",
    ),
    "export": (
        "{docx}: LibreOffice không xuất được PDF ({detail}).",
        "{docx}: LibreOffice could not export the PDF ({detail}).",
    ),
    "timeout": (
        "{docx}: quá thời gian chuyển sang PDF ({seconds:.1f} giây) sau {attempts} lần thử; "
        "tiến trình LibreOffice bị treo đã được dừng và thay thế.",
        "{docx}: PDF conversion timed out ({seconds:.1f} s) after {attempts} attempt(s); the "
        "hung LibreOffice process was killed and replaced.",
    ),
    "crash": (
        "{docx}: LibreOffice bị dừng đột ngột khi chuyển tệp này, sau {attempts} lần thử "
        "({detail}).",
        "{docx}: LibreOffice died while converting this file, after {attempts} attempt(s) "
        "({detail}).",
    ),
    "finish": (
        "{docx}: không hoàn thiện được PDF ({detail}).",
        "{docx}: the PDF could not be finished ({detail}).",
    ),
    "write": (
        "{pdf}: không ghi được tệp PDF ({detail}).",
        "{pdf}: the PDF could not be written ({detail}).",
    ),
    "font-missing": (
        "Ký tự {chars} không có trong phông chữ nào đã cài, PDF sẽ hiện ô trống. "
        "Hãy thay bằng ký tự khác hoặc xoá đi.",
        "Character(s) {chars} are in no installed font and would print as boxes. "
        "Replace or remove them.",
    ),
    "font-fallback": (
        "Ký tự {chars} không có trong Times New Roman (Liberation Serif), sẽ được vẽ bằng "
        "phông khác ({fonts}); văn bản hành chính nên dùng toàn bộ Times New Roman.",
        "Character(s) {chars} are not in Times New Roman (Liberation Serif) and will be drawn "
        "with another font ({fonts}); an official document should be all Times New Roman.",
    ),
}


def message(code: str, lang: str = "vi", **values: object) -> str:
    """The message ``code`` in ``lang`` ("vi" or "en"), filled with ``values``."""
    vi, en = _MESSAGES[code]
    values.setdefault("install", INSTALL_COMMAND)
    if lang == "en":
        return en.format(**values)
    # Vietnamese decimal comma: 2,5 giây (the templates format seconds with .1f)
    return re.sub(r"\((\d+)\.(\d) giây\)", r"(\1,\2 giây)", vi.format(**values))
