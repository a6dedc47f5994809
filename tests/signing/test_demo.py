"""`make demo`'s signing part: a demo office (office.yaml, TEST keys) used by sign, seal and
verify through --office and --signer."""

from __future__ import annotations

import yaml
from pypdf import PdfReader

from generator.signing.demo import run

from .conftest import LETTER


def test_demo_office_signs_seals_and_verifies(prepared, tmp_path, capsys) -> None:  # noqa: ANN001
    assert run(tmp_path, LETTER) == 0
    out = capsys.readouterr().out
    assert "KẾT LUẬN: văn bản chính được ký số hợp lệ theo Nghị định 30." in out
    assert "KHÓA THỬ (TEST" in out
    office = yaml.safe_load((tmp_path / "office" / "office.yaml").read_text(encoding="utf-8"))
    assert office["dau"]["duong_kinh_mm"] == 36
    sealed = PdfReader(tmp_path / "4208-VP-NC-da-ky-so.pdf")
    assert set(sealed.get_fields()) >= {"ChuKyLanhDao", "ChuKyCoQuan", "SoVanBan"}
    assert sealed.get_fields()["SoVanBan"]["/V"] == "4208"
