"""The society's signature and stamp block (issue 10.3): one, private, images checked by content.

Only an administrator of every branch sets it: it signs every branch's letters.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.core.letters import image_data_uri, signature_block
from mustafid.core.models import LETTER_IMAGE_MAX_BYTES, LetterSignature
from mustafid.requests.tests.factories import png_bytes

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


def png(name="stamp.png", data=None):
    return SimpleUploadedFile(name, data or png_bytes(), content_type="image/png")


def configured(**images) -> LetterSignature:
    block = LetterSignature(signatory_name="عبدالله بن سعد", signatory_title="رئيس مجلس الإدارة")
    for field, upload in images.items():
        getattr(block, field).save(upload.name, upload, save=False)
    block.full_clean()
    block.save()
    return block


def test_a_png_or_jpeg_is_accepted_and_embedded_as_a_data_uri():
    configured(stamp=png(), logo=SimpleUploadedFile("logo.jpg", JPEG, content_type="image/jpeg"))
    block = signature_block()
    assert block is not None and block.name == "عبدالله بن سعد" and block.title == "رئيس مجلس الإدارة"
    assert block.stamp.startswith("data:image/png;base64,")
    assert block.logo.startswith("data:image/jpeg;base64,")
    assert block.signature is None


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("stamp.png", b"%PDF-1.4 not an image", content_type="image/png"),
        SimpleUploadedFile("stamp.png", b"<svg onload=alert(1)>", content_type="image/png"),
        SimpleUploadedFile("stamp.png", png_bytes() + b"\x00" * LETTER_IMAGE_MAX_BYTES, content_type="image/png"),
    ],
    ids=["a-pdf-named-png", "svg", "over-2mb"],
)
def test_anything_but_a_png_or_jpeg_of_at_most_2_mb_is_refused(upload):
    block = LetterSignature(signatory_name="س", signatory_title="ر")
    block.stamp.save(upload.name, upload, save=False)
    with pytest.raises(ValidationError) as refused:
        block.full_clean()
    assert "stamp" in refused.value.message_dict


def test_there_is_one_block_and_none_until_configured():
    assert signature_block() is None
    configured()
    LetterSignature(signatory_name="آخر", signatory_title="المدير التنفيذي").save()
    assert LetterSignature.objects.count() == 1
    assert signature_block().name == "آخر"


def test_an_image_swapped_on_disk_for_another_kind_is_left_out():
    block = configured(stamp=png())
    with open(block.stamp.path, "wb") as handle:
        handle.write(b"%PDF-1.4 swapped")
    assert image_data_uri(LetterSignature.current().stamp) is None


def administrator(**kwargs):
    from django.contrib.auth.models import Permission

    user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, **kwargs)
    # The role's permissions, given directly too: the scope alone must refuse the branch's administrator.
    user.user_permissions.add(*Permission.objects.filter(content_type__model="lettersignature"))
    return user


def test_a_global_administrator_sets_the_block_in_the_admin_and_sees_the_image_inline(client):
    client.force_login(administrator(scope_all=True))
    response = client.post(
        reverse("admin:core_lettersignature_add"),
        {"signatory_name": "عبدالله بن سعد", "signatory_title": "رئيس مجلس الإدارة", "stamp": png()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    block = LetterSignature.current()
    assert block.stamp.name.startswith("letters/") and block.stamp.name.endswith(".png")
    page = client.get(reverse("admin:core_lettersignature_change", args=[block.pk]))
    assert page.status_code == 200 and '<img src="data:image/png;base64,' in page.content.decode()
    # One block: no second one is added.
    assert client.get(reverse("admin:core_lettersignature_add")).status_code == 403


def test_the_admin_refuses_a_file_that_is_not_an_image_and_keeps_what_was_typed(client):
    client.force_login(administrator(scope_all=True))
    response = client.post(
        reverse("admin:core_lettersignature_add"),
        {
            "signatory_name": "عبدالله بن سعد",
            "signatory_title": "رئيس مجلس الإدارة",
            "stamp": SimpleUploadedFile("stamp.png", b"%PDF-1.4 x", content_type="image/png"),
        },
    )
    assert response.status_code == 200 and not LetterSignature.objects.exists()
    assert "stamp" in response.context["adminform"].form.errors
    assert "عبدالله بن سعد" in response.content.decode()


def test_a_branchs_administrator_cannot_open_or_change_the_block(client):
    block = configured()
    client.force_login(administrator(branches=[BranchFactory()]))
    assert client.get(reverse("admin:core_lettersignature_changelist")).status_code == 403
    assert client.get(reverse("admin:core_lettersignature_change", args=[block.pk])).status_code == 403
    client.post(
        reverse("admin:core_lettersignature_change", args=[block.pk]),
        {"signatory_name": "منتحل", "signatory_title": "منتحل"},
    )
    assert LetterSignature.current().signatory_name == "عبدالله بن سعد"
