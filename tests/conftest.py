from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ccm_portal.demo.services import demo_data_load

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.fixture
def demo_data(db):
    demo_data_load()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not beside the project ({SEEDS_DIR})")
    return SEEDS_DIR


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("secretariat", "secretariat@example.org", "not-used")


@pytest.fixture
def staff_client(staff_user):
    """Signed in as secretariat staff; a client of its own, so `client` stays anonymous."""
    staff = Client()
    staff.force_login(staff_user)
    return staff
