"""The public pages in a real browser: no serious accessibility violations, and no stored script runs."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from decisions.models import Decision, Paragraph
from meetings.models import Minutes, MinutesSection
from publishing.services import document_publish
from workgroups.models import GroupUpdate, WorkingGroup

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/meetings/",
    "/meetings/calendar/2010/11/",
    "/meetings/friends-meeting-2010-11-30/",
    "/meetings/friends-meeting-2010-11-30/minutes/",
    "/minutes/",
    "/groups/",
    "/groups/victim-assistance/",
    "/decisions/",
    "/search/?q=Friends",
    "/accounts/login/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_or_critical_accessibility_violations(live_demo, page, path):
    page.goto(path)
    violations = Axe().run(page).response["violations"]
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], path


PAYLOADS = [
    "<script>window.__xss = 1; alert(1)</script>",
    '<img src="x" onerror="window.__xss = 1; alert(1)">',
    "[click me](javascript:window.__xss=1;alert(1))",
    '<svg onload="window.__xss = 1; alert(1)"></svg>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '"><script>window.__xss = 1</script>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
]
PAYLOAD = "\n\n".join(PAYLOADS)


def test_script_stored_in_every_rich_text_field_never_runs(live_demo, page):
    # Stored around the validators, as an old import or a shell might: the pages must still be inert.
    group = WorkingGroup.objects.get(slug="victim-assistance")
    WorkingGroup.objects.filter(pk=group.pk).update(overview=PAYLOAD, mandate=PAYLOAD, work_plan=PAYLOAD)
    GroupUpdate.objects.create(group=group, title=PAYLOADS[-2], body=PAYLOAD)
    minutes = Minutes.objects.get(meeting__slug="friends-meeting-2010-11-30")
    MinutesSection.objects.filter(minutes=minutes).update(body=PAYLOAD)
    Minutes.objects.filter(pk=minutes.pk).update(summary=PAYLOAD)
    decision = Decision.objects.first()
    Paragraph.objects.filter(decision=decision).update(text=PAYLOAD)
    document_publish(document=Minutes.objects.get(pk=minutes.pk), by=None)
    document_publish(document=Decision.objects.get(pk=decision.pk), by=None)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in [
        group.get_absolute_url(),
        minutes.get_absolute_url(),
        decision.get_absolute_url(),
        reverse("search") + "?q=xss",
        reverse("feed"),
    ]:
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
        for link in page.locator("a[href]").all():
            assert not link.get_attribute("href").lower().replace("\t", "").startswith("javascript:"), path
    assert dialogs == []
    assert page.script_errors == []
