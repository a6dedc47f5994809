"""A citation of ANOTHER document's appendix or form is not a citation of this document's.

Found in the real-document corpus (tests/real/qd-1373-bkhdt-2022, qd-3276-byt-2025): a
decision amending a circular cites "Phụ lục 4 kèm theo Thông tư số 10/2022/TT-BKHĐT"; the
check of attachments must neither warn about it nor count it as citing an appendix of the file.
"""

from __future__ import annotations

import pytest

from .test_attachments import TWO_APPENDICES, warnings_of


@pytest.mark.parametrize("sentence", [
    "Cụm từ “nhà đầu tư” tại Chương II Phụ lục 4 kèm theo Thông tư số 10/2022/TT-BKHĐT"
    " được sửa thành “đối tác”.",
    "Bãi bỏ Phụ lục 5 danh mục mã xăng, dầu ban hành kèm theo Quyết định số 824/QĐ-BYT"
    " ngày 15/02/2023 của Bộ trưởng Bộ Y tế.",
    "Sửa đổi Phụ lục II, III ban hành kèm theo Thông tư liên tịch số 12/2015/TTLT-BNV-BTC.",
    "Báo cáo theo mẫu kèm theo Thông tư số 01/2011/TT-BNV.",
])
def test_another_documents_appendix_is_not_reported(write_content, sentence: str) -> None:
    assert warnings_of(write_content, f"noi_dung:\n  - {sentence}\n") == []


def test_own_appendix_beside_another_documents_is_still_checked(write_content) -> None:
    found = warnings_of(write_content, """\
noi_dung:
  - Thay thế Phụ lục 4 kèm theo Thông tư số 10/2022/TT-BKHĐT bằng Phụ lục 1A; Phụ lục 1B.
""")
    assert ["«Phụ lục 1A»" in found[0].render("vi"), "«Phụ lục 1B»" in found[1].render("vi"),
            len(found)] == [True, True, 2]
    assert warnings_of(write_content, """\
noi_dung:
  - Các đơn vị báo cáo theo Phụ lục I kèm theo Quyết định này.
  - Danh sách tại Phụ lục II.
""" + TWO_APPENDICES) == []


def test_another_documents_appendix_does_not_cite_one_of_the_file(write_content) -> None:
    (uncited,) = warnings_of(write_content, """\
noi_dung:
  - Bãi bỏ Phụ lục I ban hành kèm theo Quyết định số 824/QĐ-BYT; chi tiết tại Phụ lục II.
""" + TWO_APPENDICES)
    assert uncited.field == "phu_luc[0]" and "Phụ lục I không được" in uncited.render("vi")


def test_this_documents_own_number_is_its_own_appendix(write_content) -> None:
    # HEAD's document is số 3: "Phụ lục I kèm theo Báo cáo số 3/…" is its own appendix
    assert warnings_of(write_content, """\
noi_dung:
  - Chi tiết tại Phụ lục I kèm theo Báo cáo số 3/BC-SNV và Phụ lục II.
""" + TWO_APPENDICES) == []


def test_a_list_of_another_documents_appendices_cites_none_of_the_file(write_content) -> None:
    uncited = warnings_of(write_content, """\
noi_dung:
  - Bãi bỏ Phụ lục 01 Danh mục mã dịch vụ, Phụ lục 02 Danh mục mã khám bệnh và Phụ lục 04 Danh
    mục mã tiền giường ban hành kèm theo Quyết định số 7603/QĐ-BYT.
""" + TWO_APPENDICES)
    # neither appendix of the file is cited, and nothing else is reported
    assert [w.field for w in uncited] == ["phu_luc[0]", "phu_luc[1]"]


def test_this_document_named_between_is_its_own_appendix(write_content) -> None:
    assert warnings_of(write_content, """\
noi_dung:
  - Áp dụng Phụ lục I của Báo cáo này và Phụ lục 5 ban hành kèm theo Quyết định số 824/QĐ-BYT.
  - Chi tiết tại Phụ lục II. Mẫu báo cáo theo Phụ lục 3 kèm theo Thông tư số 01/2011/TT-BNV.
""" + TWO_APPENDICES) == []
