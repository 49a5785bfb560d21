"""Every page on a phone: the URL × role matrix of the security suite, loaded in Chromium emulating a phone.

Each page of tests/test_security.py's RULES is opened as each of its personas (and as the coordinator
of another group, who meets the editors' 403) at 390 px, then measured again at 360 px. A page fails
when the document is wider than the screen (the reader would scroll sideways), naming the page, the
role and the element reaching furthest right; or when a control a thumb must hit (a button, a field,
a navigation link) is less than 44 px high. One browser context and one page serve the whole module:
each persona's session cookie is put into it in turn. Screenshots at phone size go to
test-artifacts/screenshots/phone/.

axe runs on the main pages at phone and desktop sizes, signed out and signed in.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from core.languages import path_in_language
from tests.browser.conftest import SCREENSHOTS
from tests.test_security import EDITORS, PERSONAS, POST_ONLY, RULES, build_site, url_for
from tests.urlconf import project_routes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15's screen in CSS pixels
NARROW_PHONE = {"width": 360, "height": 780}  # the narrowest common Android screen
DESKTOP = {"width": 1280, "height": 800}
TOUCH_TARGET = 44  # px: WCAG 2.5.5 and both platforms' guidelines

# The security suite's personas, and the coordinator of another group, who may edit their own
# group's page but meets the 403 on this one (tests/test_security.py's GROUP).
BROWSER_PERSONAS = [*PERSONAS, "coordinator_b"]
USERNAMES = {
    "stranger": "stranger",
    "friend": "friend",
    "coordinator": "coordinator",
    "coordinator_b": "coordinator-japan",  # demo/accounts.py: Japan coordinates Universalization
    "staff": "clerk",
}

# Files, feeds, calendars and JSON: read by programs, not laid out on a screen. The others with a dot
# in their last segment (.pdf, .ics, .csv...) are recognised by it.
NOT_PAGES = {"healthz", "workgroups:document_download", "meetings:meeting_document", "opendata:token_revoke"}
PAGES = [
    route.name
    for route in project_routes()
    # A URL without a rule yet fails tests/test_security.py's test_every_url_has_a_rule.
    if route.name in RULES
    and route.name not in NOT_PAGES
    and RULES[route.name][1] is not POST_ONLY  # sign-out: a button, no page
    and "." not in route.path.rstrip("/").rsplit("/", 1)[-1]
    # The API's answers are JSON (and YAML) for programs, not pages; its documentation page is one.
    and not (route.name.startswith("api:") and route.name != "api:docs")
]

# The document wider than the screen, and the element reaching furthest right (the deepest of equals).
OVERFLOW = """(screenWidth) => {
  const width = Math.min(window.innerWidth, screenWidth);
  const scrollWidth = document.scrollingElement.scrollWidth;
  if (scrollWidth <= width) return null;
  let widest = null, right = width;
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right >= right) { right = box.right; widest = element; }
  }
  const name = widest ? widest.tagName.toLowerCase() + (widest.id ? '#' + widest.id : '')
    + [...widest.classList].map(c => '.' + c).join('') : 'nothing';
  const text = widest ? (widest.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60) : '';
  return `${scrollWidth} px wide: ${name} "${text}" reaches ${Math.round(right)} px`;
}"""

# Controls a thumb must hit: buttons, fields, and links that stand alone in a navigation.
SMALL_TARGETS = """(minimum) => {
  const selector = 'button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), '
    + '.btn, .site-header nav a, .language-switcher a, main nav > a';
  return [...document.querySelectorAll(selector)]
    .filter(element => element.getClientRects().length > 0)
    .filter(element => element.getBoundingClientRect().height < minimum - 0.5)
    .map(element => `${element.tagName.toLowerCase()} "${(element.textContent || element.name || '').trim().slice(0, 30)}" `
      + `${Math.round(element.getBoundingClientRect().height)} px high`);
}"""


@pytest.fixture(scope="module")
def phone(browser, live_server):
    """One phone-sized page for the module: a touch screen, its meta viewport honoured."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_site(transactional_db, live_server, django_user_model):
    """The security suite's site, built in the live server's database (its PDFs left unrendered: files
    are not laid out on a screen), with the security suite's two extra accounts. Built, not restored from
    the session's snapshot: after a committing test's flush, content types have new ids its rows do not name."""
    site = build_site()
    django_user_model.objects.create_user("stranger", "s@example.org", "not-used")
    django_user_model.objects.create_user("clerk", "clerk@example.org", "not-used", is_staff=True)
    return site


def sign_in_as(page, persona: str, *, server_url: str, user_model) -> None:
    """Give the page's context the persona's session (no cookie at all for the anonymous visitor)."""
    page.context.clear_cookies()
    if persona == "anonymous":
        return
    client = Client()
    client.force_login(user_model.objects.get(username=USERNAMES[persona]))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server_url}])


def expected_status(name: str, persona: str) -> int:
    _kwargs, expected = RULES[name]
    if persona == "coordinator_b":
        return 403 if expected is EDITORS else expected["coordinator"]
    return expected[persona]


def screenshot_path(persona: str, name: str):
    folder = SCREENSHOTS / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{persona}-{name.replace(':', '-')}.png"


def layout_problems(page) -> list[str]:
    """The open page measured at 390 then 360 px (no reload: the layout follows the viewport), and its
    touch targets at 390 px; left at 390 px."""
    problems = []
    for viewport in (PHONE, NARROW_PHONE):
        page.set_viewport_size(viewport)
        overflow = page.evaluate(OVERFLOW, viewport["width"])
        if overflow:
            problems.append(f" at {viewport['width']} px: {overflow}")
    page.set_viewport_size(PHONE)
    small = page.evaluate(SMALL_TARGETS, TOUCH_TARGET)
    if small:
        problems.append(f": touch targets under {TOUCH_TARGET} px: {small}")
    return problems


@pytest.mark.parametrize("persona", BROWSER_PERSONAS)
def test_every_page_fits_a_phone_screen(phone, live_site, live_server, persona, django_user_model):
    sign_in_as(phone, persona, server_url=live_server.url, user_model=django_user_model)
    problems = []
    for name in PAGES:
        kwargs, _expected = RULES[name]
        url = url_for(name, kwargs, live_site)
        phone.set_viewport_size(PHONE)
        response = phone.goto(url)
        # The page measured is the page asked for (not a sign-in page it was sent to), except where
        # the rules say the persona is redirected.
        status = 302 if response.request.redirected_from else response.status
        if status != expected_status(name, persona):
            problems.append(f"{name} ({url}): status {status}, expected {expected_status(name, persona)}")
        problems.extend(f"{name} ({url}){problem}" for problem in layout_problems(phone))
        # A picture of each page with each answer it gives: kept by the first persona (in the list's
        # order) to get that answer, so a page that is the same for everyone is taken once.
        earlier = BROWSER_PERSONAS[: BROWSER_PERSONAS.index(persona)]
        if expected_status(name, persona) not in {expected_status(name, other) for other in earlier}:
            phone.screenshot(path=str(screenshot_path(persona, name)), full_page=True)
    assert problems == [], f"as {persona}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_public_page_fits_a_phone_screen_in_french_and_spanish(phone, live_site, live_server, language):
    """French and Spanish words run longer than English ones: the pages anyone may read, in each."""
    phone.context.clear_cookies()
    problems = []
    for name in PAGES:
        kwargs, expected = RULES[name]
        address = path_in_language(url_for(name, kwargs, live_site), language)
        if expected["anonymous"] != 200 or address is None:
            continue
        phone.goto(address)
        problems.extend(f"{name} ({address}){problem}" for problem in layout_problems(phone))
    assert problems == [], language


# The main pages: what a visitor reads, and what a coordinator works in (their editor, another group's 403).
MAIN_PAGES = [
    "home",
    "meetings:meeting_list",
    "meetings:calendar_month",
    "meetings:minutes",
    "decisions:decision",
    "workgroups:group_detail",
    "search",
    "login",
]
SIGNED_IN_PAGES = [
    "workspace:my_groups",
    "workspace:page_edit",
    "meetings:action_point_tracker",
    "contacts:directory",
    "meetings:minutes_draft",
    "decisions:comment_list",
]


@pytest.mark.parametrize(
    ("persona", "names"),
    [("anonymous", MAIN_PAGES), ("coordinator", SIGNED_IN_PAGES), ("coordinator_b", ["workspace:page_edit"])],
)
def test_main_pages_have_no_serious_accessibility_violations_on_a_phone_or_a_desktop(
    phone, live_site, live_server, persona, names, django_user_model
):
    sign_in_as(phone, persona, server_url=live_server.url, user_model=django_user_model)
    axe = Axe()
    serious = []
    for name in names:
        kwargs, _expected = RULES[name]
        url = url_for(name, kwargs, live_site)
        for viewport in (PHONE, DESKTOP):
            phone.set_viewport_size(viewport)
            phone.goto(url)
            for violation in axe.run(phone).response["violations"]:
                if violation["impact"] in {"serious", "critical"}:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    serious.append((url, viewport["width"], violation["id"], targets))
    phone.set_viewport_size(PHONE)
    assert serious == [], persona


def test_a_page_prints_without_navigation_or_search_box(phone, live_site, live_server, django_user_model):
    sign_in_as(phone, "coordinator", server_url=live_server.url, user_model=django_user_model)
    phone.set_viewport_size(DESKTOP)
    phone.goto(url_for("meetings:minutes", RULES["meetings:minutes"][0], live_site))
    phone.emulate_media(media="print")
    try:
        for hidden in ("header nav[aria-label='Main']", ".site-search", ".language-switcher", ".skip-link"):
            assert not phone.locator(hidden).is_visible(), hidden
        assert phone.get_by_role("heading", level=1).is_visible()
        assert phone.locator(".site-name").is_visible()  # the page still says whose it is
        # A link off the site shows its address on paper; one within the portal does not.
        addresses = phone.evaluate("""() => {
          const outside = Object.assign(document.createElement('a'), {href: 'https://www.clusterconvention.org/'});
          const inside = Object.assign(document.createElement('a'), {href: '/meetings/'});
          document.querySelector('main').append(outside, inside);
          return [outside, inside].map(link => getComputedStyle(link, '::after').content);
        }""")
        assert addresses == ['" <https://www.clusterconvention.org/>"', "none"]
    finally:
        phone.emulate_media(media="screen")
        phone.set_viewport_size(PHONE)


def test_the_calendar_is_a_list_of_the_days_with_meetings_on_a_phone(phone, live_site):
    phone.context.clear_cookies()
    phone.set_viewport_size(PHONE)
    phone.goto("/meetings/calendar/2010/11/")  # the 1MSP (9-12 November) and a Friends meeting (30 November)
    assert not phone.locator(".calendar thead").is_visible()  # no weekday headers to overlap
    days = phone.locator(".calendar td").filter(visible=True)
    assert [day.locator(".weekday-date").inner_text() for day in days.all()] == [
        "Tuesday 9 November",
        "Wednesday 10 November",
        "Thursday 11 November",
        "Friday 12 November",
        "Tuesday 30 November",
    ]
    assert not phone.locator(".calendar-empty").is_visible()
    phone.goto("/meetings/calendar/2010/10/")
    assert phone.locator(".calendar-empty").is_visible()  # an empty list says so
    # On a desktop the same page is the month's grid.
    phone.set_viewport_size(DESKTOP)
    assert phone.locator(".calendar thead").is_visible()
    assert phone.locator(".calendar td").filter(visible=True).count() == 5 * 7
    assert not phone.locator(".calendar-empty").is_visible()
    phone.set_viewport_size(PHONE)
