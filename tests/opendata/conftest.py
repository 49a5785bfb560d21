"""Clients of the API: anonymous, and accounts reading with their personal token (as a program would:
no session, the token in the Authorization header)."""

import pytest
from django.test import Client

from opendata.services import api_token_create


def token_client(user) -> Client:
    """A client sending `user`'s new personal token with every request, and no cookie."""
    _token, secret = api_token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


@pytest.fixture
def api_client() -> Client:
    """Anonymous: no cookie, no token."""
    return Client()


@pytest.fixture
def friend_api(friend_user) -> Client:
    return token_client(friend_user)


@pytest.fixture
def staff_api(staff_user) -> Client:
    return token_client(staff_user)


@pytest.fixture
def stranger_api(django_user_model) -> Client:
    """An account that is no Friend, holds no post and is not staff: reads only what the public reads."""
    return token_client(django_user_model.objects.create_user("stranger", "stranger@example.org", "not-used"))
