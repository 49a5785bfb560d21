"""The session engine (settings.SESSION_ENGINE): Django's database sessions, in a table that names the
account signed in on each (workgroups.models.ReaderSession), so a request's session is read with its
reader and the reader's standing in one query (workgroups.access.session_with_reader).

Sessions stay on the server: signing out deletes the row, and Django's check of the password's hash
(auth.get_user, run on every request) ends the other sessions of an account whose password changed.
"""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError

from workgroups.access import session_with_reader


class SessionStore(DatabaseSessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        # The account signed in on the session, read with it (None until loaded, or none signed in):
        # workgroups.access.ReaderAuthenticationMiddleware hands it to ReaderBackend.
        self.account = None

    @classmethod
    def get_model_class(cls):
        from workgroups.models import ReaderSession

        return ReaderSession

    def _get_session_from_db(self):
        found = session_with_reader(self.model, self.session_key)
        if found is None:
            self._session_key = None
            return None
        session, self.account = found
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.account_id = _account_id(data.get(SESSION_KEY))
        return session


def _account_id(value):
    """The id of the account signed in on a session (its data's user id), or None."""
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None
