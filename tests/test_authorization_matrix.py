"""The authorization matrix (issue 9.8, DESIGN 14): every staff URL × every role × objects in and out of scope.

The rules it holds:
- an object out of the user's scope (branch, category or domain) is a 404:
  never a 403 (that would confirm it exists), never a page;
- a role without the permission is refused: a 403, or a 404 where it may not
  see the object either (a 403 that every object gets alike tells nothing);
- list pages never show an out-of-scope record;
- a POST out of scope, or refused, changes nothing.

The rows are declared in tests/matrix_table.py, the seeded objects in
tests/matrix_world.py. The world is built once for the module inside a
transaction that is rolled back at the end; each cell runs in a savepoint of
it, so a POST that goes through is undone before the next cell.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse

from conftest import _private_file_fields
from tests.matrix_table import TABLE
from tests.matrix_world import (
    IN_SCOPE,
    MEETING_PLACES,
    NAMES,
    OTHER_BRANCH,
    OUT_OF_SCOPE,
    ROLES,
    VISIT_PLACES,
    build_world,
)
from tests.test_url_sweep import PUBLIC, ROUTES

#: Every URL name the matrix must hold: not public, not the admin's (see the table's docstring).
STAFF_NAMES = {name for _route, name in ROUTES if name and name not in PUBLIC and not name.startswith("admin:")}


@pytest.fixture(scope="module")
def private_files(tmp_path_factory):
    """The module's files go to one temporary private folder for the whole module, as the world is built once.

    Overrides the function-scoped fixture of the root conftest: a folder per
    test would lose the world's files after its first test.
    """
    location = tmp_path_factory.mktemp("matrix-private")
    overrides = override_settings(
        PRIVATE_MEDIA_ROOT=location,
        STORAGES={
            **settings.STORAGES,
            "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(location)}},
        },
    )
    overrides.enable()
    mp = pytest.MonkeyPatch()
    storage = storages["private"]
    for file_field in _private_file_fields():
        mp.setattr(file_field, "storage", storage)
    yield location
    mp.undo()
    overrides.disable()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, private_files):
    with django_db_blocker.unblock(), transaction.atomic():
        # The receipts, letters and minutes are drawn after commit: run those hooks here.
        with TestCase.captureOnCommitCallbacks(execute=True):
            built = build_world()
        yield built
        transaction.set_rollback(True)


def test_every_url_name_has_a_row():
    missing = sorted(STAFF_NAMES - TABLE.keys())
    assert not missing, f"URL names without a row in tests/matrix_table.py: {missing}"


def test_every_row_names_a_url():
    gone = sorted(TABLE.keys() - STAFF_NAMES)
    assert not gone, f"rows of tests/matrix_table.py whose URL no longer exists: {gone}"


CELLS = [(name, role, variant) for name, row in TABLE.items() for role in ROLES for variant in row.variants]


def _cell_id(cell) -> str:
    name, role, variant = cell
    return f"{name}-{role}" if variant == "no_object" else f"{name}-{role}-{variant}"


def _url(name: str, obj) -> str:
    row = TABLE[name]
    args = (obj.pk, *row.args) if obj is not None else row.args
    return reverse(name, args=args) + row.query


def _watched(obj, field: str):
    obj.refresh_from_db()
    return getattr(obj, field)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "variant"), CELLS, ids=[_cell_id(c) for c in CELLS])
def test_cell(world, client, name, role, variant):
    row = TABLE[name]
    obj = world.get(row.kind, variant) if row.kind else None
    allowed = role in row.roles
    client.force_login(world.users[role])
    before = _watched(obj, row.watch) if row.watch else None

    url = _url(name, obj)
    response = client.post(url, row.data) if row.method == "POST" else client.get(url)
    status = response.status_code

    assert status < 500, f"{url} answered {status}"
    if obj is None or variant == IN_SCOPE:
        if allowed:
            assert status not in (403, 404), f"{role} may use {url} but got {status}"
        else:
            assert status in (403, 404), f"{role} may not use {url} but got {status}"
    else:
        # Out of scope: a 404 for whoever could use the page; a role refused on any object may get its 403.
        expected = (404,) if allowed else (403, 404)
        assert status in expected, f"{variant} object at {url}: {role} got {status}, expected {expected}"

    if row.watch:
        after = _watched(obj, row.watch)
        if variant == IN_SCOPE and allowed:
            assert after != before, f"{url} as {role} should have changed {row.watch}"
        else:
            assert after == before, f"{url} as {role} ({variant}) changed {row.watch}: {before!r} -> {after!r}"

    if row.lists and status == 200:
        body = response.content.decode(errors="replace")
        leaked = [v for v in OUT_OF_SCOPE if NAMES[v] in body]
        if MEETING_PLACES[OTHER_BRANCH] in body:
            leaked.append("other_branch meeting")
        if VISIT_PLACES[OTHER_BRANCH] in body:
            leaked.append("other_branch visit")
        assert not leaked, f"{url} as {role} lists out-of-scope records: {leaked}"
        if row.shows_in_scope and allowed and role not in row.sees_none:
            assert NAMES[IN_SCOPE] in body, f"{url} as {role} does not list the in-scope record: the check saw nothing"
