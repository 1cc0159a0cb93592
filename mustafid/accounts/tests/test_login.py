"""Staff log in by email; no self sign-up; repeated failures lock the account."""

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import PASSWORD, UserFactory


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_staff_sign_in_with_email_and_land_on_home(client):
    user = UserFactory(role=Role.RECEPTIONIST, email="noura@mustafid.test")
    response = login(client, "Noura@Mustafid.test", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).context["user"] == user


@pytest.mark.django_db
def test_wrong_password_shows_an_arabic_error_and_keeps_the_email(client):
    UserFactory(email="noura@mustafid.test")
    response = client.post(
        reverse("account_login"), {"login": "noura@mustafid.test", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="noura@mustafid.test"' in body
    assert "غير صحيح" in body or "غير صحيحة" in body


@pytest.mark.django_db
def test_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )
    from mustafid.accounts.models import User

    assert not User.objects.filter(email="new@example.com").exists()
    assert response.status_code in (200, 403)


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, settings):
    UserFactory(email="target@mustafid.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "target@mustafid.test", "guess")
    response = login(client, "target@mustafid.test", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_counts_one_account_not_another(client, settings):
    UserFactory(email="target@mustafid.test")
    UserFactory(email="other@mustafid.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "target@mustafid.test", "guess")
    assert login(client, "other@mustafid.test", PASSWORD).status_code == 302
