import io

import pytest

from mustafid.accounts import demo as accounts_demo
from mustafid.committees.models import Committee
from mustafid.services import demo, selectors
from mustafid.services.models import Service

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_is_published_in_arabic_and_loads_twice_without_duplicates():
    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    demo.load(out)

    committee = Committee.objects.get(name="لجنة المساعدات")
    assert committee.quorum == 2
    assert sorted(committee.memberships.values_list("user__email", "role")) == [
        ("committee@mustafid.test", "chair"),
        ("member@mustafid.test", "member"),
    ]
    assert Service.objects.count() == 2
    names = {s.name for s in selectors.published_services()}
    assert names == {"مساعدة مالية عاجلة", "سلة غذائية شهرية"}
    for service in Service.objects.all():
        version = selectors.current_version(service)
        assert version.committee == committee
        assert version.criteria.count() >= 3 and version.documents.count() >= 3 and version.fields.count() >= 4
        assert {f.kind for f in version.fields.all()} >= {"number", "text", "choice"}
