"""The public site as an anonymous visitor meets it, and what it must never show them."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contacts.models import EmailAddress
from meetings.models import Meeting
from publishing.services import document_circulate, document_publish, document_withdraw
from publishing.translations import translation_publish
from tests import factories
from tests.conftest import read_file_response
from tests.urlconf import project_routes
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
AKN_EXPRESSION = re.compile(r"/[a-z]{3}@\d{4}-\d{2}-\d{2}(?=[/.\"])")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"a", "link"}:
            self.links.extend(value for name, value in attrs if name == "href" and value)


def crawl(client, start_urls) -> dict[str, bytes]:
    """Every response reachable from the start URLs by on-site links (pages, PDFs, feed, sitemap)."""
    seen: dict[str, bytes] = {}
    queue = list(start_urls)
    while queue:
        url = queue.pop().split("#")[0]
        url = url.removeprefix("http://testserver")
        # Pages in French and Spanish are reached through each page's hreflang alternates; the same rules apply.
        unprefixed = re.sub(r"^/(fr|es)/", "/", url)
        if url in seen or not url.startswith("/") or unprefixed.startswith(("/admin/", "/static/", "/i18n/")):
            continue
        # The calendar links every month up to 2100: visit the months of the seed data only.
        if (month := re.match(r"/meetings/calendar/(\d+)/", unprefixed)) and month[1] not in {"2010", "2011"}:
            continue
        response = client.get(url)
        if response.status_code == 302:
            queue.append(response["Location"])
            continue
        assert response.status_code == 200, url
        seen[url] = read_file_response(response) if response.streaming else response.content
        content_type = response["Content-Type"]
        if content_type.startswith("text/html"):
            parser = LinkParser()
            parser.feed(seen[url].decode())
            queue.extend(parser.links)
        elif content_type.startswith("application/akn+xml"):
            continue  # its hrefs are Akoma Ntoso IRIs (/akn/…, the naming convention's), not this site's addresses
        elif "xml" in content_type:  # the sitemap (<loc>) and the feed (href)
            queue.extend(re.findall(r"<loc>([^<]+)</loc>", seen[url].decode()))
            queue.extend(re.findall(r'href="([^"]+)"', seen[url].decode()))
    return seen


def parameterless_urls() -> list[str]:
    """Every URL of the URLconf that takes no argument, so a new page cannot be missed (sign-out is POST only)."""
    return [route.path for route in project_routes() if "<" not in route.path and route.name != "logout"]


def text_of(url: str, body: bytes) -> str:
    if body.startswith(b"\x00\x00\x01\x00"):
        return ""  # the site's icon (/favicon.ico): pixels, no text
    if body.startswith(b"BEGIN:VCALENDAR"):
        return body.decode().replace("\r\n ", "")  # unfold long lines
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if url.endswith(".akn.xml"):
        # An Akoma Ntoso expression IRI names its language and date as "eng@2011-09-16": no e-mail address.
        return AKN_EXPRESSION.sub("/", body.decode())
    return body.decode()


@pytest.fixture
def private_documents(staff_user):
    """A draft circulated to the Friends, and minutes never circulated: neither is public."""
    circulated = factories.DecisionFactory(
        title="Secret draft on implementation support", slug="implementation-support"
    )
    factories.ParagraphFactory(decision=circulated, text="Confidential wording for the Friends only.")
    draft = document_circulate(document=circulated, by=staff_user)
    draft.document = circulated
    # Its French version, for the Friends only too.
    texts = {part.key: f"Formulation confidentielle {part.key}" for part in circulated.translation_parts(draft)}
    translation_publish(original=draft, language="fr", texts=texts | {"title": "Brouillon secret"}, by=staff_user)
    internal = factories.MinutesFactory(summary="Internal minutes nobody may read.", publication_state="internal")
    # Minutes published in English and French, then withdrawn: neither text may be read any more.
    withdrawn = factories.MinutesFactory(summary="Withdrawn summary.", publication_state="internal")
    published = document_publish(document=withdrawn, by=staff_user)
    published.document = withdrawn
    texts = {part.key: f"Texte retiré {part.key}" for part in withdrawn.translation_parts(published)}
    translation_publish(original=published, language="fr", texts=texts, by=staff_user)
    document_withdraw(document=withdrawn, by=staff_user, reason="Wrong meeting.")
    return circulated, internal


def test_anonymous_crawl_reaches_no_email_address_no_draft_and_no_internal_text(
    client, published_demo, private_documents
):
    circulated, internal = private_documents
    start = [
        "/",
        "/fr/",
        "/es/",
        "/sitemap.xml",
        reverse("feed"),
        "/search/?q=Friends",
        "/search/?q=secret",
        "/meetings/calendar/2010/11/",
        # The contact list and its exports: the crawl must meet the sign-in page, not the addresses.
        reverse("contacts:directory"),
        reverse("contacts:edition_csv", args=["2010-11-12"]),
        reverse("contacts:edition_vcf", args=["2010-11-12"]),
        reverse("contacts:edition_pdf", args=["2010-11-12"]),
        *parameterless_urls(),
    ]
    responses = crawl(client, start)
    addresses = [address.lower() for address in EmailAddress.objects.values_list("address", flat=True)]

    assert any(url.endswith(".pdf") for url in responses)
    # The crawl reads the site in each of its languages.
    assert any(url.startswith("/fr/meetings/") for url in responses)
    assert any(url.startswith("/es/meetings/") for url in responses)
    assert len(responses) >= 25
    for url, body in responses.items():
        text = text_of(url, body)
        assert not [address for address in addresses if address in text.lower()], url
        assert not EMAIL.search(text), (url, EMAIL.search(text))
        private_texts = ["Secret draft", "Confidential wording", "Internal minutes nobody", "Withdrawn summary"]
        for private in [*private_texts, "Brouillon secret", "Formulation confidentielle", "Texte retiré"]:
            assert private not in text, (url, private)
    for url in [circulated.get_absolute_url(), reverse("decisions:decision_draft", args=[circulated.slug, 1])]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("decisions:decision_draft_pdf", args=[circulated.slug, 1])).status_code == 404
    assert client.get(internal.get_absolute_url()).status_code == 404


def test_meeting_page_shows_agenda_and_links_the_published_minutes(client, demo_data):
    meeting = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    html = client.get(meeting.get_absolute_url()).text
    assert "30 November 2010, 13:00–15:00" in html
    assert "Palais, room S4, Geneva" in html
    assert "Ambassador Yong (Lao PDR)" in html
    assert html.index("Short debrief of 1MSP") < html.index("Draft architecture") < html.index("AOB")
    assert "<strong>Draft architecture</strong>, draft 1 for discussion – (Canada)" in html
    assert (
        "<strong>Victim Assistance</strong> (undertaken by Austria in cooperation with Croatia in preps for 1MSP)"
        in html
    )
    minutes_url = reverse("meetings:minutes_version", args=[meeting.slug, 1])
    assert f'href="{minutes_url}"' in html
    assert html.index("Revision of the food-for-thought paper") < html.index("All Friends, please review")
    assert "Presidency · Open · due following the next Friends meeting" in html

    minutes = client.get(minutes_url).text
    assert (
        minutes.index("Debrief on 1MSP") < minutes.index("Plans for 2MSP") < minutes.index("All Friends, please review")
    )
    assert "<li>Norway (general status and operation)</li>" in minutes  # Markdown lists become lists


def test_group_page_lists_appointments_by_term_without_people(client, demo_data):
    html = client.get(WorkingGroup.objects.get(slug="general-status-and-operation").get_absolute_url()).text
    assert "Norway" in html
    assert "30 November 2010 – 16 September 2011" in html
    assert "Ingunn Vatne" not in html  # groups name the country, not its people


def test_list_filters_by_year_and_group_and_refuse_bad_values(client, demo_data):
    minutes_list = reverse("meetings:minutes_list")
    assert "Meeting of the Friends of the President" in client.get(minutes_list, {"year": 2010}).text
    assert "No published minutes match these filters" in client.get(minutes_list, {"year": 2011}).text
    decision_list = reverse("decisions:decision_list")
    assert "Work programme 2012" in client.get(decision_list, {"year": 2011}).text  # for the 2MSP, September 2011

    bad_year = client.get(minutes_list, {"year": "twenty-ten"})
    assert bad_year.status_code == 400
    assert "Year: Enter a whole number." in bad_year.text
    bad_group = client.get(decision_list, {"group": "no-such-group"})
    assert bad_group.status_code == 400
    assert "Working group: Select a valid choice." in bad_group.text


def grow():
    staff = None
    for _ in range(4):
        meeting = factories.MeetingFactory()
        minutes = factories.MinutesFactory(meeting=meeting, publication_state="internal")
        factories.MinutesSectionFactory.create_batch(3, minutes=minutes)
        document_publish(document=minutes, by=staff)
        decision = factories.DecisionFactory(meeting=meeting)
        factories.ParagraphFactory.create_batch(5, decision=decision)
        document_publish(document=decision, by=staff)
        document_publish(document=decision, by=staff)
        factories.AppointmentFactory(group=WorkingGroup.objects.first())
        # More meetings and current coordinators on the group pages (and the committee's members).
        meeting.groups.add(WorkingGroup.objects.get(slug="general-status-and-operation"))
        factories.AppointmentFactory(
            group=WorkingGroup.objects.get(slug="victim-assistance"), start_date=timezone.localdate(), end_date=None
        )
    meeting = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    factories.AgendaItemFactory.create_batch(30, meeting=meeting)
    factories.WorkingGroupFactory.create_batch(10)
    group = WorkingGroup.objects.get(slug="general-status-and-operation")
    factories.GroupUpdateFactory.create_batch(25, group=group)
    factories.GroupDocumentFactory.create_batch(5, group=group)


# url name, args, queries; none of them depends on how much data there is.
PUBLIC_PAGES = [
    # latest versions, their versions in the reader's language, their minutes, agendas (with meetings) and
    # decisions; upcoming, recent meetings
    ("home", [], 7),
    ("meetings:meeting_list", [], 3),  # count for the paginator, the page, the group filter menu
    # meeting with its minutes and agenda documents, the minutes' and the agenda's current
    # versions (the agenda's items as that version froze them, in the reader's language if it has
    # a version in it), action points, meeting documents
    ("meetings:meeting_detail", ["friends-meeting-2010-11-30"], 7),  # + the minutes in the reader's language
    ("meetings:minutes_list", [], 4),  # count, minutes with meetings, their current versions, group filter menu
    # minutes with meeting, current version, its language versions, all versions
    ("meetings:minutes", ["friends-meeting-2010-11-30"], 4),
    ("meetings:minutes_version", ["friends-meeting-2010-11-30", 1], 4),
    ("decisions:decision_list", [], 4),
    ("decisions:decision", ["work-programme-2012"], 4),
    ("workgroups:group_list", [], 3),  # groups, current appointments with holders, names in the reader's language
    # group, current and all appointments, latest updates, documents, its page in the reader's language,
    # its meetings (upcoming and latest past, with whether their agenda and minutes may be read)
    ("workgroups:group_detail", ["general-status-and-operation"], 7),
    # the same, and every group's current coordinators (the committee's derived members)
    ("workgroups:group_detail", ["coordination-committee"], 8),
    # versions, their minutes and agendas with meetings, their decisions, their versions in the feed's language
    ("feed", [], 5),
    # best matches by rank with their snippets, their minutes, agendas and decisions; the meetings, the
    # working groups and the group updates that hold the words (public/search.py)
    ("search", [], 7),
]


# Pages that list versions of several document types load each type's documents
# in one query, for the types present: at most one query per type.
AT_MOST = {"home", "feed", "search"}


@pytest.mark.parametrize(("name", "args", "queries"), PUBLIC_PAGES)
def test_public_page_query_counts_are_pinned_and_constant(
    client, demo_data, django_assert_num_queries, django_assert_max_num_queries, name, args, queries
):
    url = reverse(name, args=args) + ("?q=meeting" if name == "search" else "")
    assert_queries = django_assert_max_num_queries if name in AT_MOST else django_assert_num_queries
    client.get(url)  # warm the content type cache
    cache.clear()  # measure pages as rendered, not as served from the page cache
    with assert_queries(queries):
        assert client.get(url).status_code == 200
    grow()
    cache.clear()
    with assert_queries(queries):
        assert client.get(url).status_code == 200


def test_published_pages_are_served_from_the_cache_to_anonymous_visitors(
    client, demo_data, django_assert_num_queries, staff_user, committed
):
    url = reverse("meetings:minutes_version", args=["friends-meeting-2010-11-30", 1])
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    minutes = Meeting.objects.get(slug="friends-meeting-2010-11-30").minutes
    with committed():
        document_publish(document=minutes, by=staff_user)  # version 1 is now superseded
    assert "was superseded on" in client.get(url).text


def test_lists_filter_by_kind_and_meeting(client, demo_data):
    decision_list = reverse("decisions:decision_list")
    assert "Work programme 2012" in client.get(decision_list, {"meeting": "2msp"}).text
    assert "No published decisions match" in client.get(decision_list, {"meeting": "1msp"}).text
    assert "Work programme 2012" in client.get(decision_list, {"kind": "msp"}).text
    minutes_list = reverse("meetings:minutes_list")
    assert "No published minutes match" in client.get(minutes_list, {"kind": "msp"}).text
    assert "Meeting of the Friends" in client.get(minutes_list, {"kind": "friends"}).text
    unknown = client.get(decision_list, {"meeting": "9msp"})
    assert unknown.status_code == 400
    assert "Meeting: Select a valid choice." in unknown.text
    assert f"{decision_list}?meeting=2msp" in client.get(reverse("meetings:meeting_detail", args=["2msp"])).text


def test_the_home_page_is_cached_for_anonymous_visitors_and_fresh_after_publishing(
    client, demo_data, django_assert_num_queries, staff_user, committed
):
    client.get("/")
    with django_assert_num_queries(0):
        client.get("/")
    decision = factories.DecisionFactory(title="Decision on the Beirut Progress Report", slug="beirut-progress")
    factories.ParagraphFactory(decision=decision)
    with committed():
        document_publish(document=decision, by=staff_user)
    assert "Decision on the Beirut Progress Report" in client.get("/").text
