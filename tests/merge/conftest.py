"""Fixtures for the mail-merge tests: spreadsheets written on the fly with openpyxl, the
merge template of content/merge, a private Redis for the queue tests."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from generator.merge.redis_local import RedisUnavailable, private_redis

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "content" / "merge" / "giay-moi.yaml"
HEADINGS = ["STT", "Đơn vị", "Ngày họp", "Giờ", "Địa điểm", "Gửi"]


def unit_rows(n: int) -> list[list[Any]]:
    return [[i, f"Phòng số {i}", dt.datetime(2017, 12, 14), "08 giờ 00",
             f"Phòng họp {i}", "x"] for i in range(1, n + 1)]


@pytest.fixture
def sheet(tmp_path: Path) -> Callable[..., Path]:
    """Write rows under HEADINGS (or given headings) to an XLSX file; returns its path."""

    def write(rows: list[list[Any]], headings: list[str] | None = None,
              name: str = "data.xlsx", formats: dict[str, str] | None = None) -> Path:
        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = "Danh sách"
        worksheet.append(headings or HEADINGS)
        for row in rows:
            worksheet.append(row)
        for column, number_format in (formats or {}).items():
            for cell in worksheet[column][1:]:
                cell.number_format = number_format
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        with private_redis(tmp_path_factory.mktemp("redis")) as url:
            yield url
    except RedisUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis could not start: {exc}")
        pytest.skip(f"Redis could not start: {exc}")
