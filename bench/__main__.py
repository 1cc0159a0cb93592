"""``make bench``: mustafid at a million beneficiaries, on PostgreSQL.

1. starts PostgreSQL, creates the role and the ``mustafid_bench`` database, migrates;
2. fills it once (``bench.generate``): 1,000,000 beneficiaries, 3,000,000 contacts;
3. name search p50/p95 (global and branch-scoped staff) against opening a file by key;
4. query counts of the list and file pages at 10 and 10,000 rows;
5. CSV import of 50,000 rows against bare ``bulk_create``;
6. peak memory of reading the largest XLSX file the import's bounds accept;
7. the management dashboard's p50/p95 for senior management of every branch and of one;
then prints one table. ``--quick`` measures fewer searches and imports fewer rows.
"""

from __future__ import annotations

import argparse
import math
import os
import time

from . import generate


def _ms(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.1f} ms"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 searches and a 10,000-row import")
    parser.add_argument("--force-fill", action="store_true", help="fill the database again")
    parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN ANALYZE of the slowest searches")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus (other work on the machine skews timings)")

    from .boot import boot

    boot()
    from django.db import connection

    from . import dashboard, fixtures, importbench, querycounts, search, xlsxmemory

    fill = generate.fill(force=args.force_fill)
    scope = fixtures.scope_items()
    users = {"global scope": fixtures.global_user(), "branch scope": fixtures.branch_user()}
    _forget_bench_access(users)

    print("\n== name search ==")
    step = time.perf_counter()
    n = 100 if args.quick else search.N_QUERIES
    found = search.run(n_beneficiaries=generate.N_BENEFICIARIES, users=users, n_queries=n, n_pages=n)
    results = found["results"]
    search.report_kinds(results)
    if not args.no_explain:
        search.report_slowest(results, users, n=1)
    _forget_bench_access(users)
    print(f"(search measured in {time.perf_counter() - step:.0f} s)")

    print("\n== query counts ==")
    counts = querycounts.run(scope)
    for count in counts:
        print(f"  {count.page}: {count.small} / {count.large} queries: {count.verdict}")

    print("\n== import ==")
    step = time.perf_counter()
    imported = importbench.run(10_000 if args.quick else importbench.N_ROWS)
    print(f"  {imported.note or 'done'} ({time.perf_counter() - step:.0f} s)")

    print("\n== largest accepted XLSX import, memory ==")
    xlsxmemory.report(xlsxmemory.run())

    print("\n== management dashboard ==")
    boards = dashboard.run()
    for board in boards:
        t = board.dashboard
        cells = board.note or f"p50 {_ms(t.p50)}, p95 {_ms(t.p95)} (target < {dashboard.TARGET_P95_MS:.0f} ms)"
        print(f"  {board.label}: {cells}: {_verdict(board.ok)}")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    print_table(fill, results, counts, imported, version.split(" on ")[0], time.perf_counter() - began)


def _forget_bench_access(users: dict) -> None:
    """The file views log every opening: the benchmark's own openings are not kept."""
    from mustafid.audit.models import AccessLog

    AccessLog.objects.filter(actor__in=list(users.values())).delete()


def print_table(fill: dict, results: dict, counts: list, imported, version: str, seconds: float) -> None:
    from . import search

    labels = list(results)
    width = 44
    line = "-" * (width + 22 * len(labels) + 24)
    print(f"\n{line}\nmustafid scale benchmark: 1,000,000 beneficiaries, 3,000,000 contacts ({version})\n{line}")
    print(f"{'measure':<{width}}" + "".join(f"{label:>22}" for label in labels) + f"{'target':>12}{'result':>12}")
    print(line)

    def row(name: str, cells: list[str], target: str = "", verdict: str = "") -> None:
        print(f"{name:<{width}}" + "".join(f"{c:>22}" for c in cells) + f"{target:>12}{verdict:>12}")

    def search_rows(name: str, attr: str) -> None:
        timings = [getattr(results[label], attr) for label in labels]
        if all(t is None or not t.ms for t in timings):
            row(name, ["not measured"] * len(labels))
            return
        row(f"{name} p50", [_ms(t.p50) if t else "-" for t in timings])
        p95_target = "< 150 ms" if attr in ("selector", "view_search") else ""
        cells = [_ms(t.p95) if t else "-" for t in timings]
        if p95_target:
            marks = ["PASS" if t and t.p95 < search.TARGET_P95_MS else "FAIL" for t in timings]
            cells = [f"{c} {m}" for c, m in zip(cells, marks, strict=True)]
        ok = all(t.p95 < search.TARGET_P95_MS for t in timings if t)
        row(f"{name} p95", cells, p95_target, _verdict(ok) if p95_target else "")

    n = len(results[labels[0]].selector.ms)
    search_rows(f"name search, selector ({n} queries)", "selector")
    search_rows("name search, list view ?q=", "view_search")
    search_rows("file by pk, selector get_beneficiary", "selector_pk")
    search_rows("file page by pk, detail view", "view_pk")
    ratios = [results[label].ratio() for label in labels]
    basis = ratios[0][1]
    ok = None if any(math.isnan(r) for r, _b in ratios) else all(r <= search.TARGET_RATIO for r, _b in ratios)
    cells = [f"{r:.1f}x {'PASS' if r <= search.TARGET_RATIO else 'FAIL'}" for r, _b in ratios]
    row(f"search p95 / file page p95 ({basis})", cells, "<= 10x", _verdict(ok))
    if basis == "views":
        bare = [results[label].selector.p95 / results[label].selector_pk.p95 for label in labels]
        row("  (same, selectors only: no page rendering)", [f"{r:.1f}x" for r in bare])
    print(line)
    for count in counts:
        cell = "-" if count.small is None else f"{count.small} vs {count.large}"
        row(f"queries: {count.page}", [cell, ""], "equal", count.verdict)
    print(line)
    if imported.import_rate:
        i = imported
        row(f"import {i.rows:,}-row CSV (rows/s)", [f"{i.import_rate:,.0f}", f"{i.import_seconds:.1f} s"])
        row("  dry run (check only) rows/s", [f"{i.dry_run_rate:,.0f}", f"{i.dry_run_seconds:.1f} s"])
        row("  bare bulk_create, same rows (rows/s)", [f"{i.bulk_rate:,.0f}", f"{i.bulk_seconds:.1f} s"])
        row("  import / bulk_create throughput", [f"{imported.import_rate / imported.bulk_rate:.2f}", ""])
    else:
        row("import", [imported.note or "not measured", ""])
    print(line)
    fill_text = "skipped (data there)" if fill.get("skipped") else "filled now"
    row("fill of the database", [fill_text, f"{fill['seconds'] / 60:.1f} min"])
    row("this run", [f"{seconds / 60:.1f} min", f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus"])
    print(line)


if __name__ == "__main__":
    main()
