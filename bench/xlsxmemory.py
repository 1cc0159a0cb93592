"""Memory of the largest XLSX import the bounds accept (issue 9.6), beside a process that reads nothing.

Builds a workbook at the bounds of ``beneficiaries.transfer.read`` (rows of
twenty columns; shared strings and unpacked size just under their bounds,
half the cells distinct inline strings) and reads it with ``read_table`` in
a fresh child process;
the child reports its peak resident memory. A second child only imports the
same modules, so the difference is what reading the file costs.
Run alone with ``python -m bench.xlsxmemory``; ``make bench`` runs it too.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass

TARGET_MB = 300
COLUMNS = 20

_CHILD = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
from mustafid.beneficiaries.transfer.read import read_table
if sys.argv[1] != "-":
    content = open(sys.argv[1], "rb").read()
    dataset = read_table(content, "xlsx")
    del content
    assert dataset.height > 0
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent that built the file.
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


@dataclass
class XlsxMemory:
    rows: int
    cells: int
    file_mb: float
    unpacked_mb: float
    baseline_mb: float
    peak_mb: float

    @property
    def cost_mb(self) -> float:
        return self.peak_mb - self.baseline_mb

    @property
    def ok(self) -> bool:
        return self.peak_mb < TARGET_MB


def largest_accepted_workbook() -> tuple[bytes, int, int, int]:
    """Content, rows, cells and unpacked bytes of a workbook just inside the bounds."""
    from mustafid.beneficiaries.transfer import read

    letters = [chr(ord("A") + c) for c in range(COLUMNS)]
    # Shared strings up to just under their bound (openpyxl holds them all),
    # and every other cell a distinct inline string, filling the rest of the
    # unpacked bound: the most Python strings a file within the bounds can make.
    pool: list[str] = []
    shared_size = 0
    while shared_size < read.MAX_SHARED_STRINGS_BYTES - 4096:
        text = f"<si><t>عبدالرحمن {len(pool)}</t></si>"
        pool.append(text)
        shared_size += len(text.encode("utf-8"))
    # A row's tags: its shared (38 bytes) and inline (49 bytes) cells; the
    # unpacked bound, not the cell bound, may be the one that binds: as many
    # rows as fit with at least 16 bytes of text per inline cell.
    tags = 20 + COLUMNS // 2 * (38 + 49)
    space = read.MAX_XLSX_UNCOMPRESSED - shared_size - 2**20
    rows = min(read.MAX_ROWS, read.MAX_CELLS // COLUMNS - 1, space // (tags + COLUMNS // 2 * 16) - 1)
    room = (space // (rows + 1) - tags) // (COLUMNS // 2) // 2  # characters: "ب" is two bytes
    sheet = io.StringIO()
    sheet.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for r in range(1, rows + 2):
        sheet.write(f'<row r="{r}">')
        for c, letter in enumerate(letters):
            if c % 2:
                text = f"{r}{letter}".ljust(max(room, 4), "ب")
                sheet.write(f'<c r="{letter}{r}" t="inlineStr"><is><t>{text}</t></is></c>')
            else:
                sheet.write(f'<c r="{letter}{r}" t="s"><v>{(r * COLUMNS + c) % len(pool)}</v></c>')
        sheet.write("</row>")
    sheet.write("</sheetData></worksheet>")
    shared = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(pool)}">'
        + "".join(pool)
        + "</sst>"
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
        "xl/sharedStrings.xml": shared,
    }
    buffer = io.BytesIO()
    unpacked = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            data = text.encode("utf-8")
            unpacked += len(data)
            book.writestr(name, data)
    return buffer.getvalue(), rows, rows * COLUMNS, unpacked


def _peak_kb(path: str) -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run([sys.executable, "-c", _CHILD, path], cwd=root, capture_output=True, text=True, timeout=900)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return int(done.stdout.strip().splitlines()[-1])


def run() -> XlsxMemory:
    content, rows, cells, unpacked = largest_accepted_workbook()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(content)
        handle.flush()
        peak = _peak_kb(handle.name)
    baseline = _peak_kb("-")
    mb = 1024 * 1024
    return XlsxMemory(rows, cells, len(content) / mb, unpacked / mb, baseline / 1024, peak / 1024)


def report(result: XlsxMemory) -> None:
    print(
        f"  largest accepted XLSX: {result.rows:,} rows, {result.cells:,} cells, {result.file_mb:.1f} MB "
        f"({result.unpacked_mb:.0f} MB unpacked)\n"
        f"  peak memory reading it {result.peak_mb:.0f} MB, a process reading nothing {result.baseline_mb:.0f} MB "
        f"(the file costs {result.cost_mb:.0f} MB); target < {TARGET_MB} MB: {'PASS' if result.ok else 'FAIL'}"
    )


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    report(run())
