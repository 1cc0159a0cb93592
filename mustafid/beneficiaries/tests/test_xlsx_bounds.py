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
