"""What signing reads from ``office.yaml`` (README "The office folder"): signers' keys and
images, the seal and its real size, the trusted roots. A small reader of its own until
``generator.register`` offers one; paths are relative to the office folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import error
from .keys import KeySpec


@dataclass(frozen=True)
class SignerEntry:
    key: KeySpec
    image: Path | None


@dataclass(frozen=True)
class Office:
    folder: Path
    data: dict

    @classmethod
    def open(cls, folder: Path) -> Office:
        path = folder / "office.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise error(f"Không đọc được {path}: {exc.strerror}.",
                        f"Cannot read {path}: {exc.strerror}.") from exc
        except yaml.YAMLError as exc:
            raise error(f"{path}: YAML sai ({exc}).", f"{path}: invalid YAML ({exc}).") from exc
        if not isinstance(data, dict):
            raise error(f"{path}: cần một bảng khóa: giá trị.", f"{path}: expected a mapping.")
        return cls(folder, data)

    def _path(self, value: object) -> Path | None:
        return self.folder / str(value) if value else None

    def _key(self, entry: dict, pin: str | None) -> KeySpec:
        p11 = entry.get("pkcs11") or {}
        return KeySpec(p12=self._path(entry.get("khoa")),
                       pkcs11_module=Path(p11["thu_vien"]) if p11.get("thu_vien") else None,
                       token=p11.get("token"), key_label=p11.get("nhan_khoa"), pin=pin)

    def signer(self, code: str, pin: str | None) -> SignerEntry:
        for entry in self.data.get("nguoi_ky") or []:
            if isinstance(entry, dict) and str(entry.get("ma")) == code:
                return SignerEntry(self._key(entry, pin), self._path(entry.get("anh_chu_ky")))
        known = ", ".join(str(e.get("ma")) for e in self.data.get("nguoi_ky") or []
                          if isinstance(e, dict))
        raise error(f"office.yaml không có người ký «{code}» (có: {known or 'không ai'}).",
                    f"office.yaml has no signer '{code}' (known: {known or 'none'}).")

    def seal(self, pin: str | None) -> tuple[KeySpec, Path | None, float]:
        entry = self.data.get("dau") or {}
        try:
            diameter = float(entry.get("duong_kinh_mm", 0))
        except (TypeError, ValueError):
            diameter = 0
        if diameter <= 0:
            raise error("office.yaml: dau.duong_kinh_mm (đường kính con dấu, mm) phải là số "
                        "dương.", "office.yaml: dau.duong_kinh_mm (seal diameter, mm) must be "
                                  "a positive number.")
        return self._key(entry, pin), self._path(entry.get("anh")), diameter

    def trusted(self) -> list[Path]:
        return [self.folder / str(p) for p in self.data.get("tin_cay") or []]
