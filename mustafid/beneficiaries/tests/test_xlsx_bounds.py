"""Issue 9.6: an XLSX import is bounded before it is parsed."""

import io
import tracemalloc
import zipfile

import pytest

from mustafid.beneficiaries.transfer.read import ImportFileError, read_table


def shared_strings_bomb(count: int) -> bytes:
    """A small deflated workbook holding ``count`` shared strings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        strings += b"<si><t>a</t></si>" * count + b"</sst>"
        book.writestr("xl/sharedStrings.xml", strings)
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return buffer.getvalue()


def test_xlsx_bounds_shared_strings_bomb_is_refused_cheaply():
    content = shared_strings_bomb(3_000_000)
    assert len(content) < 1_000_000
    tracemalloc.start()
    with pytest.raises(ImportFileError) as refused:
        read_table(content, "xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.code == "too_large"
    assert peak < 50 * 1024 * 1024


def inline_sheet(rows: int, columns: int, *, declared: str = "A1:B2") -> bytes:
    """A workbook whose sheet holds ``rows`` × ``columns`` inline strings but declares a small range."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c + 1) for c in range(columns)]
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{letter}{r}" t="inlineStr"><is><t>v</t></is></c>' for letter in letters)
        + "</row>"
        for r in range(1, rows + 1)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{declared}"/><sheetData>{body}</sheetData></worksheet>'
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_xlsx_bounds_a_workbook_within_the_bounds_is_read():
    dataset = read_table(inline_sheet(3, 4), "xlsx")
    assert dataset.headers == ["v"] * 4
    assert dataset.height == 2


def test_xlsx_bounds_cells_are_counted_as_the_rows_stream_whatever_the_declared_range(monkeypatch):
    from mustafid.beneficiaries.transfer import read

    monkeypatch.setattr(read, "MAX_CELLS", 1_000)
    with pytest.raises(ImportFileError) as refused:
        read_table(inline_sheet(60, 20), "xlsx")
    assert refused.value.code == "too_many_cells"
    assert "1,000" in refused.value.messages[0]


def test_xlsx_bounds_a_row_wider_than_any_import_is_refused_with_its_line():
    with pytest.raises(ImportFileError) as refused:
        read_table(inline_sheet(2, 61), "xlsx")
    assert refused.value.code == "too_many_columns"
    assert "1" in refused.value.messages[0]


def test_xlsx_bounds_rows_beyond_the_limit_are_refused_in_csv_too(monkeypatch):
    from mustafid.beneficiaries.transfer import read

    monkeypatch.setattr(read, "MAX_ROWS", 5)
    content = ("a,b\n" + "1,2\n" * 6).encode()
    with pytest.raises(ImportFileError) as refused:
        read_table(content, "csv")
    assert refused.value.code == "too_many_rows"


def test_xlsx_bounds_trailing_empty_formatted_columns_do_not_count_as_width():
    content = ("a,b" + "," * 100 + "\n1,2" + "," * 100 + "\n").encode()
    dataset = read_table(content, "csv")
    assert dataset.headers == ["a", "b"]
    assert list(dataset[0]) == ["1", "2"]
