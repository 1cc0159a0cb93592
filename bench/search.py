"""Name search at scale, against opening one file by its primary key.

Queries are what reception types: a stored person's first and family name,
first and father's name, the full name, a family name alone, a half-typed
word, or a name nobody has, each in a spelling of its own (hamza or none,
"عبد الله" or "عبدالله", tashkeel, taa marbuta or haa).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import pages, people
from .stats import Timings, percentile

N_QUERIES = 300
N_PAGES = 300
WARM_UP = 20
SEED = 4242
TARGET_P95_MS = 150.0
TARGET_RATIO = 10.0
KINDS = [  # (kind, weight)
    ("first+family", 25),
    ("first+father", 15),
    ("first+father+family", 15),
    ("full name", 12),
    ("family", 8),
    ("first", 4),
    ("half-typed", 8),
    ("nobody", 13),
]
ABSENT_FAMILIES = ["الكعبي", "المنصوري", "البلوشي", "الزعابي", "النعيمي"]
_TASHKEEL = re.compile("[\u064b-\u065f\u0670]")
_LINKS = ("بن", "بنت")


def _canonical() -> dict[str, str]:
    from mustafid.core.arabic import normalize

    names = {}
    for name in people.MALE + people.FEMALE:
        names[normalize(name)] = name
    return names


@dataclass
class Query:
    kind: str
    text: str


def queries_from(names: list[str], n: int, rng: random.Random) -> list[Query]:
    """``n`` searches built from stored full names (as typed, not as stored)."""
    from mustafid.core.arabic import normalize

    canonical = _canonical()

    def typed(word: str) -> str:
        return people.spelled(rng, canonical.get(normalize(word), word), tashkeel=0.12)

    kinds = [k for k, _w in KINDS]
    weights = [w for _k, w in KINDS]
    out = []
    for name in names[:n]:
        words = re.sub(r"(^|\s)عبد\s+", r"\1عبد", _TASHKEEL.sub("", name)).split()
        if len(words) >= 2 and normalize(words[-2]) == "ال":
            family, rest = " ".join(words[-2:]), words[:-2]
        else:
            family, rest = words[-1], words[:-1]
        female = canonical.get(normalize(rest[0]), rest[0]) in people.FEMALE
        link = rest[1] if len(rest) > 1 and rest[1] in _LINKS else ("بنت" if female else "بن")
        given = [w for w in rest if w not in _LINKS] or [rest[0]]
        first, father = typed(given[0]), typed(given[1] if len(given) > 1 else given[0])
        kind = rng.choices(kinds, weights)[0]
        text = {
            "first+family": f"{first} {family}",
            "first+father": f"{first} {link} {father}" if rng.random() < 0.5 else f"{first} {father}",
            "first+father+family": f"{first} {father} {family}",
            "full name": " ".join(typed(w) if w not in _LINKS else w for w in rest) + f" {family}",
            "family": family,
            "first": first,
            "half-typed": f"{first} {family[: max(4, len(family) - 3)]}",
            "nobody": f"{first} {father} {rng.choice(ABSENT_FAMILIES)}",
        }[kind]
        out.append(Query(kind, text))
    return out


def sample_names(n: int, rng: random.Random, n_beneficiaries: int) -> list[str]:
    from mustafid.beneficiaries.models import Beneficiary

    ids = rng.sample(range(1, n_beneficiaries + 1), n)
    names = dict(Beneficiary.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    return [names[i] for i in ids if i in names]


def visible_pks(user, n: int, rng: random.Random) -> list[int]:
    from mustafid.beneficiaries.models import Beneficiary

    qs = Beneficiary.objects.visible_to(user)
    top = qs.order_by("-pk").values_list("pk", flat=True).first() or 0
    pks: list[int] = []
    while len(pks) < n and top:
        batch = rng.sample(range(1, top + 1), min(n * 3, top))
        pks += list(qs.filter(pk__in=batch).values_list("pk", flat=True)[: n - len(pks)])
    rng.shuffle(pks)
    return pks


@dataclass
class UserResult:
    label: str
    selector: Timings
    by_kind: dict[str, Timings] = field(default_factory=dict)
    selector_pk: Timings | None = None
    view_search: Timings | None = None
    view_pk: Timings | None = None
    rows: list[int] = field(default_factory=list)

    def ratio(self) -> tuple[float, str]:
        """Search p95 / file-page p95: by the views when they exist, else by the selectors."""
        if self.view_search and self.view_pk and self.view_pk.ms:
            return self.view_search.p95 / self.view_pk.p95, "views"
        if self.selector_pk and self.selector_pk.ms:
            return self.selector.p95 / self.selector_pk.p95, "selectors"
        return float("nan"), "-"


def run_for(user, label: str, queries: list[Query], pks: list[int], *, views: bool) -> UserResult:
    from mustafid.beneficiaries import selectors

    result = UserResult(label, Timings(f"{label} search (selector)"))
    for query in queries[:WARM_UP]:
        selectors.beneficiary_page(user, query=query.text)
    for query in queries:
        page = result.selector.time(lambda q=query: selectors.beneficiary_page(user, query=q.text), query.text)
        result.by_kind.setdefault(query.kind, Timings(query.kind)).ms.append(result.selector.ms[-1])
        result.rows.append(len(page.rows))

    result.selector_pk = Timings(f"{label} get_beneficiary (selector)")
    for pk in pks:
        result.selector_pk.time(lambda pk=pk: selectors.get_beneficiary(user, pk), str(pk))

    if views:
        try:
            _measure_views(result, user, queries, pks)
        except Exception as exc:  # a view being edited right now: keep the selector figures
            print(f"  {label}: views failed, not measured: {type(exc).__name__}: {exc}")
            result.view_search = result.view_pk = None
    return result


def _measure_views(result: UserResult, user, queries: list[Query], pks: list[int]) -> None:
    client = Client()
    client.force_login(user)
    list_url = reverse("beneficiaries:list")
    for query in queries[:WARM_UP]:
        client.get(list_url, {"q": query.text})
    result.view_search = Timings(f"{result.label} list?q= (view)")
    for query in queries:
        response = result.view_search.time(lambda q=query: client.get(list_url, {"q": q.text}), query.text)
        assert response.status_code == 200, (response.status_code, query.text)
    if pages.url("beneficiaries:detail", 1)[0]:
        for pk in pks[:WARM_UP]:
            client.get(reverse("beneficiaries:detail", args=[pk]))
        result.view_pk = Timings(f"{result.label} file page (view)")
        for pk in pks:
            url = reverse("beneficiaries:detail", args=[pk])
            response = result.view_pk.time(lambda url=url: client.get(url), str(pk))
            assert response.status_code == 200, (response.status_code, url)
    client.logout()


_NODE = re.compile(
    r"->\s+(?P<node>[A-Za-z ]*Scan[A-Za-z ]*?) on (?P<table>\w+)(?: \w+)?\s+"
    r"\(cost=[^)]*rows=(?P<est>\d+)[^)]*\) \(actual time=[^)]*rows=(?P<act>\d+) loops=(?P<loops>\d+)\)"
)
PLAN_LINES = 45


def explain(user, text: str) -> tuple[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the SQL the selector really runs for ``text``, and a one-line reading of it."""
    from mustafid.beneficiaries import selectors
    from mustafid.beneficiaries.models import Beneficiary

    table = Beneficiary._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        selectors.beneficiary_page(user, query=text)
    sql = next(
        (q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"] and "LIKE" in q["sql"]), None
    )
    if sql is None:
        return "(no name query captured)", ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    reading = ""
    for line in lines:
        match = _NODE.search(line)
        if match and match["table"] == table:
            actual = int(match["act"]) * int(match["loops"])
            reading = (
                f"{match['node']} on {table}: planner expected {int(match['est']):,} rows, "
                f"read {actual:,} ({match['loops']} loop(s))"
            )
            break
    timing = next((line for line in reversed(lines) if line.startswith("Execution Time")), "")
    shown = lines if len(lines) <= PLAN_LINES else [*lines[:PLAN_LINES], f"... ({len(lines) - PLAN_LINES} more lines)"]
    short_sql = re.sub(r"^SELECT .*? FROM ", "SELECT ... FROM ", sql, flags=re.DOTALL)
    return f"SQL: {short_sql}\n" + "\n".join(shown), f"{reading}; {timing}"


def run(*, n_beneficiaries: int, users: dict, n_queries: int = N_QUERIES, n_pages: int = N_PAGES) -> dict:
    rng = random.Random(SEED)
    queries = queries_from(sample_names(n_queries, rng, n_beneficiaries), n_queries, rng)
    list_url, why = pages.url("beneficiaries:list")
    if why:
        print(f"  views not measured: {why}")
    elif not pages.url("beneficiaries:detail", 1)[0]:
        print(f"  file page not measured: {pages.url('beneficiaries:detail', 1)[1]}")
    views = list_url is not None
    results = {}
    for label, user in users.items():
        pks = visible_pks(user, n_pages, rng)
        results[label] = run_for(user, label, queries, pks, views=views)
    return {"queries": queries, "results": results}


def report_kinds(results: dict[str, UserResult]) -> None:
    labels = list(results)
    print("\nname search by kind of query, selector ms (p50 / p95 / max):")
    print(f"  {'kind':<22}{'n':>5}  " + "".join(f"{label:>28}" for label in labels))
    for kind, _w in KINDS:
        cells = []
        n = 0
        for label in labels:
            t = results[label].by_kind.get(kind)
            if t is None:
                cells.append(f"{'-':>28}")
                continue
            n = len(t.ms)
            cells.append(f"{t.p50:>10.1f} /{t.p95:>7.1f} /{t.max:>7.0f}")
        print(f"  {kind:<22}{n:>5}  " + "".join(cells))
    for label in labels:
        rows = results[label].rows
        empty = sum(1 for r in rows if r == 0)
        print(f"  {label}: {empty} of {len(rows)} searches found nobody; median rows shown {percentile(rows, 50):.0f}")


def report_slowest(results: dict[str, UserResult], users: dict, *, n: int = 1, threshold_ms: float = 0.0) -> None:
    for label, result in results.items():
        for ms, text in result.selector.slowest(n):
            if ms < threshold_ms:
                continue
            plan, reading = explain(users[label], text)
            print(f"\n--- slowest search for {label}: {text!r} ({ms:.0f} ms); EXPLAIN ANALYZE of a re-run:")
            print(_indent(plan))
            print(f"    => {reading}")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def kinds_summary(results: dict[str, UserResult]) -> dict[str, dict[str, float]]:
    summary: dict[str, dict[str, float]] = defaultdict(dict)
    for label, result in results.items():
        for kind, t in result.by_kind.items():
            summary[kind][label] = t.p95
    return summary
