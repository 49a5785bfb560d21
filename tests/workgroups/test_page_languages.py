"""A group's page in French and Spanish: written by its coordinators beside the English page, shown to
readers of that language, marked outdated when the English page changes, the English page otherwise."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.edit_conflicts import current_revision
from tests.conftest import signed_in_client
from workgroups.models import GroupPageTranslation

pytestmark = pytest.mark.django_db


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def spanish_form(**changes):
    return {
        "name": "Asistencia a las víctimas",
        "overview": "El grupo se reúne **cada mes**.",
        "mandate": "Apoyar a los Estados partes.",
        "work_plan": "",
        "revision": 0,
    } | changes


@pytest.fixture
def coordinator(coordinator_a_user):
    return signed_in_client(coordinator_a_user)


def test_a_coordinator_writes_the_spanish_page_and_spanish_readers_get_it(client, coordinator, group_a):
    group_a.mandate = "Support States Parties."
    group_a.save()
    edit = url_in("es", "workspace:page_translate", group_a.slug, "es")
    form_page = coordinator.get(edit)
    assert form_page.status_code == 200
    assert "Support States Parties." in form_page.text  # the English original beside the form

    response = coordinator.post(edit, spanish_form())
    assert response.status_code == 302

    spanish = client.get(url_in("es", "workgroups:group_detail", group_a.slug)).text
    assert '<h1 lang="es">Asistencia a las víctimas</h1>' in spanish
    assert "El grupo se reúne <strong>cada mes</strong>." in spanish
    assert 'class="notice outdated"' not in spanish
    english = client.get(url_in("en", "workgroups:group_detail", group_a.slug)).text
    assert "Support States Parties." in english and "Asistencia" not in english
    # No French page yet: the English one, with a note, marked as English.
    french = client.get(url_in("fr", "workgroups:group_detail", group_a.slug)).text
    assert 'class="notice language-missing"' in french and '<div lang="en">' in french


def test_the_translation_is_outdated_once_the_english_page_changes(client, coordinator, group_a):
    coordinator.post(url_in("es", "workspace:page_translate", group_a.slug, "es"), spanish_form())
    group_a.work_plan = "1. A new plan."
    group_a.save()
    spanish = client.get(url_in("es", "workgroups:group_detail", group_a.slug)).text
    assert 'class="notice outdated"' in spanish

    translated = GroupPageTranslation.objects.get(group=group_a, language="es")
    edit = url_in("es", "workspace:page_translate", group_a.slug, "es")
    assert 'class="notice outdated"' in coordinator.get(edit).text
    coordinator.post(edit, spanish_form(work_plan="1. Un plan nuevo.", revision=current_revision(translated)))
    assert 'class="notice outdated"' not in client.get(url_in("es", "workgroups:group_detail", group_a.slug)).text


def test_two_editors_of_one_translation_do_not_overwrite_each_other(coordinator, group_a):
    edit = url_in("es", "workspace:page_translate", group_a.slug, "es")
    coordinator.post(edit, spanish_form())
    opened_at = current_revision(GroupPageTranslation.objects.get(group=group_a, language="es"))
    coordinator.post(edit, spanish_form(overview="Primera edición.", revision=opened_at))
    refused = coordinator.post(edit, spanish_form(overview="Segunda edición.", revision=opened_at))
    assert refused.status_code == 200 and "Segunda edición." in refused.text  # kept for merging
    assert GroupPageTranslation.objects.get(group=group_a, language="es").overview == "Primera edición."


def test_only_french_and_spanish_pages_exist(coordinator, group_a):
    assert coordinator.get(url_in("en", "workspace:page_translate", group_a.slug, "en")).status_code == 404
    assert coordinator.get(url_in("en", "workspace:page_translate", group_a.slug, "de")).status_code == 404


def test_unsafe_markup_in_a_translation_is_refused(coordinator, group_a):
    edit = url_in("es", "workspace:page_translate", group_a.slug, "es")
    response = coordinator.post(edit, spanish_form(overview="<script>alert(1)</script>"))
    assert response.status_code == 200
    assert not GroupPageTranslation.objects.filter(group=group_a).exists()


def test_the_group_page_takes_as_many_queries_in_every_language(client, group_a):
    GroupPageTranslation.objects.create(group=group_a, language="fr", name="Assistance aux victimes")
    counts = {}
    for language in ("en", "fr", "es"):
        url = url_in(language, "workgroups:group_detail", group_a.slug)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[language] = len(queries)
    assert counts["en"] == counts["fr"] == counts["es"]


def test_an_english_change_made_while_translating_leaves_the_translation_outdated(client, coordinator, group_a):
    edit = url_in("es", "workspace:page_translate", group_a.slug, "es")
    opened_beside = coordinator.get(edit).context["form"]["english_revision"].value()
    group_a.mandate = "A mandate changed meanwhile."
    group_a.save()
    coordinator.post(edit, spanish_form(english_revision=opened_beside))
    assert 'class="notice outdated"' in client.get(url_in("es", "workgroups:group_detail", group_a.slug)).text


def test_the_group_list_names_a_group_as_its_page_in_the_readers_language(client, group_a):
    GroupPageTranslation.objects.create(group=group_a, language="es", name="Asistencia a las víctimas")
    assert "Asistencia a las víctimas" in client.get(url_in("es", "workgroups:group_list")).text
    assert "Asistencia a las víctimas" not in client.get(url_in("fr", "workgroups:group_list")).text
