"""Language versions of documents: entered against one version, frozen with their own PDF under the
same symbol, shown to readers of that language at the version's address, found by that language's
stemming, and flagged outdated when the original moves on."""

import io
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from decisions.services import decision_revision_issue
from meetings.services import minutes_circulate, minutes_publish
from publishing.models import PublishedVersion
from publishing.search import search_published
from publishing.services import document_withdraw
from publishing.translations import translation_publish
from tests import factories
from tests.conftest import read_file_response
from tests.pdf_pages import pdf_of

pytestmark = pytest.mark.django_db


def in_language(language: str, url_of) -> str:
    with translation.override(language):
        return url_of()


def french_texts(version) -> dict[str, str]:
    """A French text for every part: "[fr] " before the original's, and French words of our own."""
    texts = {part.key: f"[fr] {part.text}" for part in version.document.translation_parts(version)}
    return texts


@pytest.fixture
def minutes(staff_user):
    minutes = factories.MinutesFactory(summary="The meeting discussed the planning mission.")
    factories.MinutesSectionFactory(minutes=minutes, heading="Universalization", body="Outreach to signatories.")
    factories.ActionPointFactory(meeting=minutes.meeting, text="Circulate the work plan.")
    return minutes


@pytest.fixture
def published_minutes(minutes, staff_user):
    version = minutes_publish(minutes=minutes, by=staff_user)
    version.document = minutes
    return version


def test_a_french_version_is_frozen_under_the_same_symbol_and_number(published_minutes, staff_user, client):
    texts = french_texts(published_minutes)
    texts["summary"] = "Les réunions ont porté sur la mission de planification."
    french = translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)

    assert (french.kind, french.number, french.symbol) == (
        published_minutes.kind,
        published_minutes.number,
        published_minutes.symbol,
    )
    assert french.language == "fr" and french.translation_of == published_minutes
    # The workflow's own lists know only originals: the French version is no "version 2".
    assert list(published_minutes.document.versions.all()) == [published_minutes]

    page = client.get(in_language("fr", published_minutes.get_absolute_url))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Les réunions ont porté sur la mission de planification." in html
    assert "[fr] Universalization" in html and "[fr] Circulate the work plan." in html
    assert "The meeting discussed the planning mission." not in html
    # The English page is unchanged, and lists both languages.
    english = client.get(in_language("en", published_minutes.get_absolute_url)).content.decode()
    assert "The meeting discussed the planning mission." in english
    assert f'href="{french.get_absolute_url()}" hreflang="fr" lang="fr">Français</a>' in english


def test_the_french_pdf_says_its_language(published_minutes, staff_user, client, render_pdfs, committed):
    with committed():
        french = translation_publish(
            original=published_minutes, language="fr", texts=french_texts(published_minutes), by=staff_user
        )
    french.refresh_from_db()
    assert french.pdf, "the French version's PDF is rendered by the task"
    pdf = pikepdf.open(io.BytesIO(pdf_of(client, french)))
    assert str(pdf.Root.Lang) == "fr"
    assert french.pdf_sha256 != PublishedVersion.objects.get(pk=published_minutes.pk).pdf_sha256


def test_a_french_draft_prints_its_page_furniture_in_french(minutes, staff_user, friend_client, render_pdfs, committed):
    with committed():
        draft = minutes_circulate(minutes=minutes, by=staff_user)
    draft.document = minutes
    with committed():
        french = translation_publish(original=draft, language="fr", texts=french_texts(draft), by=staff_user)
    french.refresh_from_db()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_of(friend_client, french))).pages)
    assert "Page 1 sur 1" in text and "PROJET" in text
    assert "Page 1 of" not in text and "DRAFT" not in text


def test_french_search_finds_an_inflected_word_and_says_the_language(published_minutes, staff_user):
    texts = french_texts(published_minutes)
    texts["summary"] = "La réunion a examiné le plan de travail des coordonnateurs."
    translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)

    hits = search_published("réunions", language="fr")
    assert [hit.language for hit in hits] == ["fr"]
    # French stemming on French text, whoever asks: "coordonnateur" finds "coordonnateurs" (both
    # "coordon"), which English stemming would not (it keeps "coordonnateur").
    assert [hit.language for hit in search_published("coordonnateur", language="en")] == ["fr"]
    # And a French reader still finds the English original by an English inflected word.
    assert [hit.language for hit in search_published("discussing", language="fr")] == ["en"]


def test_a_search_hit_line_names_its_language_version_and_date_in_the_readers_language(
    published_minutes, staff_user, client
):
    texts = french_texts(published_minutes)
    texts["summary"] = "La réunion a examiné la mission de planification."
    french = translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    date = published_minutes.created_at.astimezone(timezone.get_current_timezone()).date()
    french_date = f"{date.day} {['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][date.month - 1]} {date.year}"

    # The same hits for an English reader first: what is kept of a date or an address in one language
    # never shows in another's page.
    english_page = client.get(in_language("en", lambda: reverse("search")), {"q": "mission"}).text
    assert date_format(date, "DATE_FORMAT") in english_page and french_date not in english_page
    page = client.get(in_language("fr", lambda: reverse("search")), {"q": "mission"}).text
    lines = re.findall(
        r'<li>\s*<a href="([^"]+)" lang="(\w+)" hreflang="\w+">[^<]+</a> '
        r'<span class="hit-language" lang="\2">\((\w+)\)</span>, ([^<]+?)\s*<p',
        page,
    )
    # Each version at its own language's address, named in its own language; the rest in French.
    assert sorted(lines) == sorted(
        [
            (french.get_url_in_its_language(), "fr", "Français", f"version 1, {french_date}"),
            (published_minutes.get_url_in_its_language(), "en", "English", f"version 1, {french_date}"),
        ]
    )
    assert french.get_url_in_its_language().startswith("/fr/")
    assert not published_minutes.get_url_in_its_language().startswith("/fr/")


def test_the_french_feed_gives_the_french_version(published_minutes, staff_user, client):
    texts = french_texts(published_minutes)
    texts["meeting-title"] = "Réunion des Amis du Président"
    french = translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    feed = client.get(in_language("fr", lambda: reverse("feed"))).content.decode()
    assert "Réunion des Amis du Président" in feed and french.get_absolute_url() in feed
    english_feed = client.get(in_language("en", lambda: reverse("feed"))).content.decode()
    assert "Réunion des Amis du Président" not in english_feed


def test_the_french_home_page_lists_the_french_version(published_minutes, staff_user, client, committed):
    texts = french_texts(published_minutes) | {"meeting-title": "Réunion des Amis du Président"}
    with committed():
        french = translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    home = client.get(in_language("fr", lambda: reverse("home"))).content.decode()
    assert f'<a href="{french.get_absolute_url()}" lang="fr">{french.title}</a>' in home
    assert (
        "Réunion des Amis du Président" not in client.get(in_language("es", lambda: reverse("home"))).content.decode()
    )


def test_the_french_meeting_page_words_action_points_as_the_french_minutes_do(published_minutes, staff_user, client):
    texts = french_texts(published_minutes)
    key = next(key for key in texts if key.startswith("action-point-"))
    texts[key] = "Diffuser le plan de travail."
    translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    meeting = published_minutes.document.meeting
    french = client.get(in_language("fr", meeting.get_absolute_url)).content.decode()
    assert '<span lang="fr">Diffuser le plan de travail.</span>' in french
    spanish = client.get(in_language("es", meeting.get_absolute_url)).content.decode()
    assert "Circulate the work plan." in spanish and "Diffuser" not in spanish


def test_a_missing_language_shows_the_original_with_a_note(published_minutes, client):
    page = client.get(in_language("es", published_minutes.get_absolute_url)).content.decode()
    assert "The meeting discussed the planning mission." in page
    assert 'class="notice language-missing"' in page
    assert '<div lang="en">' in page  # the original's text is marked as English inside a Spanish page


def test_a_translation_is_outdated_once_the_original_has_a_newer_version(published_minutes, staff_user, client):
    translation_publish(original=published_minutes, language="fr", texts=french_texts(published_minutes), by=staff_user)
    minutes = published_minutes.document
    minutes.summary = "A corrected summary."
    minutes.save()
    newer = minutes_publish(minutes=minutes, by=staff_user)

    old_french = client.get(
        in_language(
            "fr", lambda: reverse("meetings:minutes_version", kwargs={"slug": minutes.meeting.slug, "number": 1})
        )
    ).content.decode()
    assert 'class="notice outdated"' in old_french
    current = client.get(in_language("fr", minutes.get_absolute_url)).content.decode()
    assert "A corrected summary." in current and 'class="notice language-missing"' in current
    assert (
        in_language(
            "fr", lambda: reverse("meetings:minutes_version", kwargs={"slug": minutes.meeting.slug, "number": 1})
        )
        in current
    )  # the earlier French version is offered
    assert newer.number == 2


def test_every_part_must_be_translated_and_only_from_an_original(published_minutes, staff_user):
    texts = french_texts(published_minutes)
    texts["summary"] = "   "
    with pytest.raises(ValidationError, match="Summary"), translation.override("en"):
        translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    french = translation_publish(
        original=published_minutes, language="fr", texts=french_texts(published_minutes), by=staff_user
    )
    with pytest.raises(ValidationError):
        translation_publish(original=french, language="es", texts=french_texts(published_minutes), by=staff_user)
    with pytest.raises(ValidationError):
        translation_publish(original=published_minutes, language="en", texts={}, by=staff_user)
    assert PublishedVersion.in_all_languages.filter(translation_of=published_minutes).count() == 1


def test_markup_the_page_would_not_show_is_refused_naming_the_part(published_minutes, staff_user):
    texts = french_texts(published_minutes)
    texts["summary"] = 'Résumé <script>alert("x")</script>'
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    assert "Summary" in " ".join(refused.value.messages)
    assert not PublishedVersion.in_all_languages.filter(translation_of=published_minutes).exists()


def test_a_corrected_translation_supersedes_the_earlier_one(published_minutes, staff_user, client):
    first = translation_publish(
        original=published_minutes, language="fr", texts=french_texts(published_minutes), by=staff_user
    )
    texts = french_texts(published_minutes)
    texts["summary"] = "Résumé corrigé."
    translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    first.refresh_from_db()
    assert first.superseded_at is not None
    page = client.get(in_language("fr", published_minutes.get_absolute_url)).content.decode()
    assert "Résumé corrigé." in page


def test_a_translated_draft_is_for_friends_only_and_a_withdrawal_takes_every_language(
    minutes, staff_user, client, friend_client
):
    draft = minutes_circulate(minutes=minutes, by=staff_user)
    draft.document = minutes
    french = translation_publish(original=draft, language="fr", texts=french_texts(draft), by=staff_user)
    assert french.kind == PublishedVersion.Kind.CIRCULATED and french.marked_draft
    url = in_language("fr", draft.get_absolute_url)
    assert client.get(url).status_code == 404
    page = friend_client.get(url).content.decode()
    assert "[fr] Universalization" in page
    # Friends comment from the French text too: on the same sections, by the original's keys.
    english = friend_client.get(in_language("en", draft.get_absolute_url)).content.decode()
    assert page.count('class="comment-link"') == english.count('class="comment-link"') >= 3
    assert search_published("Universalization", language="fr") == []

    published = minutes_publish(minutes=minutes, by=staff_user)
    published.document = minutes
    translation_publish(original=published, language="fr", texts=french_texts(published), by=staff_user)
    document_withdraw(document=minutes, by=staff_user, reason="Wrong meeting.")
    assert not PublishedVersion.in_all_languages.filter(withdrawn_at__isnull=True).exists()
    assert "[fr] Universalization" not in client.get(in_language("fr", published.get_absolute_url)).content.decode()


# ---------------------------------------------------------------- decisions: keys shared across languages

DECISION_TEXT = """1. Decides that the work programme continues.
2. Further decides:
   a) to hold an intersessional meeting;
   b) to report to the Third Meeting.
"""

FRENCH_TEXT = """1. Décide que le programme de travail se poursuit.
2. Décide en outre :
   a) de tenir une réunion intersessions ;
   b) de faire rapport à la troisième Assemblée.
"""


@pytest.fixture
def decision_version(staff_user):
    from decisions.importing import decision_text_read
    from decisions.services import decision_paragraphs_replace

    decision = factories.DecisionFactory(title="Work programme", symbol="CCM/MSP/2011/WP.9")
    decision_paragraphs_replace(decision=decision, imported=decision_text_read(DECISION_TEXT), by=staff_user)
    revision = decision_revision_issue(decision=decision, by=staff_user, publish=True)
    version = revision.version
    version.document = decision
    return version


def test_a_decision_translation_is_read_from_a_file_numbered_as_the_original(decision_version, staff_user, client):
    decision = decision_version.document
    texts = decision.translation_texts_from_file(decision_version, name="fr.txt", content=FRENCH_TEXT.encode())
    keys = [part.key for part in decision.translation_parts(decision_version) if part.key not in ("title",)]
    assert set(texts) == set(keys)
    texts["title"] = "Programme de travail"
    french = translation_publish(original=decision_version, language="fr", texts=texts, by=staff_user)
    assert french.title == "CCM/MSP/2011/WP.9: Programme de travail"

    page = client.get(in_language("fr", decision_version.get_absolute_url)).content.decode()
    assert "de tenir une réunion intersessions" in page
    # The same paragraph keys (anchors) as the English text: comments and redlines follow them.
    english = client.get(in_language("en", decision_version.get_absolute_url)).content.decode()
    for key in keys:
        assert f'id="p-{key}"' in page and f'id="p-{key}"' in english


def test_a_file_shaped_differently_from_the_original_is_refused_saying_where(decision_version):
    decision = decision_version.document
    three_items = FRENCH_TEXT + "   c) de publier le rapport.\n"
    with pytest.raises(ValidationError) as refused:
        decision.translation_texts_from_file(decision_version, name="fr.txt", content=three_items.encode())
    assert "under 2." in " ".join(refused.value.messages) and "3" in " ".join(refused.value.messages)


def test_staff_translate_from_the_admin(decision_version, staff_client):
    decision = decision_version.document
    url = reverse(
        "admin:decisions_decision_translate",
        kwargs={
            "object_id": decision.pk,
            "kind": decision_version.kind,
            "number": decision_version.number,
            "language": "es",
        },
    )
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {field.html_name: f"[es] {part.text}" for part, field, _changed in form.rows()}
    data["publish"] = "1"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    spanish = PublishedVersion.in_all_languages.get(translation_of=decision_version, language="es")
    assert spanish.title.endswith("[es] Work programme")
    change = staff_client.get(reverse("admin:decisions_decision_change", args=[decision.pk])).content.decode()
    assert f'<a href="{url}">correct Spanish</a>' in change


def test_the_translate_page_is_staff_only(decision_version, friend_client):
    url = reverse(
        "admin:decisions_decision_translate",
        kwargs={"object_id": decision_version.object_id, "kind": "published", "number": 1, "language": "fr"},
    )
    assert friend_client.get(url).status_code == 302  # to the admin's sign-in


def test_a_redline_compares_the_french_versions_of_two_rounds(decision_version, staff_user, client, committed):
    from decisions.importing import decision_text_read
    from decisions.services import decision_paragraphs_replace

    decision = decision_version.document
    texts = decision.translation_texts_from_file(decision_version, name="fr.txt", content=FRENCH_TEXT.encode())
    translation_publish(original=decision_version, language="fr", texts=texts | {"title": "Programme"}, by=staff_user)
    redline_url = in_language("fr", lambda: reverse("decisions:redline", kwargs={"slug": decision.slug}))
    # Only the first round is in French: the comparison is in English, and says so.
    decision_paragraphs_replace(
        decision=decision, imported=decision_text_read(DECISION_TEXT.replace("Third", "Fourth")), by=staff_user
    )
    second = decision_revision_issue(decision=decision, by=staff_user, publish=True).version
    second.document = decision
    page = client.get(redline_url).content.decode()
    assert 'class="notice language-missing"' in page and "Fourth" in page

    second_texts = decision.translation_texts_from_file(
        second, name="fr.txt", content=FRENCH_TEXT.replace("troisième", "quatrième").encode()
    )
    with committed():  # the stored redline page is dropped once the French version is in
        translation_publish(original=second, language="fr", texts=second_texts | {"title": "Programme"}, by=staff_user)
    page = client.get(redline_url).content.decode()
    assert 'class="notice language-missing"' not in page
    assert "<del>troisième</del>" in page and "<ins>quatrième</ins>" in page


def test_only_the_current_version_of_a_live_document_is_translated(published_minutes, staff_user, staff_client):
    minutes = published_minutes.document
    minutes.summary = "A corrected summary."
    minutes.save()
    minutes_publish(minutes=minutes, by=staff_user)
    published_minutes.refresh_from_db()
    published_minutes.document = minutes
    # Version 1 is superseded: rendered now, it would show today's records as its text.
    with pytest.raises(ValidationError, match="superseded"), translation.override("en"):
        translation_publish(
            original=published_minutes, language="fr", texts=french_texts(published_minutes), by=staff_user
        )

    def translate_url(number, language):
        kwargs = {"object_id": minutes.pk, "kind": "published", "number": number, "language": language}
        return reverse("admin:meetings_minutes_translate", kwargs=kwargs)

    assert staff_client.get(translate_url(1, "fr")).status_code == 404
    assert staff_client.get(translate_url(2, "en")).status_code == 404  # the original's own language
    assert staff_client.get(translate_url(2, "de")).status_code == 404
    assert staff_client.get(translate_url(2, "fr")).status_code == 200

    current = minutes.versions.get(number=2)
    current.document = minutes
    document_withdraw(document=minutes, by=staff_user, reason="Wrong meeting.")
    current.refresh_from_db()
    with pytest.raises(ValidationError):
        translation_publish(original=current, language="fr", texts=french_texts(current), by=staff_user)
    assert not PublishedVersion.in_all_languages.filter(translation_of__isnull=False).exists()


def test_the_next_translation_starts_from_the_parts_whose_original_is_unchanged(
    published_minutes, staff_user, staff_client
):
    translation_publish(original=published_minutes, language="fr", texts=french_texts(published_minutes), by=staff_user)
    minutes = published_minutes.document
    minutes.summary = "A corrected summary."
    minutes.save()
    newer = minutes_publish(minutes=minutes, by=staff_user)
    url = reverse(
        "admin:meetings_minutes_translate",
        kwargs={"object_id": minutes.pk, "kind": "published", "number": newer.number, "language": "fr"},
    )
    rows = {part.key: (field.value(), changed) for part, field, changed in staff_client.get(url).context["form"].rows()}
    assert rows["summary"] == (None, True)  # its original changed: to translate again, and flagged
    section_key = str(minutes.sections.get().key)
    assert rows[section_key] == ("[fr] Outreach to signatories.", False)  # unchanged: kept


def test_a_pdf_says_its_own_language_and_a_malformed_admin_address_is_a_404(
    published_minutes, staff_client, client, render_pdfs, committed
):
    with committed():
        from publishing.services import version_render_pdf

        version_render_pdf(version=published_minutes)
    # No Spanish version: the English PDF, which says it is English.
    response = client.get(in_language("es", published_minutes.get_pdf_url))
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert read_file_response(response).startswith(b"%PDF")
    assert staff_client.get("/admin/meetings/minutes/abc/translate/published-1/fr/").status_code == 404


def test_search_ignores_accents_in_every_language(published_minutes, staff_user):
    texts = french_texts(published_minutes) | {"summary": "La réunion a examiné le programme."}
    translation_publish(original=published_minutes, language="fr", texts=texts, by=staff_user)
    assert [hit.language for hit in search_published("reunion", language="fr")] == ["fr"]
    assert [hit.language for hit in search_published("REUNIONS examine", language="en")] == ["fr"]
