"""The security suite: every URL of the URLconf × every role, CSRF on every form, and the production headers.

The URL list is generated from the URLconf, so a new URL without a rule here
fails `test_every_url_has_a_rule` until someone decides who may open it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from contacts.models import ContactListCorrection, ContactListEdition, ContactListEntry
from contacts.services import contact_list_correction_propose
from decisions.services import decision_revision_issue
from demo.accounts import demo_accounts_create
from demo.services import demo_data_load
from meetings.models import ActionPoint, Agenda, Meeting, MeetingDocument, MinutesSection
from meetings.services import minutes_circulate
from publishing.services import document_circulate
from tests import demo_snapshot, factories
from tests.conftest import read_file_response, signed_in_client
from tests.html_forms import post_forms
from tests.sample_files import PDF_BYTES
from tests.urlconf import project_routes
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db
User = get_user_model()

PERSONAS = ["anonymous", "stranger", "friend", "coordinator", "staff"]
LOGIN = 302

EVERYONE = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = EVERYONE | {"anonymous": LOGIN}
# Friends (on the newest contact list), current post holders and staff; others signed in are refused.
FRIENDS_LOGIN_403 = SIGNED_IN | {"stranger": 403}
# Circulated drafts and closed meetings: invisible (404) to anyone who may not read them.
FRIENDS_ELSE_404 = EVERYONE | {"anonymous": 404, "stranger": 404}
EDITORS = {"anonymous": LOGIN, "stranger": 403, "friend": 403, "coordinator": 200, "staff": 200}
STAFF_ONLY = dict.fromkeys(PERSONAS, 403) | {"anonymous": LOGIN, "staff": 200}
POST_ONLY = dict.fromkeys(PERSONAS, 405)
THIS_MONTH = dict.fromkeys(PERSONAS, 302)  # the calendar opens on the current month
# The language switcher's links: they set the language cookie and redirect to the page in that language.
LANGUAGE_CHOSEN = dict.fromkeys(PERSONAS, 302)

GROUP = "general-status-and-operation"  # the demo coordinator's group
MEETING = "friends-meeting-2010-11-30"
CLOSED = "closed-consultation"

# url name → (kwargs, expected status per persona). Values in <> are filled from the `site` fixture.
RULES = {
    # English: the cookie it sets then keeps the client's next requests on the English addresses.
    "choose_language": ({"language": "en"}, LANGUAGE_CHOSEN),
    "home": ({}, EVERYONE),
    "search": ({}, EVERYONE),
    "feed": ({}, EVERYONE),
    "sitemap": ({}, EVERYONE),
    # The public area (published PDFs, named by content): a name not stored there is not found for anyone;
    # a published PDF is there for everyone (tests/test_stored_files.py).
    "public_file": ({"name": "pdf/0000000000000000/not-stored.pdf"}, dict.fromkeys(PERSONAS, 404)),
    # For load balancers: the same JSON to everyone, no secrets in it (tests/core/test_health.py).
    "healthz": ({}, EVERYONE),
    # The site's icon at the address every browser asks for (core/favicon.py).
    "favicon": ({}, EVERYONE),
    "login": ({}, EVERYONE),
    "logout": ({}, POST_ONLY),
    "password_change": ({}, SIGNED_IN),
    "password_change_done": ({}, SIGNED_IN),
    "password_reset": ({}, EVERYONE),
    "password_reset_done": ({}, EVERYONE),
    "password_reset_confirm": ({"uidb64": "MQ", "token": "forged-token"}, EVERYONE),  # "link no longer valid" page
    "password_reset_complete": ({}, EVERYONE),
    "contacts:invitation_accept": ({"uidb64": "MQ", "token": "forged-token"}, EVERYONE),
    "contacts:directory": ({}, FRIENDS_LOGIN_403),
    "contacts:edition_compare": ({}, FRIENDS_LOGIN_403),
    "contacts:edition_directory": ({"as_of": "2010-11-12"}, FRIENDS_LOGIN_403),
    "contacts:edition_csv": ({"as_of": "2010-11-12"}, FRIENDS_LOGIN_403),
    "contacts:edition_xlsx": ({"as_of": "2010-11-12"}, FRIENDS_LOGIN_403),
    "contacts:edition_vcf": ({"as_of": "2010-11-12"}, FRIENDS_LOGIN_403),
    "contacts:edition_pdf": ({"as_of": "2010-11-12"}, FRIENDS_LOGIN_403),
    "contacts:correction_list": ({}, FRIENDS_LOGIN_403),
    "contacts:correction_new_row": ({}, FRIENDS_LOGIN_403),
    "contacts:correction_propose": ({"entry_id": "<contact_entry>"}, FRIENDS_LOGIN_403),
    # The friend's own proposal; anyone else's is not found, staff's included (they decide in the admin).
    "contacts:correction_detail": (
        {"pk": "<contact_correction>"},
        {"anonymous": LOGIN, "stranger": 403, "friend": 200, "coordinator": 404, "staff": 404},
    ),
    "workgroups:group_list": ({}, EVERYONE),
    "workgroups:group_detail": ({"slug": GROUP}, EVERYONE),
    "workgroups:document_download": ({"slug": GROUP, "pk": "<group_document>"}, EVERYONE),
    "workspace:my_groups": ({}, SIGNED_IN),
    "workspace:page_edit": ({"slug": GROUP}, EDITORS),
    "workspace:page_translate": ({"slug": GROUP, "language": "fr"}, EDITORS),
    "workspace:update_create": ({"slug": GROUP}, EDITORS),
    "workspace:update_edit": ({"slug": GROUP, "pk": "<group_update>"}, EDITORS),
    "workspace:update_delete": ({"slug": GROUP, "pk": "<group_update>"}, EDITORS),
    "workspace:document_upload": ({"slug": GROUP}, EDITORS),
    "workspace:document_delete": ({"slug": GROUP, "pk": "<group_document>"}, EDITORS),
    "workspace:action_points": ({"slug": GROUP}, EDITORS),
    "workspace:group_history": ({"slug": GROUP}, STAFF_ONLY),
    "meetings:meeting_list": ({}, EVERYONE),
    "meetings:calendar": ({}, THIS_MONTH),
    "meetings:calendar_month": ({"year": 2010, "month": 11}, EVERYONE),
    "meetings:meetings_ics": ({}, EVERYONE),
    "meetings:meeting_ics": ({"slug": MEETING}, EVERYONE),
    "meetings:group_meetings_ics": ({"slug": GROUP}, EVERYONE),
    "meetings:meeting_detail": ({"slug": CLOSED}, FRIENDS_ELSE_404),
    "meetings:meeting_document": ({"slug": MEETING, "pk": "<meeting_document>"}, EVERYONE),
    "meetings:minutes_list": ({}, EVERYONE),
    "meetings:action_point_tracker": ({}, SIGNED_IN),
    "meetings:minutes": ({"slug": MEETING}, EVERYONE),
    "meetings:minutes_version": ({"slug": MEETING, "number": 1}, EVERYONE),
    "meetings:minutes_version_pdf": ({"slug": MEETING, "number": 1}, EVERYONE),
    "meetings:minutes_draft": ({"slug": CLOSED, "number": 1}, FRIENDS_ELSE_404),
    "meetings:minutes_draft_pdf": ({"slug": CLOSED, "number": 1}, FRIENDS_ELSE_404),
    # Two circulated drafts: compared by Friends only; anonymous visitors never learn they exist.
    "meetings:minutes_compare": ({"slug": CLOSED}, FRIENDS_ELSE_404),
    "meetings:minutes_compare_pdf": ({"slug": CLOSED}, FRIENDS_ELSE_404),
    "meetings:agenda": ({"slug": MEETING}, EVERYONE),
    "meetings:agenda_version": ({"slug": MEETING, "number": 1}, EVERYONE),
    "meetings:agenda_version_pdf": ({"slug": MEETING, "number": 1}, EVERYONE),
    "meetings:agenda_draft": ({"slug": CLOSED, "number": 1}, FRIENDS_ELSE_404),
    "meetings:agenda_draft_pdf": ({"slug": CLOSED, "number": 1}, FRIENDS_ELSE_404),
    # Comments on the circulated minutes and agenda: for readers of drafts; anonymous visitors sign in.
    "meetings:minutes_comments": ({"slug": CLOSED}, FRIENDS_ELSE_404 | {"anonymous": LOGIN}),
    "meetings:agenda_comments": ({"slug": CLOSED}, FRIENDS_ELSE_404 | {"anonymous": LOGIN}),
    "decisions:decision_list": ({}, EVERYONE),
    "decisions:decision": ({"slug": "<public_decision>"}, EVERYONE),
    "decisions:decision_version": ({"slug": "<public_decision>", "number": 1}, EVERYONE),
    "decisions:decision_version_pdf": ({"slug": "<public_decision>", "number": 1}, EVERYONE),
    "decisions:decision_draft": ({"slug": "draft-decision", "number": 1}, FRIENDS_ELSE_404),
    "decisions:decision_draft_pdf": ({"slug": "draft-decision", "number": 1}, FRIENDS_ELSE_404),
    # Each version as Akoma Ntoso XML (decisions/akoma_ntoso.py): read as its page and PDF are read.
    "decisions:decision_version_akn": ({"slug": "<public_decision>", "number": 1}, EVERYONE),
    "decisions:decision_draft_akn": ({"slug": "draft-decision", "number": 1}, FRIENDS_ELSE_404),
    "decisions:revision_list": ({"slug": "<public_decision>"}, EVERYONE),
    "decisions:redline": ({"slug": "draft-decision"}, FRIENDS_ELSE_404),
    "decisions:redline_pdf": ({"slug": "draft-decision"}, FRIENDS_ELSE_404),
    "decisions:comment_list": ({"slug": "draft-decision"}, FRIENDS_ELSE_404 | {"anonymous": LOGIN}),
    # Each signed-in reader's own notification settings.
    "notifications:settings": ({}, SIGNED_IN),
    # Subscribing to publications needs no account; a link with a token nobody holds is a "no longer valid"
    # page, the same for everyone (tests/notifications/test_views.py).
    "notifications:subscribe": ({}, EVERYONE),
    "notifications:subscribe_sent": ({}, EVERYONE),
    "notifications:subscribe_confirm": ({"token": "forged-token"}, EVERYONE),
    "notifications:subscription_manage": ({"token": "forged-token"}, EVERYONE),
    "notifications:unsubscribe": ({"token": "forged-token"}, EVERYONE),
    # The open-data API: everyone reads what they may read on the site (tests/opendata/); anything else
    # under /api/v1/ is a JSON 404. Every resource module's list and detail are listed here.
    "api:api-root": ({}, EVERYONE),
    "api:schema": ({}, EVERYONE),
    "api:docs": ({}, EVERYONE),
    # Publications and decisions: a circulated draft (its versions, its text, its PDF) is for its readers.
    "api:publication-list": ({}, EVERYONE),
    "api:publication-detail": ({"id": "decision-draft-decision"}, FRIENDS_ELSE_404),
    "api:publication-version": ({"id": "decision-draft-decision", "version": "draft-1"}, FRIENDS_ELSE_404),
    "api:publication-version-pdf": ({"id": "decision-draft-decision", "version": "draft-1"}, FRIENDS_ELSE_404),
    "api:decision-list": ({}, EVERYONE),
    "api:decision-detail": ({"slug": "draft-decision"}, FRIENDS_ELSE_404),
    "api:decision-revision": ({"slug": "draft-decision", "number": 1}, FRIENDS_ELSE_404),
    "api:not_found": ({"rest": "no-such-resource/"}, dict.fromkeys(PERSONAS, 404)),
    # Anything under /api/ outside a version: a JSON 404 naming the versions (tests/opendata/test_http.py).
    "api_no_such_version": ({"rest": "v2/"}, dict.fromkeys(PERSONAS, 404)),
    "api:group-list": ({}, EVERYONE),
    "api:group-detail": ({"slug": GROUP}, EVERYONE),
    "api:meeting-list": ({}, EVERYONE),
    # A closed meeting, as on the site: not found for those who may not read it.
    "api:meeting-detail": ({"slug": CLOSED}, FRIENDS_ELSE_404),
    "api:action-point-list": ({}, EVERYONE),
    "api:action-point-detail": ({"pk": "<public_action_point>"}, EVERYONE),
    # The open-data page: the API, Akoma Ntoso and the latest export of everything public.
    "opendata:data": ({}, EVERYONE),
    # Each signed-in reader's own API tokens; revoking is a POST (someone else's token: 404).
    "opendata:token_list": ({}, SIGNED_IN),
    "opendata:token_revoke": (
        {"uid": "00000000-0000-0000-0000-000000000000"},
        SIGNED_IN | dict.fromkeys(PERSONAS[1:], 405),
    ),
}


def url_names() -> list[str]:
    return [route.name for route in project_routes()]


def test_every_url_has_a_rule():
    assert sorted(set(url_names()) - set(RULES)) == [], "add these URLs to RULES with who may open them"
    assert sorted(set(RULES) - set(url_names())) == [], "these rules name URLs that no longer exist"


def build_site() -> dict:
    """The demo data, its accounts, a closed meeting with circulated minutes and agenda, a draft decision
    in its second round, documents: what the URLs of RULES need."""
    demo_data_load()
    demo_accounts_create(password="not-used")
    closed = factories.MeetingFactory(slug=CLOSED, title="Closed consultation", is_public=False)
    document_circulate(document=Agenda.objects.create(meeting=closed), by=None)
    # Minutes circulated twice, for the comparison of drafts.
    minutes = factories.MinutesFactory(meeting=closed, publication_state="internal")
    section = MinutesSection.objects.create(minutes=minutes, heading="Debrief", body="The meeting was a success.")
    minutes_circulate(minutes=minutes, by=None)
    section.body = "The meeting was a great success."
    section.save()
    minutes_circulate(minutes=minutes, by=None)
    # A draft decision in its second round of consultation (original and /Rev.1), for the redline.
    draft = factories.DecisionFactory(slug="draft-decision", symbol="CCM/MSP/2011/WP.9")
    paragraph = factories.ParagraphFactory(decision=draft, text="Decides to meet in Geneva.")
    decision_revision_issue(decision=draft, by=None)
    paragraph.text = "Decides to meet in Geneva in June."
    paragraph.save()
    decision_revision_issue(decision=draft, by=None)
    group = WorkingGroup.objects.get(slug=GROUP)
    paper = MeetingDocument.objects.create(
        meeting=Meeting.objects.get(slug=MEETING), title="Paper", file=SimpleUploadedFile("paper.pdf", PDF_BYTES)
    )
    newest_row = ContactListEntry.objects.filter(edition=ContactListEdition.objects.latest()).first()
    correction = contact_list_correction_propose(
        correction=ContactListCorrection(entry=newest_row, role="Victim assistance"),
        by=User.objects.get(username="friend"),
    )
    return {
        "contact_entry": newest_row.pk,
        "contact_correction": correction.pk,
        "group_document": factories.GroupDocumentFactory(group=group).pk,
        "group_update": factories.GroupUpdateFactory(group=group).pk,
        "meeting_document": paper.pk,
        "public_decision": "work-programme-2012",
        "public_action_point": ActionPoint.objects.filter(meeting__slug=MEETING).order_by("pk").first().pk,
        "draft_paragraph_key": str(paragraph.key),
    }


@pytest.fixture(scope="session")
def site_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The site built once per session, with its PDFs rendered (tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():
        return demo_snapshot.take(media=tmp_path_factory.mktemp("security-site-media"), build=build_site)


@pytest.fixture
def site(db, site_snapshot, media_root, render_pdfs) -> dict:
    return demo_snapshot.restore(site_snapshot, media_root=media_root)


@pytest.fixture
def clients(site, staff_user, django_user_model):
    users = {username: django_user_model.objects.get(username=username) for username in ("friend", "coordinator")}
    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "not-used")
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", "not-used", is_staff=True)
    return {
        "anonymous": Client(),
        "stranger": signed_in_client(stranger),
        "friend": signed_in_client(users["friend"]),
        "coordinator": signed_in_client(users["coordinator"]),
        "staff": signed_in_client(clerk),
    }


def url_for(name, kwargs, site) -> str:
    filled = {key: site[value[1:-1]] if str(value).startswith("<") else value for key, value in kwargs.items()}
    return reverse(name, kwargs=filled)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_role_as_the_rules_say(clients, site, persona):
    client = clients[persona]
    wrong, uncacheable, unprotected = [], [], []
    for name, (kwargs, expected) in RULES.items():
        url = url_for(name, kwargs, site)
        response = client.get(url)
        if response.streaming:
            read_file_response(response)
        if response.status_code != expected[persona]:
            wrong.append((name, url, response.status_code, expected[persona]))
        elif response.status_code == LOGIN and expected is not THIS_MONTH and expected is not LANGUAGE_CHOSEN:
            assert response["Location"].startswith(reverse("login")), url
        uncacheable.extend(not_cacheable_for(persona, name, response))
        unprotected.extend((name, header) for header in missing_security_headers(response))
    assert wrong == [], f"{persona}: (url name, url, got, expected)"
    assert uncacheable == [], f"{persona}: (url name, what is missing)"
    assert unprotected == [], f"{persona}: (url name, missing or weak header)"


def not_cacheable_for(persona, name, response) -> list[tuple[str, str]]:
    """A page depends on who reads it: it varies on the cookie, and a signed-in reader's is private. Every
    answer says how long it may be kept: without a word, a proxy may keep a page (a feed, a meeting's
    calendar) by its own guess, and go on showing it after a meeting is cancelled or an agenda withdrawn."""
    problems = []
    if "Cookie" not in response.get("Vary", ""):
        problems.append((name, "Vary: Cookie"))
    cache_control = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip() for part in cache_control.split(",")}
    if response.status_code == 200 and not directives & {"no-cache", "no-store", "max-age", "s-maxage"}:
        problems.append((name, f"Cache-Control saying how long it may be kept (got {cache_control!r})"))
    if response.cookies and "public" in cache_control:  # a cookie of this visitor's, for everyone
        problems.append((name, f"no Cache-Control: public with Set-Cookie (got {cache_control!r})"))
    if persona != "anonymous" and "private" not in cache_control:
        problems.append((name, f"Cache-Control: private (got {cache_control!r})"))
    if persona != "anonymous" and "public" in cache_control:
        problems.append((name, f"no Cache-Control: public (got {cache_control!r})"))
    return problems


@pytest.mark.parametrize("persona", ["coordinator", "staff"])
def test_every_post_form_carries_a_csrf_token_and_a_post_without_it_is_refused(clients, site, persona):
    client = clients[persona]
    actions = set()
    for name, (kwargs, expected) in RULES.items():
        if expected[persona] != 200:
            continue
        url = url_for(name, kwargs, site)
        response = client.get(url)
        if response.streaming or not response["Content-Type"].startswith("text/html"):
            if response.streaming:
                read_file_response(response)
            continue
        for form in post_forms(response.content, url):
            assert form.has_csrf_token, f"a post form on {url} has no CSRF token"
            actions.add(form.action)
    assert len(actions) >= 8  # sign-out, page edit, update, upload, action points, history...

    forged = Client(enforce_csrf_checks=True)
    forged.cookies = client.cookies  # the victim's session, as a cross-site form would send it
    for action in sorted(actions):
        response = forged.post(action, {"overview": "forged", "history_id": 1})
        assert response.status_code == 403, action
        assert b"CSRF" in response.content, action
    assert WorkingGroup.objects.get(slug=GROUP).overview != "forged"


def missing_security_headers(response) -> list[str]:
    """The production headers every response carries, whatever the page, file or error."""
    missing = []
    policy = response.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        if directive not in policy:
            missing.append(f"Content-Security-Policy {directive}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        missing.append("Content-Security-Policy without unsafe-inline and unsafe-eval")
    for header, value in [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]:
        if response.get(header) != value:
            missing.append(f"{header}: {value}")
    return missing


def test_errors_carry_the_security_headers_too(client, db):
    for response in (client.get("/no-such-page/"), client.get("/search/?q=%00"), client.post(reverse("home"))):
        assert response.status_code in {400, 404, 405}
        assert missing_security_headers(response) == []


# ---------------------------------------------------------------- posts

# Who may write through each form endpoint; every other persona is refused and nothing is written.
# Sign-in, sign-out, password and invitation forms are the accounts' own flows (tests/contacts/test_accounts.py).
EDITING = {"coordinator", "staff"}
POST_RIGHTS = {
    "workspace:page_edit": EDITING,
    "workspace:page_translate": EDITING,
    "workspace:update_create": EDITING,
    "workspace:update_edit": EDITING,
    "workspace:update_delete": EDITING,
    "workspace:document_upload": EDITING,
    "workspace:document_delete": EDITING,
    "workspace:action_points": EDITING,
    "workspace:group_history": {"staff"},
    "decisions:comment_list": {"friend", "coordinator", "staff"},
    "meetings:minutes_comments": {"friend", "coordinator", "staff"},
    "meetings:agenda_comments": {"friend", "coordinator", "staff"},
    "contacts:correction_new_row": {"friend", "coordinator", "staff"},
    "contacts:correction_propose": {"friend", "coordinator", "staff"},
    # Everyone signed in keeps their own settings; anyone may ask for a subscription (it changes nothing
    # until the address confirms it, tests/notifications/).
    "notifications:settings": {"stranger", "friend", "coordinator", "staff"},
    "notifications:subscribe": set(PERSONAS),
    # Anyone signed in makes their own API tokens (the forged post names none: nothing is made).
    "opendata:token_list": {"stranger", "friend", "coordinator", "staff"},
}
ACCOUNT_FLOWS = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "contacts:invitation_accept",
}
REFUSED = {"anonymous": frozenset({LOGIN, 403, 404, 405})} | dict.fromkeys(PERSONAS[1:], frozenset({403, 404, 405}))


def forged_post(site) -> dict:
    """What an attacker would send to any form: every field the portal's forms read, filled in."""
    return {
        "overview": "forged",
        "mandate": "forged",
        "work_plan": "forged",
        "title": "forged",
        "body": "forged",
        "text": "forged",
        "proposed_wording": "forged",
        "target": site["draft_paragraph_key"],
        "history_id": 1,
        "revision": 1,
        "file": SimpleUploadedFile("forged.pdf", PDF_BYTES),
        "points-TOTAL_FORMS": 0,
        "points-INITIAL_FORMS": 0,
    }


def database_fingerprint() -> dict[str, str]:
    """Every table's rows, hashed: any insert, update or delete changes its entry."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in {
                "django_session",
                "workgroups_readersession",
                "axes_accessattempt",
                "axes_accesslog",
                "portal_cache",
            }:
                continue  # signing in for the test, not something a post wrote
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM \"{table}\" t"  # noqa: S608
            )
            fingerprint[table] = cursor.fetchone()[0]
    return fingerprint


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_post_without_the_right_is_refused_and_writes_nothing(clients, site, persona):
    client = clients[persona]
    before = database_fingerprint()
    wrong = []
    for name, (kwargs, _expected) in RULES.items():
        if name in ACCOUNT_FLOWS or persona in POST_RIGHTS.get(name, ()):
            continue
        url = url_for(name, kwargs, site)
        response = client.post(url, forged_post(site))
        if response.streaming:
            read_file_response(response)
        refused = response.status_code in REFUSED[persona]
        if (name in POST_RIGHTS and not refused) or response.status_code >= 500:
            wrong.append((name, response.status_code))
    assert wrong == [], f"{persona}: (url name, status) of posts that were not refused"
    after = database_fingerprint()
    assert [table for table in before if before[table] != after[table]] == []
