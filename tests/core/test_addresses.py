"""core/addresses.py: kept addresses are exactly what `reverse` gives, in every language, under every
script prefix and URLconf."""

from django.http import HttpResponse
from django.urls import clear_script_prefix, path, reverse, set_script_prefix
from django.utils import translation

from core.addresses import address


def test_the_layouts_links_in_each_language():
    for language in ("en", "fr", "es", "en"):  # one after the other in one process: none gets another's
        with translation.override(language):
            for name in ("home", "search", "meetings:minutes_list", "opendata:data"):
                assert address(name) == reverse(name)


def test_a_version_in_another_language_than_the_readers():
    with translation.override("fr"):
        french = reverse("decisions:decision_version", kwargs={"slug": "msp-2011", "number": 2})
    with translation.override("en"):
        assert address("decisions:decision_version", language="fr", slug="msp-2011", number=2) == french
        assert address("decisions:decision_version", slug="msp-2011", number=2) == "/decisions/msp-2011/v2/"
        assert translation.get_language() == "en"  # the reader's language is left as it was


def test_under_a_script_prefix():
    assert address("home") == "/"
    set_script_prefix("/portal/")
    try:
        assert address("home") == "/portal/"
    finally:
        clear_script_prefix()
    assert address("home") == "/"


# A URLconf of this module's own, where "home" is elsewhere.
urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="home")]


def test_another_urlconf_gets_its_own_addresses(settings):
    assert address("home") == "/"
    settings.ROOT_URLCONF = __name__
    assert address("home") == "/elsewhere/"
