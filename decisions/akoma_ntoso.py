"""A published decision version as Akoma Ntoso 3.0 XML (OASIS LegalDocML), built from what was frozen.

The document type is `<statement name="decision">`: the AKN vocabulary's element for "an official
document of a body that may or may not be normative in structure (e.g., statements, resolutions)",
the element the UN's AKN4UN guidelines use for resolutions and decisions of its deliberative bodies.
A decision of the Meeting of States Parties is such a document: not an act (no legislature enacts
it), not a bill (the adopted text is final), and it has a body of numbered operative paragraphs,
which `<doc>` (for documents without a known structure) would not say.

What is built from what, so that the XML says what was published and never the live draft:

- the paragraphs and their numbers: the round's frozen paragraph tree (decisions.Revision), numbered
  by decisions.numbering as the HTML and the PDF print them ("vii)" continuing under "d)");
  a language version takes each paragraph's text from its frozen translation, by the same keys;
- symbol, title, date, language, DRAFT or not: the frozen PublishedVersion; the heading line, which
  only the frozen HTML keeps, from that HTML;
- the adoption (meeting and date): the decision's record of it, frozen with the adopted text.

Each paragraph's eId is made of its stable key (and its ancestors'), never of its number: a paragraph
keeps its eId when paragraphs are inserted before it and it is renumbered; its <num> changes.
Bulleted sub-paragraphs are <indent>s without <num> (a bullet is no number). Open points of a draft
are marked as the page marks them (decisions.open_points): a blank line (______) is a <fillIn>, the
printed line to be filled in; a bracketed placeholder, left-out dates and a State Party stand-in are
<placeholder>s, text "that can be replaced editorially with an actual value".
"""

import datetime
import re
from dataclasses import dataclass

import lxml.html
from django.utils import timezone, translation
from django.utils.translation import gettext
from lxml import etree

from core.dates import long_date
from core.rich_text import render_markdown
from decisions.numbering import BULLET
from decisions.open_points import mark_open_points
from decisions.revisions import FrozenParagraph, frozen_paragraphs, snapshot
from decisions.translations import CLOSING
from publishing.models import PublicationState, PublishedVersion

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
# The media type registered for Akoma Ntoso documents (OASIS LegalDocML, RFC 6839's +xml suffix, so
# any XML tool reads it as XML); served as that, with charset=utf-8.
AKN_MEDIA_TYPE = "application/akn+xml"

# The naming convention's parts of every FRBR URI (see frbr_uris).
# "un": the code AKN4UN gives UN documents; the Meetings of States Parties are convened by the UN Secretary-General
# (the Convention's article 11), and their documents carry UN-style symbols.
COUNTRY = "un"
DOCUMENT_TYPE = "statement"
SUBTYPE = "decision"
ACTOR = "ccm-msp"  # the Meeting of States Parties to the Convention on Cluster Munitions
# ISO 639-2 three-letter codes, as the naming convention asks ("fra": the terminology code, also ISO 639-3's).
LANGUAGE_CODES = {"en": "eng", "fr": "fra", "es": "spa"}

PORTAL = "ccm-portal"  # the markup's source: the eId of the portal in <references>


@dataclass(frozen=True)
class FrbrUris:
    """The FRBR URIs of one language version of one round of a decision (see frbr_uris)."""

    work: str
    expression: str
    manifestation: str
    number: str
    date: datetime.date
    language: str  # ISO 639-2: eng, fra, spa

    @property
    def work_this(self) -> str:
        return f"{self.work}/!main"

    @property
    def expression_this(self) -> str:
        return f"{self.expression}/!main"

    @property
    def manifestation_this(self) -> str:
        return f"{self.expression}/!main.akn"


def frbr_number(*, symbol: str, slug: str, round_number: int) -> str:
    """The number part of a decision round's FRBR URIs: its document symbol, lower case, every run of
    characters other than letters and digits a hyphen ("CCM/MSP/2011/WP.3/Rev.1" → "ccm-msp-2011-wp-3-rev-1");
    a round without a symbol is named by the decision's slug, and a later round by "-rev-N" after it,
    as a symbol would say /Rev.N."""
    if symbol:
        return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")
    return f"{slug}-rev-{round_number}" if round_number else slug


def frbr_uris(*, symbol: str, slug: str, round_number: int, date: datetime.date, language: str) -> FrbrUris:
    """The FRBR work, expression and manifestation URIs of a decision version, after the Akoma Ntoso
    naming convention (OASIS AKN-NC 1.0): /akn/<country>/<type>/<subtype>/<actor>/<date>/<number>, then
    /<language>@<date> for the expression, then .akn for the manifestation. For example the original
    English round of CCM/MSP/2011/WP.3, issued on 16 September 2011:

        work           /akn/un/statement/decision/ccm-msp/2011-09-16/ccm-msp-2011-wp-3
        expression     /akn/un/statement/decision/ccm-msp/2011-09-16/ccm-msp-2011-wp-3/eng@2011-09-16
        manifestation  /akn/un/statement/decision/ccm-msp/2011-09-16/ccm-msp-2011-wp-3/eng@2011-09-16.akn

    A work is one round of the decision as issued under one symbol, as the UN counts documents:
    the original (CCM/MSP/2011/WP.3), each revision (…/WP.3/Rev.1), and the adopted text under its
    final symbol (CCM/MSP/2011/5, dated the day of adoption) are each a work of their own, dated the
    day they went out (PublishedVersion.document_date); the number is frbr_number's. Its language
    versions (French, Spanish) are expressions of the same work, of the same date.

    `round_number` is the round's decisions.Revision.number (0 for the original), `language` the
    version's language code ("en", "fr", "es").
    """
    number = frbr_number(symbol=symbol, slug=slug, round_number=round_number)
    code = LANGUAGE_CODES.get(language, language)
    work = f"/akn/{COUNTRY}/{DOCUMENT_TYPE}/{SUBTYPE}/{ACTOR}/{date.isoformat()}/{number}"
    expression = f"{work}/{code}@{date.isoformat()}"
    return FrbrUris(
        work=work,
        expression=expression,
        manifestation=f"{expression}.akn",
        number=number,
        date=date,
        language=code,
    )


def version_frbr_uris(version: PublishedVersion, *, slug: str, round_number: int) -> FrbrUris:
    """frbr_uris of a decision's version (an original or a language version)."""
    original = version.translation_of if version.translation_of_id else version
    return frbr_uris(
        symbol=original.symbol,
        slug=slug,
        round_number=round_number,
        date=original.document_date,
        language=version.language,
    )


def decision_version_frbr_uris(version: PublishedVersion) -> FrbrUris:
    """The FRBR URIs a decision version's XML carries, for a caller holding the version (the API, a link):
    reads the decision (`version.document`) and the original's round (`decision_revision`), so load them
    with it (select_related / prefetch) to spare their queries."""
    original = version.translation_of if version.translation_of_id else version
    decision = version.document
    revision = getattr(original, "decision_revision", None)  # none for a version issued before rounds were kept
    round_number = revision.number if revision is not None else decision.revision_number
    return version_frbr_uris(version, slug=decision.slug, round_number=round_number)


# ---------------------------------------------------------------- building the XML


@dataclass
class DecisionVersionSource:
    """What a version's XML is built from (decisions.views.VersionAknView loads it with decisions.selectors)."""

    decision: object  # decisions.Decision, with meeting and adopted_at_meeting
    version: PublishedVersion  # the version shown: an original, or a language version of one
    rounds: list  # the decision's decisions.Revision rows, oldest first, each with its version


def decision_version_akn(source: DecisionVersionSource) -> bytes:
    """The version as an Akoma Ntoso 3.0 document: UTF-8 bytes with an XML declaration."""
    return etree.tostring(decision_version_akn_tree(source), xml_declaration=True, encoding="UTF-8")


def decision_version_akn_tree(source: DecisionVersionSource) -> etree._Element:
    decision, version = source.decision, source.version
    original = version.translation_of if version.translation_of_id else version
    revision = next((revision for revision in source.rounds if revision.version_id == original.pk), None)
    round_number = revision.number if revision is not None else decision.revision_number
    uris = version_frbr_uris(version, slug=decision.slug, round_number=round_number)
    original_uris = version_frbr_uris(original, slug=decision.slug, round_number=round_number)
    # The adopted text, published as the record; its earlier rounds stay drafts.
    adopted = decision.is_adopted and not original.marked_draft
    texts = (version.translated_texts or {}) if version.translation_of_id else {}
    with translation.override(version.language):
        root = _element(None, "akomaNtoso")
        statement = _element(root, "statement", name=SUBTYPE)
        meta = _element(statement, "meta")
        _identification(meta, version=version, uris=uris, original_uris=original_uris)
        _element(
            meta,
            "publication",
            date=_local_date(version.created_at).isoformat(),  # a language version: the day it was published
            name=PORTAL,
            showAs=gettext("CCM portal"),
            number=_version_label(original),
        )
        _lifecycle(meta, original=original, decision=decision, adopted=adopted)
        _references(
            meta,
            decision=decision,
            original=original,
            original_uris=original_uris,
            adopted=adopted,
            earlier=_earlier_round(source.rounds, revision, original),
        )
        _preface(statement, decision=decision, version=version, original=original, adopted=adopted)
        body = _element(statement, "mainBody")
        for paragraph in _frozen_paragraphs(decision, revision):
            if paragraph.parent_id is None:
                _paragraph(body, paragraph, eid_prefix="", bulleted=False, texts=texts, mark_open=original.marked_draft)
    _indent(root)
    return root


# Characters XML 1.0 does not allow (C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF): a text
# pasted from a word processor may carry one (a vertical tab for a line break); they are dropped.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def _element(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    """An AKN element under `parent` (None: the root); `class_` stands for the class attribute."""
    name = f"{{{AKN_NAMESPACE}}}{tag}"
    element = etree.Element(name, nsmap={None: AKN_NAMESPACE}) if parent is None else etree.SubElement(parent, name)
    for attribute, value in attributes.items():
        if value is not None:
            element.set(attribute.rstrip("_"), xml_text(str(value)))
    if text:
        element.text = xml_text(text)
    return element


def _local_date(moment: datetime.datetime) -> datetime.date:
    """The day of a moment where the portal is (TIME_ZONE), as the pages date it."""
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _version_label(version: PublishedVersion) -> str:
    """v3 / draft-2: as the version's own address names it."""
    return f"v{version.number}" if version.kind == PublishedVersion.Kind.PUBLISHED else f"draft-{version.number}"


def _went_out(version: PublishedVersion) -> str:
    return "circulated" if version.kind == PublishedVersion.Kind.CIRCULATED else "published"


def _frozen_paragraphs(decision, revision) -> list[FrozenParagraph]:
    if revision is not None:
        return frozen_paragraphs(revision.paragraphs)
    # A version issued before rounds were recorded: the text as it stands (decisions.translations does the same).
    return frozen_paragraphs(snapshot(list(decision.paragraphs.all())))


def _earlier_round(rounds, revision, original: PublishedVersion):
    """The round this one revises, if this version's readers may read it: a published version names only
    published rounds (a circulated draft is for the Friends, who alone read a circulated version), and no
    version names a withdrawn one."""
    if revision is None:
        return None
    earlier = [
        other
        for other in rounds
        if other.number < revision.number
        and other.version.withdrawn_at is None
        and (original.kind == PublishedVersion.Kind.CIRCULATED or other.version.kind == PublishedVersion.Kind.PUBLISHED)
    ]
    return earlier[-1] if earlier else None


def _identification(meta, *, version: PublishedVersion, uris: FrbrUris, original_uris: FrbrUris) -> None:
    identification = _element(meta, "identification", source=f"#{PORTAL}")
    date = uris.date.isoformat()

    work = _element(identification, "FRBRWork")
    _element(work, "FRBRthis", value=uris.work_this)
    _element(work, "FRBRuri", value=uris.work)
    if version.symbol:
        _element(work, "FRBRalias", value=version.symbol, name="symbol")
    _element(work, "FRBRdate", date=date, name="issued")
    _element(work, "FRBRauthor", href=f"#{ACTOR}")
    _element(work, "FRBRcountry", value=COUNTRY)
    _element(work, "FRBRsubtype", value=SUBTYPE)
    _element(work, "FRBRnumber", value=uris.number)

    expression = _element(identification, "FRBRExpression")
    _element(expression, "FRBRthis", value=uris.expression_this)
    _element(expression, "FRBRuri", value=uris.expression)
    _element(expression, "FRBRdate", date=date, name="issued")
    _element(expression, "FRBRauthor", href=f"#{ACTOR}")
    _element(expression, "FRBRlanguage", language=uris.language)
    if version.translation_of_id:
        # A language version: translated from the original's expression, by the secretariat through the portal.
        _element(
            expression,
            "FRBRtranslation",
            href=original_uris.expression,
            fromLanguage=original_uris.language,
            by=f"#{PORTAL}",
        )

    manifestation = _element(identification, "FRBRManifestation")
    _element(manifestation, "FRBRthis", value=uris.manifestation_this)
    _element(manifestation, "FRBRuri", value=uris.manifestation)
    _element(manifestation, "FRBRdate", date=_local_date(version.created_at).isoformat(), name="generation")
    _element(manifestation, "FRBRauthor", href=f"#{PORTAL}")
    _element(manifestation, "FRBRformat", value=AKN_MEDIA_TYPE)


def _lifecycle(meta, *, original: PublishedVersion, decision, adopted: bool) -> None:
    """What made this text: its adoption (the adopted text), and its going out, circulated or published."""
    lifecycle = _element(meta, "lifecycle", source=f"#{PORTAL}")
    went_out = _went_out(original)
    issued = _local_date(original.created_at).isoformat()
    if adopted:
        _element(
            lifecycle,
            "eventRef",
            eId="evt_adoption",
            date=decision.adopted_on.isoformat(),
            source="#original",
            type="generation",
            refersTo="#adoption",
        )
        _element(lifecycle, "eventRef", eId=f"evt_{went_out}", date=issued, source="#original", refersTo=f"#{went_out}")
    else:
        _element(
            lifecycle,
            "eventRef",
            eId=f"evt_{went_out}",
            date=issued,
            source="#original",
            type="generation",
            refersTo=f"#{went_out}",
        )


def _references(meta, *, decision, original, original_uris: FrbrUris, adopted: bool, earlier) -> None:
    references = _element(meta, "references", source=f"#{PORTAL}")
    _element(
        references,
        "original",
        eId="original",
        href=original_uris.expression,
        showAs=original.symbol or _title(original),
    )
    if earlier is not None:
        earlier_uris = version_frbr_uris(earlier.version, slug=decision.slug, round_number=earlier.number)
        # This round replaces the one before it (a revision; the adopted text, the last draft).
        _element(
            references,
            "activeRef",
            eId="revises",
            href=earlier_uris.work,
            showAs=earlier.version.symbol or _title(earlier.version),
        )
    _element(
        references,
        "TLCOrganization",
        eId=ACTOR,
        href=f"/akn/ontology/organizations/{COUNTRY}/{ACTOR}",
        showAs=gettext("Meeting of States Parties to the Convention on Cluster Munitions"),
    )
    _element(
        references,
        "TLCOrganization",
        eId=PORTAL,
        href=f"/akn/ontology/organizations/{COUNTRY}/{PORTAL}",
        showAs=gettext("CCM portal"),
    )
    went_out = _went_out(original)
    state = PublicationState.CIRCULATED if went_out == "circulated" else PublicationState.PUBLIC
    _element(
        references,
        "TLCConcept",
        eId=went_out,
        href=f"/akn/ontology/concepts/{COUNTRY}/{ACTOR}-{went_out}",
        showAs=str(state.label),
    )
    if adopted:
        meeting = decision.adopted_at_meeting
        _element(
            references,
            "TLCEvent",
            eId="adoption",
            href=f"/akn/ontology/events/{COUNTRY}/{ACTOR}-{meeting.slug}",
            showAs=_sentence(decision.adoption_statement),
        )
    elif decision.meeting is not None:
        _element(
            references,
            "TLCEvent",
            eId="meeting",
            href=f"/akn/ontology/events/{COUNTRY}/{ACTOR}-{decision.meeting.slug}",
            showAs=decision.meeting.title,
        )


def _sentence(text: str) -> str:
    """ "adopted at …, 16 September 2011" → "Adopted at …, 16 September 2011.", as the page prints it."""
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _frozen_heading(html: str) -> str:
    """The line above the title ("Draft decisions and recommendations for consultations") as the version's
    frozen HTML printed it: the only place it is frozen."""
    if not html.strip():
        return ""
    found = lxml.html.fragment_fromstring(html, create_parent="div").xpath(
        "//p[contains(concat(' ', normalize-space(@class), ' '), ' document-heading ')]"
    )
    return found[0].text_content().strip() if found else ""


def _title(version: PublishedVersion) -> str:
    """The version's title without the symbol its frozen title starts with ("CCM/MSP/2011/WP.3: …")."""
    return version.title.removeprefix(f"{version.symbol}: ") if version.symbol else version.title


def _preface(statement, *, decision, version: PublishedVersion, original: PublishedVersion, adopted: bool) -> None:
    """The title block as the page prints it: symbol, date, DRAFT (never on the adopted text), heading, title,
    and the adoption."""
    preface = _element(statement, "preface")
    if version.symbol:
        _element(_element(preface, "p", class_="symbol"), "docNumber", version.symbol)
    _element(
        _element(preface, "p", class_="date"),
        "docDate",
        version.date_label or long_date(original.document_date),
        date=original.document_date.isoformat(),
    )
    if version.marked_draft:
        _element(_element(preface, "p", class_="status"), "docStatus", gettext("DRAFT"))
    heading = _frozen_heading(version.html)
    if heading:
        _element(preface, "p", heading, class_="heading")
    _element(_element(preface, "p", class_="title"), "docTitle", _title(version))
    if adopted:
        _element(_element(preface, "p", class_="adoption"), "docStatus", _sentence(decision.adoption_statement))


# ---------------------------------------------------------------- paragraphs

ABBREVIATIONS = {"paragraph": "para", "point": "point", "indent": "indent"}  # the naming convention's, for eIds


def paragraph_eid(key: str, *, tag: str, parent_eid: str = "") -> str:
    """A paragraph's eId: its element's abbreviation and its stable key, after its parent's eId
    ("para_<key>__point_<key>"), so it never changes when paragraphs before it are inserted or removed."""
    own = f"{ABBREVIATIONS[tag]}_{key}"
    return f"{parent_eid}__{own}" if parent_eid else own


def _paragraph(container, paragraph: FrozenParagraph, *, eid_prefix: str, bulleted: bool, texts, mark_open: bool):
    """1. → <paragraph>, a) and i) → <point>, a bullet → <indent> (no <num>: a bullet is no number);
    text before sub-paragraphs → <intro>, closing text → <wrapUp>; a paragraph without sub-paragraphs → <content>."""
    tag = "paragraph" if paragraph.depth == 0 else ("indent" if bulleted else "point")
    eid = paragraph_eid(paragraph.key, tag=tag, parent_eid=eid_prefix)
    element = _element(container, tag, eId=eid)
    if paragraph.number != BULLET:
        _element(element, "num", paragraph.number)
    text = texts.get(paragraph.key, paragraph.text)
    closing = texts.get(paragraph.key + CLOSING, paragraph.closing_text)
    if not paragraph.subparagraphs:
        content = _element(element, "content")
        for part in (text, closing):
            markdown_blocks(content, part, mark_open=mark_open)
        return
    if text.strip():
        markdown_blocks(_element(element, "intro"), text, mark_open=mark_open)
    for child in paragraph.subparagraphs:
        _paragraph(
            element,
            child,
            eid_prefix=eid,
            bulleted=paragraph.list_style == "bulleted",
            texts=texts,
            mark_open=mark_open,
        )
    if closing.strip():
        markdown_blocks(_element(element, "wrapUp"), closing, mark_open=mark_open)


# ---------------------------------------------------------------- Markdown → AKN blocks and inlines

BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "h3", "h4", "pre", "table"}
INLINE_TAGS = {"em": "i", "strong": "b"}


def markdown_blocks(container, text: str, *, mark_open: bool) -> None:
    """The paragraph's Markdown as the page renders it (sanitized; open points marked on a draft), in AKN."""
    text = xml_text(text)
    if not text.strip():
        return
    html = str(render_markdown(text))
    if not html.strip():  # nothing left once sanitized (a lone <script>, a comment)
        return
    if mark_open:
        html = str(mark_open_points(html))
    _blocks(container, lxml.html.fragment_fromstring(html, create_parent="div"))


def _append_text(target, text: str | None) -> None:
    if not text:
        return
    text = xml_text(text)
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def _blocks(target, source) -> None:
    """`source`'s content as blocks of `target`: loose text and inline elements gathered into a <p>."""
    loose = None

    def loose_p():
        nonlocal loose
        if loose is None:
            loose = _element(target, "p")
        return loose

    if source.text and source.text.strip():
        _append_text(loose_p(), source.text)
    for child in source:
        if not isinstance(child.tag, str):  # a comment
            if child.tail and child.tail.strip():
                _append_text(loose_p(), child.tail)
            continue
        if child.tag in BLOCK_TAGS:
            loose = None
            _block(target, child)
            if child.tail and child.tail.strip():
                _append_text(loose_p(), child.tail)
        else:
            _inline(loose_p(), child)


def _block(target, source) -> None:
    tag = source.tag
    if tag == "p":
        _inline_content(_element(target, "p"), source)
    elif tag in ("h3", "h4"):
        _inline_content(_element(target, "p", class_=tag), source)
    elif tag == "pre":
        _element(target, "p", source.text_content(), class_="pre")
    elif tag in ("ul", "ol"):
        items = [item for item in source if item.tag == "li"]
        if items:
            listing = _element(target, tag)
            for item in items:
                _list_item(_element(listing, "li"), item)
    elif tag == "blockquote":
        quote = _element(target, "blockContainer", class_="blockquote")
        _blocks(quote, source)
        if not len(quote):
            target.remove(quote)
    elif tag == "table":
        table = _element(target, "table")
        for row in source.iter("tr"):
            cells = [cell for cell in row if cell.tag in ("th", "td")]
            if cells:
                tr = _element(table, "tr")
                for cell in cells:
                    _blocks(_element(tr, cell.tag), cell)
        if not len(table):
            target.remove(table)


def _list_item(target, source) -> None:
    """An <li>: inline content, <p>s and nested lists as they are; any other block flattened into a <p>."""
    _append_text(target, source.text)
    for child in source:
        if not isinstance(child.tag, str):
            _append_text(target, child.tail)
        elif child.tag in ("p", "ul", "ol"):
            _block(target, child)
            _append_text(target, child.tail)
        elif child.tag in BLOCK_TAGS:
            _element(target, "p", child.text_content())
            _append_text(target, child.tail)
        else:
            _inline(target, child)


def _inline_content(target, source) -> None:
    _append_text(target, source.text)
    for child in source:
        if isinstance(child.tag, str):
            _inline(target, child)
        else:
            _append_text(target, child.tail)


def _inline(target, source) -> None:
    """One inline HTML element (and the text after it) in AKN: em → i, strong → b, a, br, code, and an
    open point (<mark class="open-point">) → <fillIn> for a blank, else <placeholder>."""
    tag = source.tag
    if tag == "br":
        _element(target, "br")
    elif tag == "mark":
        _open_point(target, source)
    else:
        if tag in INLINE_TAGS:
            element = _element(target, INLINE_TAGS[tag])
        elif tag == "a" and source.get("href"):
            element = _element(target, "a", href=source.get("href"), title=source.get("title"))
        elif tag == "code":
            element = _element(target, "inline", name="code")
        else:
            element = _element(target, "span")
        _inline_content(element, source)
    _append_text(target, source.tail)


def _open_point(target, source) -> None:
    text = source.text_content()
    if text and set(text) == {"_"}:
        element = _element(target, "fillIn", class_="blank")
    else:
        kind = "placeholder" if text.startswith("[") else ("stand-in" if "State Party" in text else "missing-dates")
        element = _element(target, "placeholder", class_=kind)
    _inline_content(element, source)


# ---------------------------------------------------------------- layout

# Elements whose content is elements only: indenting them changes no text. Mixed content (<p>, <num>…)
# is left exactly as built.
STRUCTURE = {
    "akomaNtoso", "statement", "meta", "identification", "FRBRWork", "FRBRExpression", "FRBRManifestation",
    "lifecycle", "references", "preface", "mainBody", "paragraph", "point", "indent", "intro", "content", "wrapUp",
}  # fmt: skip


def _indent(element, level: int = 0) -> None:
    if etree.QName(element).localname not in STRUCTURE or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level
