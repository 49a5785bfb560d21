"""Finished pages (issue 18): error pages in the site's layout for each role, the coordinator's 403 naming
the groups they may edit, the print stylesheet, the calendar in the main navigation, and no stray
punctuation where a field is empty."""

import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from ccm_portal.urls import urlpatterns as project_urlpatterns
from meetings.models import Meeting
from tests import factories
from tests.conftest import signed_in_client
from workgroups.models import GroupPageTranslation

PERSONAS = ["anonymous", "friend", "coordinator_a", "coordinator_b", "staff"]


def boom(request) -> HttpResponse:
    raise RuntimeError("a bug in a view")


# For the 500 test: the project's own URLs (the layout links to them) and one that fails.
urlpatterns = [path("boom/", boom), *project_urlpatterns]


@pytest.fixture
def clients(client, friend_user, coordinator_a_user, coordinator_b_user, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", "not-used", is_staff=True)
    return {
        "anonymous": client,
        "friend": signed_in_client(friend_user),
        "coordinator_a": signed_in_client(coordinator_a_user),
        "coordinator_b": signed_in_client(coordinator_b_user),
        "staff": signed_in_client(clerk),
    }


def assert_in_the_layout(html: str) -> None:
    """The site's header, navigation, search box and stylesheets, and ways on from the error."""
    assert 'class="site-header"' in html
    assert '<nav aria-label="Main">' in html
    assert 'id="site-search-q"' in html
    assert 'href="/static/css/site.css"' in html
    assert f'href="{reverse("home")}"' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_missing_page_is_a_404_in_the_layout_for_every_role(clients, persona):
    response = clients[persona].get("/no-such-page/")
    assert response.status_code == 404
    html = response.text
    assert_in_the_layout(html)
    assert "<h1>Page not found</h1>" in html
    assert f'href="{reverse("search")}"' in html
    # Someone signed out may be looking for a draft: the page offers to sign in, and comes back here.
    assert ('href="/accounts/login/?next=/no-such-page/"' in html) == (persona == "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_groups_editor_is_a_403_naming_the_groups_the_reader_may_edit(clients, group_a, group_b, persona):
    response = clients[persona].get(reverse("workspace:page_edit", args=[group_a.slug]))
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        return
    if persona in {"coordinator_a", "staff"}:
        assert response.status_code == 200
        return
    assert response.status_code == 403
    html = response.text
    assert_in_the_layout(html)
    assert "The page of Victim Assistance is edited by its current coordinators and the secretariat." in html
    assert f'href="{group_a.get_absolute_url()}"' in html  # back to the group's page
    if persona == "coordinator_b":
        assert "You may edit the pages of:" in html
        assert f'<a href="{reverse("workspace:page_edit", args=[group_b.slug])}">Universalization</a>' in html
        assert f'<a href="{reverse("workspace:page_edit", args=[group_a.slug])}">' not in html
    else:
        assert "You coordinate no working group or thematic area at present." in html
        assert "You may edit the pages of:" not in html


def test_a_coordinator_refused_the_page_history_is_told_they_may_edit_the_page(clients, group_a):
    response = clients["coordinator_a"].get(reverse("workspace:group_history", args=[group_a.slug]))
    assert response.status_code == 403
    assert "The history of the page of Victim Assistance is kept by the secretariat." in response.text
    assert f'<a href="{reverse("workspace:page_edit", args=[group_a.slug])}">Victim Assistance</a>' in response.text


def test_the_403_is_in_the_readers_language_with_the_groups_names_in_it(clients, group_a, group_b):
    # The coordinators of group B gave its page a French name; group A has none, and keeps its English one.
    GroupPageTranslation.objects.create(group=group_b, language="fr", name="Universalisation")
    response = clients["coordinator_b"].get(f"/fr{reverse('workspace:page_edit', args=[group_a.slug])}")
    assert response.status_code == 403
    assert '<html lang="fr">' in response.text
    with translation.override("fr"):
        assert translation.gettext("Not allowed") in response.text
        assert translation.gettext("You may edit the pages of:") in response.text
    assert f'<a href="/fr/groups/{group_b.slug}/edit/">Universalisation</a>' in response.text
    assert "Victim Assistance" in response.text


def test_a_page_for_friends_only_is_a_403_in_the_layout_for_an_account_not_on_the_list(db, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "not-used")
    response = signed_in_client(stranger).get(reverse("contacts:directory"))
    assert response.status_code == 403
    assert_in_the_layout(response.text)
    assert "this page is not open to your account" in response.text


def test_a_form_refused_by_the_csrf_check_is_a_403_in_the_layout_saying_what_to_do(db, friend_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(friend_user)
    response = client.post(reverse("logout"))  # no token: as a form from another site would post
    assert response.status_code == 403
    assert_in_the_layout(response.text)
    assert "<h1>The form could not be sent</h1>" in response.text
    assert "CSRF" in response.text and "reload the page" in response.text


def test_a_bad_request_is_a_400_in_the_layout(client, db):
    response = client.get("/meetings/", HTTP_HOST="not-this-site.example")  # not in ALLOWED_HOSTS
    assert response.status_code == 400
    assert_in_the_layout(response.text)
    assert "<h1>Bad request</h1>" in response.text


@pytest.mark.urls(__name__)
def test_a_server_error_is_a_500_in_the_layout_rendered_without_the_database():
    # No `db` fixture: any query while the view fails or the page renders would raise here.
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_in_the_layout(response.text)
    assert "<h1>Server error</h1>" in response.text


def test_the_500_page_renders_without_a_request_in_the_language_active():
    with translation.override("fr"):
        html = render_to_string("500.html")
        assert translation.gettext("Server error") in html
    assert '<html lang="fr">' in html and 'href="/fr/meetings/"' in html


def test_every_page_links_the_print_stylesheet_for_print_only(client, db):
    html = client.get(reverse("meetings:meeting_list")).text
    assert '<link rel="stylesheet" href="/static/css/site-print.css" media="print">' in html
    css = Path(finders.find("css/site-print.css")).read_text(encoding="utf-8")
    hidden = css.split("{ display: none !important; }")[0]
    for selector in (".site-header nav", ".site-search", ".language-switcher", ".filters"):
        assert selector in hidden


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_calendar_is_in_the_main_navigation(client, db, language):
    with translation.override(language):
        home, calendar, label = reverse("home"), reverse("meetings:calendar"), translation.gettext("Calendar")
    html = client.get(home).text
    navigation = html.split('<nav aria-label="')[1].split("</nav>")[0]  # the switcher's nav has a class first
    assert f'<a href="{calendar}">{label}</a>' in navigation
    # The link opens on the current month.
    today = datetime.date.today()
    assert client.get(calendar)["Location"].startswith(
        reverse("meetings:calendar_month", args=[today.year, today.month])
        if language == "en"
        else f"/{language}/meetings/calendar/{today.year}/{today.month}/"
    )


@pytest.mark.parametrize(
    ("venue", "room", "city", "shown"),
    [
        ("", "", "Beirut", "<dd>Beirut</dd>"),
        ("Palais des Nations", "", "", "<dd>Palais des Nations</dd>"),
        ("Palais des Nations", "XXV", "Geneva", "<dd>Palais des Nations, room XXV, Geneva</dd>"),
        ("", "XXV", "Geneva", "<dd>room XXV, Geneva</dd>"),
    ],
)
def test_a_meeting_page_leaves_no_stray_comma_for_an_empty_venue_room_or_city(client, db, venue, room, city, shown):
    meeting = factories.MeetingFactory(venue=venue, room=room, city=city)
    html = client.get(meeting.get_absolute_url()).text
    assert shown in html
    assert "<dd>," not in html and ", </dd>" not in html


def test_an_agenda_names_its_room_without_a_venue_and_no_stray_comma():
    meeting = Meeting(kind=Meeting.Kind.FRIENDS, start_date=datetime.date(2010, 11, 30), venue="", room="S4")
    assert "<p>room S4.</p>" in render_to_string("meetings/_agenda_header.html", {"meeting": meeting})
    meeting.room = ""
    assert "<p>" not in render_to_string("meetings/_agenda_header.html", {"meeting": meeting}).split("</p>", 1)[1]


def test_joined_leaves_out_empty_parts_and_escapes_the_rest():
    template = Template('{% load text_parts %}{% joined ", " a b c %}')
    assert template.render(Context({"a": "", "b": "<b>Beirut</b>", "c": None})) == "&lt;b&gt;Beirut&lt;/b&gt;"
    assert template.render(Context({"a": "Palais", "b": "  ", "c": "Geneva"})) == "Palais, Geneva"
