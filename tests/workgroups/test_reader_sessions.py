"""Sessions name their account (workgroups.sessions): a signed-in request reads its session, its account
and the account's standing in one query, and sessions still end on the server."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in_client
from workgroups.access import standing_of
from workgroups.models import ReaderSession
from workgroups.sessions import SessionStore

NEW_PASSWORD = "a-new-password-of-some-length-7"


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_session_is_read_with_its_account_and_standing_in_one_query(friend_user, django_assert_num_queries):
    key = session_key(signed_in_client(friend_user))
    assert ReaderSession.objects.get(session_key=key).account_id == friend_user.pk
    store = SessionStore(key)
    with django_assert_num_queries(1):
        assert store[SESSION_KEY] == str(friend_user.pk)
        assert store.account == friend_user
        assert standing_of(store.account).reads_circulated  # a Friend: on the current contact list


def test_an_anonymous_session_names_no_account(db):
    store = SessionStore()
    store["seen"] = True
    store.save()
    assert ReaderSession.objects.get(session_key=store.session_key).account_id is None
    assert SessionStore(store.session_key).get("seen") is True


def test_a_password_change_ends_the_other_sessions_and_signing_out_ends_its_own(friend_user):
    directory = reverse("contacts:directory")
    changing, elsewhere = signed_in_client(friend_user), signed_in_client(friend_user)
    assert changing.get(directory).status_code == elsewhere.get(directory).status_code == 200
    response = changing.post(
        reverse("password_change"),
        {"old_password": "not-used", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert changing.get(directory).status_code == 200  # kept signed in (its hash was updated)
    assert elsewhere.get(directory).status_code == 302  # to the sign-in page: its hash no longer matches
    key = session_key(changing)
    changing.post(reverse("logout"))
    assert not ReaderSession.objects.filter(session_key=key).exists()
    assert changing.get(directory).status_code == 302


def test_deleting_an_account_deletes_its_sessions(friend_user):
    key = session_key(signed_in_client(friend_user))
    friend_user.delete()
    assert not ReaderSession.objects.filter(session_key=key).exists()
