"""What signing reads from the office folder (README "The office folder"): signers' keys
and images, the seal and its real size, the trusted roots — from ``office.yaml`` as the
register validates it (generator.register.config), paths relative to the office folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Problems
from ..register.config import OfficeConfig, Pkcs11, load_office_config
from .errors import error
from .keys import KeySpec


@dataclass(frozen=True)
class SignerEntry:
    key: KeySpec
    image: Path | None


@dataclass(frozen=True)
class Office:
    folder: Path
    config: OfficeConfig

    @classmethod
    def open(cls, folder: Path) -> Office:
        try:
            return cls(folder, load_office_config(folder))
        except Problems as exc:  # office.yaml's own faults, each with its line
            text_vi = "\n".join(p.render("vi") for p in exc.items)
            text_en = "\n".join(p.render("en") for p in exc.items)
            raise error(text_vi, text_en) from None

    def _path(self, value: object) -> Path | None:
        return self.folder / str(value) if value else None

    def _key(self, p12: str | None, p11: Pkcs11 | None, pin: str | None) -> KeySpec:
        return KeySpec(p12=self._path(p12),
                       pkcs11_module=Path(p11.thu_vien) if p11 else None,
                       token=p11.token if p11 else None,
                       key_label=p11.nhan_khoa if p11 else None, pin=pin)

    def signer(self, code: str, pin: str | None) -> SignerEntry:
        for entry in self.config.nguoi_ky:
            if entry.ma == code:
                return SignerEntry(self._key(entry.khoa, entry.pkcs11, pin),
                                   self._path(entry.anh_chu_ky))
        known = ", ".join(e.ma for e in self.config.nguoi_ky)
        raise error(f"office.yaml không có người ký «{code}» (có: {known or 'không ai'}).",
                    f"office.yaml has no signer '{code}' (known: {known or 'none'}).")

    def seal(self, pin: str | None) -> tuple[KeySpec, Path | None, float]:
        entry = self.config.dau
        if entry is None:
            raise error("office.yaml chưa khai báo con dấu (dau: {anh, duong_kinh_mm, khoa}).",
                        "office.yaml declares no seal (dau: {anh, duong_kinh_mm, khoa}).")
        return (self._key(entry.khoa, getattr(entry, "pkcs11", None), pin),
                self._path(entry.anh), entry.duong_kinh_mm)

    def trusted(self) -> list[Path]:
        return [self.folder / p for p in self.config.tin_cay]
