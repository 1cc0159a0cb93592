"""The one tabular writer of every worklist export (issue 11.7): CSV that Excel reads, and a right-to-left XLSX."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from mustafid.core import exports

HEADERS = ["الرقم المرجعي", "الاسم"]
ROWS = [["CMP-2027-000001", "سارة"], ["CMP-2027-000002", "=HYPERLINK(1)"], ["CMP-2027-000003", None]]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 Arabic only after a byte-order mark
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[Any]]:
    sheet: Any = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    return [[value if value is not None else "" for value in row] for row in sheet.iter_rows(values_only=True)]


def test_the_csv_and_the_xlsx_hold_the_same_rows():
    from_csv = csv_rows(exports.tabular(HEADERS, ROWS, "csv", title="complaints"))
    from_xlsx = xlsx_rows(exports.tabular(HEADERS, ROWS, "xlsx", title="complaints"))
    assert from_csv == from_xlsx
    assert from_csv[0] == HEADERS and from_csv[1] == ROWS[0] and from_csv[3] == ["CMP-2027-000003", ""]


def test_a_cell_that_would_be_a_formula_is_text_in_both_formats():
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        assert read(exports.tabular(HEADERS, ROWS, fmt, title="t"))[2][1] == "'=HYPERLINK(1)"
    sheet = openpyxl.load_workbook(io.BytesIO(exports.tabular(HEADERS, ROWS, "xlsx", title="t"))).active
    assert sheet["B3"].data_type == "s"


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        exports.tabular(HEADERS, ROWS, "pdf", title="t")


def test_the_download_names_its_file_and_is_not_cached():
    response = exports.download(b"x", "xlsx", "complaints")
    assert response["Content-Type"] == exports.FORMATS["xlsx"]
    assert response["Content-Disposition"].startswith('attachment; filename="complaints-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response["Cache-Control"] == "no-store"
