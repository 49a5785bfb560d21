"""Who may open which workspace page: every URL, every persona, the exact status."""

import datetime

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.edit_conflicts import current_revision
from meetings.models import ActionPoint
from tests import factories
from tests.conftest import CURRENT_TERM, account_for, signed_in_client
from tests.sample_files import PDF_BYTES
from workgroups.access import standing_of
from workgroups.models import GroupDocument, GroupPageTranslation, GroupUpdate, WorkingGroup

PERSONAS = ["anonymous", "friend", "coordinator_a", "coordinator_b", "former_coordinator", "staff"]


@pytest.fixture
def clients(client, friend_user, coordinator_a_user, coordinator_b_user, former_coordinator_user, django_user_model):
    # Staff without superuser powers: the right to edit comes from the rules, not from a bypass.
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", "not-used", is_staff=True)
    return {
        "anonymous": client,
        "friend": signed_in_client(friend_user),
        "coordinator_a": signed_in_client(coordinator_a_user),
        "coordinator_b": signed_in_client(coordinator_b_user),
        "former_coordinator": signed_in_client(former_coordinator_user),
        "staff": signed_in_client(clerk),
    }


@pytest.fixture
def pages(group_a, group_b):
    """Group A's update and document, and group B's, for URLs that name one."""
    return {
        "a_update": factories.GroupUpdateFactory(group=group_a),
        "a_document": factories.GroupDocumentFactory(group=group_a),
        "b_update": factories.GroupUpdateFactory(group=group_b),
        "b_document": factories.GroupDocumentFactory(group=group_b),
    }


LOGIN = 302
EDITORS_OF_A = {"anonymous": LOGIN, "friend": 403, "coordinator_a": 200, "coordinator_b": 403}
EDITORS_OF_A |= {"former_coordinator": 403, "staff": 200}
EVERYONE_SIGNED_IN = {persona: 200 for persona in PERSONAS} | {"anonymous": LOGIN}
STAFF_ONLY = {persona: 403 for persona in PERSONAS} | {"anonymous": LOGIN, "staff": 200}
PUBLIC = {persona: 200 for persona in PERSONAS}
# Group A's URL with group B's object: those who may edit A find nothing there.
FORGED = EDITORS_OF_A | {"coordinator_a": 404, "staff": 404}
MISSING_GROUP = {persona: 404 for persona in PERSONAS}

# url name, kwargs (placeholders filled from `pages`), expected status per persona
MATRIX = [
    ("workspace:my_groups", {}, EVERYONE_SIGNED_IN),
    ("workgroups:group_detail", {"slug": "victim-assistance"}, PUBLIC),
    ("workgroups:document_download", {"slug": "victim-assistance", "pk": "a_document"}, PUBLIC),
    ("workspace:page_edit", {"slug": "victim-assistance"}, EDITORS_OF_A),
    ("workspace:page_translate", {"slug": "victim-assistance", "language": "fr"}, EDITORS_OF_A),
    ("workspace:update_create", {"slug": "victim-assistance"}, EDITORS_OF_A),
    ("workspace:update_edit", {"slug": "victim-assistance", "pk": "a_update"}, EDITORS_OF_A),
    ("workspace:update_delete", {"slug": "victim-assistance", "pk": "a_update"}, EDITORS_OF_A),
    ("workspace:document_upload", {"slug": "victim-assistance"}, EDITORS_OF_A),
    ("workspace:document_delete", {"slug": "victim-assistance", "pk": "a_document"}, EDITORS_OF_A),
    ("workspace:action_points", {"slug": "victim-assistance"}, EDITORS_OF_A),
    ("workspace:group_history", {"slug": "victim-assistance"}, STAFF_ONLY),
    ("workspace:update_edit", {"slug": "victim-assistance", "pk": "b_update"}, FORGED),
    ("workspace:update_delete", {"slug": "victim-assistance", "pk": "b_update"}, FORGED),
    ("workspace:document_delete", {"slug": "victim-assistance", "pk": "b_document"}, FORGED),
    ("workgroups:document_download", {"slug": "victim-assistance", "pk": "b_document"}, MISSING_GROUP),
    ("workspace:page_edit", {"slug": "no-such-group"}, MISSING_GROUP),
    ("password_change", {}, EVERYONE_SIGNED_IN),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_workspace_status_per_persona(clients, pages, persona, name, kwargs, expected):
    url = reverse(name, kwargs={key: pages[value].pk if value in pages else value for key, value in kwargs.items()})
    response = clients[persona].get(url)
    response.close()  # downloads are streamed from an open file
    assert response.status_code == expected[persona], f"{persona} GET {url}"
    if response.status_code == LOGIN:
        assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def posts(pages, group_a):
    """What each workspace form of group A posts: a valid write for whoever holds the right.

    Callables, so the revision is read and the upload made at the moment of the post.
    """
    a_update, a_document = pages["a_update"], pages["a_document"]
    point = factories.ActionPointFactory(group=group_a)
    group_a.overview = "The group's own overview."
    group_a.save()  # a second revision, so restoring the first one would change the page
    first_revision = group_a.history.order_by("history_id").first().history_id
    slug = group_a.slug
    return {
        "page_edit": lambda: (
            reverse("workspace:page_edit", args=[slug]),
            {"overview": "Hijacked", "mandate": "", "work_plan": "", "revision": current_revision(group_a)},
        ),
        "page_translate": lambda: (
            reverse("workspace:page_translate", args=[slug, "es"]),
            {"name": "Secuestrado", "overview": "", "mandate": "", "work_plan": "", "revision": 0},
        ),
        "update_create": lambda: (
            reverse("workspace:update_create", args=[slug]),
            {"title": "Hijacked", "body": "x", "revision": 0},
        ),
        "update_edit": lambda: (
            reverse("workspace:update_edit", args=[slug, a_update.pk]),
            {"title": "Hijacked", "body": "x", "revision": current_revision(a_update)},
        ),
        "update_delete": lambda: (reverse("workspace:update_delete", args=[slug, a_update.pk]), {}),
        "document_upload": lambda: (
            reverse("workspace:document_upload", args=[slug]),
            {"title": "Hijacked", "file": SimpleUploadedFile("hijacked.pdf", PDF_BYTES)},
        ),
        "document_delete": lambda: (reverse("workspace:document_delete", args=[slug, a_document.pk]), {}),
        "action_points": lambda: (
            reverse("workspace:action_points", args=[slug]),
            {
                "points-TOTAL_FORMS": 1,
                "points-INITIAL_FORMS": 1,
                "points-0-id": point.pk,
                "points-0-status": ActionPoint.Status.DONE,
            },
        ),
        "group_history": lambda: (reverse("workspace:group_history", args=[slug]), {"history_id": first_revision}),
    }


def stored_state() -> dict:
    """Every row a workspace post could write: group pages, updates, documents, action points, their histories."""
    tracked = [WorkingGroup, GroupPageTranslation, GroupUpdate, GroupDocument, ActionPoint]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in tracked} | {
        f"{model._meta.label} history": model.history.count() for model in tracked
    }


# Who may post each form (README: anonymous visitors get the sign-in page, signed-in users without the right 403).
MAY_POST = {name: "coordinator_a" for name in ("page_edit", "page_translate", "update_create", "update_edit")}
MAY_POST["update_delete"] = "coordinator_a"
MAY_POST |= {name: "coordinator_a" for name in ("document_upload", "document_delete", "action_points")}
MAY_POST["group_history"] = "staff"  # restoring a revision: staff only
REFUSED_POSTS = [
    (name, persona)
    for name, allowed in MAY_POST.items()
    for persona in PERSONAS
    if persona != allowed and not (persona == "staff" and allowed == "coordinator_a")  # staff may edit every group
]


@pytest.mark.parametrize(
    ("post", "persona"), REFUSED_POSTS, ids=[f"{post}-{persona}" for post, persona in REFUSED_POSTS]
)
def test_posts_from_those_without_the_right_change_nothing(clients, posts, post, persona):
    url, data = posts[post]()
    before = stored_state()
    response = clients[persona].post(url, data)
    if persona == "anonymous":
        assert response.status_code == LOGIN
        assert response["Location"] == redirect_to_login(url).url
    else:
        assert response.status_code == 403
    assert stored_state() == before


@pytest.mark.parametrize(("post", "persona"), MAY_POST.items())
def test_the_same_posts_from_whoever_holds_the_right_go_through(clients, posts, post, persona):
    """The refused posts above are writes that would succeed: it is the persona that is refused."""
    url, data = posts[post]()
    before = stored_state()
    response = clients[persona].post(url, data)
    assert response.status_code == 302
    assert response["Location"] != redirect_to_login(url).url
    assert stored_state() != before


def test_the_right_to_edit_follows_the_term_dates(coordinator_a_user, group_a):
    appointment = group_a.appointments.get()
    one_day = datetime.timedelta(days=1)
    assert standing_of(coordinator_a_user, on=appointment.start_date).may_edit(group_a)
    assert standing_of(coordinator_a_user, on=appointment.end_date).may_edit(group_a)
    assert not standing_of(coordinator_a_user, on=appointment.start_date - one_day).may_edit(group_a)
    assert not standing_of(coordinator_a_user, on=appointment.end_date + one_day).may_edit(group_a)


def test_a_person_appointed_by_name_may_edit_whatever_their_country(contact_list, group_a):
    member = factories.ContactListMemberFactory(entry__edition=contact_list)
    appointment = factories.AppointmentFactory(group=group_a, role="co_coordinator", **CURRENT_TERM)
    appointment.people.add(member.person)
    assert member.person.country != appointment.country
    client = signed_in_client(account_for(member.person, "named"))
    assert client.get(reverse("workspace:page_edit", args=[group_a.slug])).status_code == 200


def test_a_friend_post_does_not_give_editing_rights(contact_list, group_a):
    member = factories.ContactListMemberFactory(entry__edition=contact_list)
    factories.AppointmentFactory(group=group_a, role="friend", country=member.person.country, **CURRENT_TERM)
    client = signed_in_client(account_for(member.person, "friend-of-a"))
    assert client.get(reverse("workspace:page_edit", args=[group_a.slug])).status_code == 403
