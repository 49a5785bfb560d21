"""The three languages in a real browser: the switcher on a public page, a signed-in page and a document.

Each page is read in French, then Spanish, then back in English: the address, <html lang>, the
switcher's current language, a date as that language writes it, the main navigation in that
language where the catalogue has it, and axe finds no serious or critical violation in any of them.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

from demo.accounts import demo_accounts_create
from tests.browser.accounts import PASSWORD, sign_in

pytestmark = pytest.mark.browser

MEETING = "/meetings/friends-meeting-2010-11-30/"
NAMES = {"en": "English", "fr": "Français", "es": "Español"}
# The Friends meeting of 30 November 2010, as each language writes the date.
MEETING_DATE = {"en": "30 November 2010", "fr": "30 novembre 2010", "es": "30 de noviembre de 2010"}


def switch_to(page, language: str) -> None:
    page.locator("nav.language-switcher").get_by_role("link", name=NAMES[language]).click()
    page.wait_for_load_state()


def assert_in_language(page, language: str, path: str) -> None:
    prefix = "" if language == "en" else f"/{language}"
    assert re.search(rf"^https?://[^/]+{re.escape(prefix + path)}$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == language
    current = page.locator("nav.language-switcher a[aria-current]")
    assert current.count() == 1
    assert current.inner_text() == NAMES[language]
    assert current.get_attribute("lang") == language
    with translation.override(language):
        meetings = translation.gettext("Meetings")
    if language == "en" or meetings != "Meetings":  # the catalogue has the word: the navigation shows it
        assert page.get_by_role("navigation", name=re.compile(".+")).get_by_role("link", name=meetings).count() >= 1
    assert_accessible(page)


def assert_accessible(page) -> None:
    violations = Axe().run(page).response["violations"]
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], page.url


def read_in_each_language(page, path: str) -> None:
    for language in ("fr", "es", "en"):
        switch_to(page, language)
        assert_in_language(page, language, path)


def test_a_public_page_in_french_then_spanish(live_demo, page, screenshot):
    page.goto(MEETING)
    assert_in_language(page, "en", MEETING)

    switch_to(page, "fr")
    assert_in_language(page, "fr", MEETING)
    assert MEETING_DATE["fr"] in page.locator("main").inner_text()
    screenshot(page, "languages-meeting-fr")
    page.set_viewport_size({"width": 375, "height": 740})
    assert_accessible(page)
    screenshot(page, "languages-meeting-fr-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    switch_to(page, "es")
    assert_in_language(page, "es", MEETING)
    assert MEETING_DATE["es"] in page.locator("main").inner_text()

    switch_to(page, "en")
    assert_in_language(page, "en", MEETING)
    assert MEETING_DATE["en"] in page.locator("main").inner_text()


def test_a_published_document_in_french_then_spanish(live_demo, page):
    minutes = f"{MEETING}minutes/"
    page.goto(minutes)
    read_in_each_language(page, minutes)


def test_a_signed_in_page_in_french_then_spanish(live_demo, page):
    demo_accounts_create(password=PASSWORD)
    sign_in(page, "coordinator")
    page.goto("/workspace/")
    read_in_each_language(page, "/workspace/")
    # Still signed in, and the choice holds: an English address now stays English.
    page.goto("/meetings/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_browser_set_to_french_opens_the_site_in_french(live_demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(MEETING)
        assert_in_language(page, "fr", MEETING)
        # Choosing English is remembered: the English address no longer sends this reader to French.
        switch_to(page, "en")
        page.goto("/meetings/")
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


def test_a_document_with_a_french_version_reads_in_french_and_says_when_spanish_is_missing(live_demo, page):
    from django.contrib.auth import get_user_model

    from meetings.models import Minutes
    from publishing.translations import translation_publish

    minutes = Minutes.objects.get(meeting__slug="friends-meeting-2010-11-30")
    original = minutes.versions.get(kind="published", number=1)
    original.document = minutes
    texts = {part.key: f"(FR) {part.text}" for part in minutes.translation_parts(original)}
    texts["summary"] = "Les Amis du Président ont examiné le programme de travail."
    staff = get_user_model().objects.create_user("translator", is_staff=True)
    translation_publish(original=original, language="fr", texts=texts, by=staff)

    path = f"{MEETING}minutes/"
    page.goto(path)
    switch_to(page, "fr")
    assert_in_language(page, "fr", path)
    document = page.locator("main article.document")
    assert "Les Amis du Président ont examiné le programme de travail." in document.inner_text()
    assert document.evaluate("node => node.closest('[lang]').getAttribute('lang')") == "fr"
    # The version's languages: the English original linked, French current.
    assert page.locator("nav.document-languages a[hreflang='en']").count() == 1
    assert page.locator("nav.document-languages [aria-current='page']").inner_text() == "Français"
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})

    switch_to(page, "es")
    assert_in_language(page, "es", path)
    assert page.locator("main .notice.language-missing").count() == 1
    english_text = page.locator("main div[lang='en'] article.document")
    assert "Les Amis du Président" not in english_text.inner_text()
