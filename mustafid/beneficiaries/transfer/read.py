"""Reading an import file: CSV or the first sheet of an XLSX workbook, into rows."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Largest number of filled rows one file may hold.
MAX_ROWS = 100_000
#: Widest row and most filled cells one file may hold (issue 9.6). The import
#: template has under twenty columns; the cell bound keeps the largest
#: accepted file's rows well under 300 MB in memory (measured by
#: ``bench/xlsxmemory.py``), however the workbook declares its size.
MAX_COLUMNS = 60
MAX_CELLS = 2_000_000
#: Bounds checked on the zip before openpyxl parses anything (issue 9.6): a
#: tiny deflated file can hold millions of shared strings that openpyxl keeps
#: in memory all at once.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(ValidationError):
    """The file cannot be read at all (not one of its rows)."""


def detect_format(content: bytes, name: str = "") -> str:
    """``csv`` or ``xlsx``, by the file's first bytes rather than its name."""
    if content.startswith(_XLSX_MAGIC):
        return "xlsx"
    if content.startswith(_XLS_MAGIC) or name.lower().endswith(".xls"):
        raise ImportFileError(
            _("Old Excel files (XLS) are not accepted: save the file as XLSX or CSV and upload it again."),
            code="xls",
        )
    return "csv"


def read_table(content: bytes, fmt: str | None = None) -> tablib.Dataset:
    """The first sheet of an XLSX file, or a CSV file, as a Dataset.

    Blank lines are kept (as empty rows) so that the n-th row of the Dataset
    is line n + 1 of the file, as a spreadsheet numbers it. Raises
    ``ImportFileError`` with a translated message when the file is unreadable.
    """
    fmt = fmt or detect_format(content)
    if fmt == "xlsx":
        return _table_to_dataset(_xlsx_rows(content))
    if fmt == "csv":
        return _table_to_dataset(_csv_rows(content))
    raise ImportFileError(_("Upload a CSV or Excel (XLSX) file."), code="format")


def _decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("This file is not a CSV text file."), code="not_text")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Arabic Windows saves "CSV" in the Windows Arabic code page.
        return content.decode("cp1256", errors="replace")


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(_("This CSV file is damaged and cannot be read."), code="bad_csv") from exc


def _check_xlsx_bounds(content: bytes) -> None:
    """Refuse a workbook whose uncompressed parts are too large to parse safely."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx") from exc
    total = sum(member.file_size for member in members)
    shared = sum(member.file_size for member in members if member.filename.lower().endswith("sharedstrings.xml"))
    if total > MAX_XLSX_UNCOMPRESSED or shared > MAX_SHARED_STRINGS_BYTES:
        raise ImportFileError(
            _("This workbook is too large once unpacked (limit %(max)s MB): split it into smaller files.")
            % {"max": MAX_XLSX_UNCOMPRESSED // (1024 * 1024)},
            code="too_large",
        )


def _xlsx_rows(content: bytes) -> Iterator[Sequence[Any]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError, AttributeError)
    _check_xlsx_bounds(content)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except unreadable as exc:
        raise ImportFileError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx") from exc
    try:
        sheet = book.active
        if sheet is None:  # a workbook with no worksheet
            raise ImportFileError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx")
        # Some programs write a wrong used range; read what is really there.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except unreadable as exc:
        raise ImportFileError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx") from exc
    finally:
        book.close()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table_to_dataset(rows: Iterable[Sequence[Any]]) -> tablib.Dataset:
    iterator = iter(rows)
    headers = next(iterator, None)
    if headers is None:
        raise ImportFileError(_("The file is empty."), code="empty")
    headers = ["" if h is None else str(h).strip() for h in _trimmed(headers)]
    _check_width(headers, line=1)
    data: list[list[Any]] = []
    pending_blank = 0
    filled = 0
    cells = len(headers)
    # Counted while the rows stream in, so a file that declares a small size and
    # holds a huge one is refused before it fills memory.
    for line, row in enumerate(iterator, start=2):
        values = _trimmed(row)
        if not values:
            # Kept only when a filled row follows: trailing blank rows vanish.
            pending_blank += 1
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it into smaller files.") % {"max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        _check_width(values, line=line)
        cells += len(values)
        if cells > MAX_CELLS:
            raise ImportFileError(
                _("The file has more than %(max)s filled cells: split it into smaller files.")
                % {"max": f"{MAX_CELLS:,}"},
                code="too_many_cells",
            )
        data.extend([] for _blank_row in range(pending_blank))
        pending_blank = 0
        data.append(values)
    width = max([len(headers), *(len(r) for r in data)])
    headers += [""] * (width - len(headers))
    dataset = tablib.Dataset(headers=headers)
    for values in data:
        dataset.append(values + [""] * (width - len(values)))
    return dataset


def _trimmed(row: Sequence[Any]) -> list[Any]:
    """The row without its trailing blank cells (spreadsheets pad formatted empty columns)."""
    end = len(row)
    while end and blank(row[end - 1]):
        end -= 1
    return list(row[:end])


def _check_width(values: Sequence[Any], *, line: int) -> None:
    if len(values) > MAX_COLUMNS:
        raise ImportFileError(
            _("Line %(line)s has more than %(max)s columns: the import template has far fewer.")
            % {"line": line, "max": MAX_COLUMNS},
            code="too_many_columns",
        )


def cell_text(value: Any) -> str:
    """A cell as text: spreadsheets give numbers and dates as such."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def as_table(source: Any) -> tuple[list[Any], Iterable[Sequence[Any]]]:
    """Headers and rows from a Dataset, file content, mappings, or sequences headed by a header row."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    if isinstance(source, bytes | bytearray):
        source = read_table(bytes(source))
    if isinstance(source, tablib.Dataset):
        dataset = source
        return list(dataset.headers or []), (dataset[i] for i in range(dataset.height))
    rows = list(source)
    if not rows:
        return [], []
    if isinstance(rows[0], Mapping):
        headers: dict[Any, None] = {}
        for row in rows:
            headers.update(dict.fromkeys(row))
        keys = list(headers)
        return keys, ([row.get(key) for key in keys] for row in rows)
    return list(rows[0]), rows[1:]
