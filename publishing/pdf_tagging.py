"""PDF/UA that holds: WeasyPrint's tagged PDF, rewritten so its structure follows the document, not the pages.

WeasyPrint 70 tags a PDF page by page. Left alone, a paragraph, a list or a table that crosses a
page break becomes two structure elements, a thead repeated on every page is tagged on every page,
and the text of @page margin boxes (running header, "Page x of y") is marked as content that no
structure element reaches. This module fixes that in two steps:

1. While WeasyPrint builds the tree (`record_sources_in_weasyprint`, installed once by
   publishing/pdf.py), each structure element it makes is stamped with where it comes from: the
   identity of its HTML element and tag, the element's `data-pdf-role`, a th's `scope`, whether it
   is page furniture (margin box, `position: fixed`, `aria-hidden="true"`). The stamps are private
   keys (`/CCM…`) on the element dictionaries.
2. After WeasyPrint, `pdf_ua` (pikepdf) rewrites the tree from those stamps and removes them:
   - elements split by page breaks are merged back: consecutive siblings from the same HTML
     element become one, recursively (one Sect, P, L, Table per source element);
   - a table header (or footer) repeated on every page is tagged once; its copies, like margin
     boxes, fixed boxes and aria-hidden elements, become artifacts;
   - every marked-content sequence the tree does not reach is rewritten as /Artifact in the content
     stream (margin boxes as /Pagination /Header or /Footer), and the ParentTree is rebuilt from
     the tree, so every MCID it lists is reachable from the root;
   - list labels sit where PDF expects them (LI → Lbl, LBody), header cells carry /Scope, the
     catalog /Lang and the XMP (dc:language, dc:title) say the document's language and title.

Template convention (for templates/**/pdf and the HTML they include):

- `data-pdf-role="<structure type>"` on an element tags it with that standard structure type
  instead of WeasyPrint's choice. Mainly `data-pdf-role="Lbl"` on numbers printed as text
  ("2.", "a)", "vii)", agenda and minutes item numbers): put it on the element that holds only the
  number, inside the list item (`<li><span data-pdf-role="Lbl">2.</span><div>…</div></li>`). A
  label that ends up first inside the item's LBody is moved before it, so the item reads
  LI → Lbl, LBody. `data-pdf-role="LBody"`, `"Caption"`, `"Note"`… work the same way.
- `data-pdf-role="Artifact"` (or `aria-hidden="true"`) marks an element and everything in it as
  an artifact: decoration a screen reader should skip (a watermark, a rule drawn with text).
- Header cells: `<th>` is a column header, `<th scope="row">` a row header.
- Page furniture goes in @page margin boxes or page backgrounds: it is never tagged as content.
"""

import contextvars
import io
import logging

import pikepdf
import pydyf

# WeasyPrint internals this module relies on, all in one place. tests/publishing/test_pdf_ua.py
# checks they are still what is described here; re-read weasyprint/pdf/tags.py before changing them.
# - `weasyprint.pdf.tags._build_box_tree(box, parent, pdf, page_number, nums, annotations, tags)`:
#   a generator yielding the structure element dictionaries (pydyf.Dictionary) made for `box`, and
#   recursing through the module global, so wrapping the global sees every box.
# - boxes carry `element` (the HTML element, or None), `element_tag` ("p", "li::marker"…) and
#   `style`; anonymous boxes share their parent's element and tag.
# - `AbsolutePlaceholder._box` is the positioned box; `MarginBox.at_keyword` is "@top-left"…
# - table header cells get `/ID` "<table object number>-<row>-<column>", data cells `/A /Headers`.
# - pages carry `/StructParents` (their key in the ParentTree), annotations `/StructParent`.
from weasyprint.formatting_structure import boxes as weasyprint_boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasyprint_tags

logger = logging.getLogger(__name__)

# The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4): what `data-pdf-role` may name.
STANDARD_STRUCTURE_TYPES = frozenset(
    (
        *("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index"),
        *("NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody"),
        *("Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference"),
        *("BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP"),
        *("Figure", "Formula", "Form"),
    )
)
ARTIFACT_ROLE = "Artifact"

# The private keys stamped on WeasyPrint's structure elements while it builds them, as pikepdf
# names them; in pydyf's dictionaries the same keys are written without the leading slash.
SOURCE = "/CCMSource"  # identity of the HTML element and its tag: equal on both halves of a split
ROLE = "/CCMRole"  # data-pdf-role
SCOPE = "/CCMScope"  # a th's scope attribute
FURNITURE = "/CCMFurniture"  # why it is an artifact: a margin box's at-keyword, "hidden", "repeated"
FIXED = "/CCMFixed"  # position: fixed, so WeasyPrint draws (and tags) it again on every page
CREATED = "/CCMCreated"  # an LBody made here, to which the next kids of the same item are added
PRIVATE_KEYS = (SOURCE, ROLE, SCOPE, FURNITURE, FIXED, CREATED)

# Structure types that a table repeats on every page it spans (display: table-header-group…).
REPEATED_ON_EACH_PAGE = ("/THead", "/TFoot")
# A leading Lbl is looked for inside these, not inside a nested list or table.
LABEL_CONTAINERS = ("/LBody", "/P", "/Div", "/Span", "/NonStruct")

_weasyprint_build_box_tree = weasyprint_tags._build_box_tree
# The margin box being tagged, if any: what WeasyPrint builds inside it is page furniture.
_margin_box = contextvars.ContextVar("margin_box", default=None)


class WeasyPrintTaggingChanged(RuntimeError):
    """WeasyPrint no longer tags the way this module expects: re-read weasyprint/pdf/tags.py."""


# Step 1: while WeasyPrint builds the tree.


def record_sources_in_weasyprint() -> None:
    """Wrap WeasyPrint's tree builder so every element it makes says where it comes from. Idempotent."""
    weasyprint_tags._build_box_tree = _recording_build_box_tree


def _recording_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    source_box = box._box if isinstance(box, AbsolutePlaceholder) else box
    if isinstance(source_box, weasyprint_boxes.MarginBox):
        # WeasyPrint builds margin boxes' elements (so their MCIDs are accounted for) but links them
        # nowhere; remember they are furniture, to mark their content as pagination artifacts. It
        # yields nothing for a margin box, so only the box's own children run inside set…reset.
        token = _margin_box.set(source_box.at_keyword)
        try:
            yield from _weasyprint_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags)
        finally:
            _margin_box.reset(token)
        return
    for element in _weasyprint_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        # The page, html and body boxes pass on their children's elements, already stamped.
        if SOURCE[1:] not in element:  # pydyf keys are written without the slash
            _stamp(element, source_box)
        yield element


def _stamp(element: pydyf.Dictionary, box) -> None:
    if (margin := _margin_box.get()) is not None:
        element[FURNITURE[1:]] = pydyf.String(margin)
    if box.element is None:
        return
    tag = box.element_tag
    element[SOURCE[1:]] = pydyf.String(f"{id(box.element)} {tag}")
    if "::" in tag:
        return  # a pseudo-element (li::marker…): the attributes are its element's, not its own
    attributes = box.element.attrib
    if role := attributes.get("data-pdf-role"):
        element[ROLE[1:]] = pydyf.String(role)
    if attributes.get("aria-hidden") == "true":
        element[FURNITURE[1:]] = pydyf.String("hidden")
    if tag == "th":
        element[SCOPE[1:]] = pydyf.String(attributes.get("scope", "col"))
    if box.style["position"] == "fixed":
        element[FIXED[1:]] = pydyf.String("fixed")


# Step 2: after WeasyPrint, with pikepdf.


def pdf_ua(pdf_bytes: bytes) -> bytes:
    """WeasyPrint's tagged PDF as PDF/UA-1 that holds (see the module docstring)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tree_root = pdf.Root.StructTreeRoot
        document = tree_root.K[0]
        first_parents = _parent_tree_entries(pdf)
        _check_sources_were_recorded(document)
        _apply_roles(document, parent_source=None)
        _merge_split_elements(document)
        _shape_list_items(pdf, document)
        _link_header_cells(pdf, document)
        reached = _relink_tree(pdf, document)
        _mark_unreached_content_as_artifacts(pdf, first_parents, reached)
        _remove_private_keys(pdf)
        _write_language_and_title(pdf)
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True)
    return output.getvalue()


def _is_element(node) -> bool:
    """A structure element, as opposed to an MCID, a marked-content or an object reference."""
    return isinstance(node, pikepdf.Dictionary) and "/S" in node and node.get("/Type") not in ("/MCR", "/OBJR")


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _set_kids(element, kids: list) -> None:
    element.K = pikepdf.Array(kids)


def _source(element) -> str | None:
    return str(element[SOURCE]) if SOURCE in element else None


def _walk(element):
    """The element and its descendant elements, in document order."""
    yield element
    for kid in _kids(element):
        if _is_element(kid):
            yield from _walk(kid)


def _check_sources_were_recorded(document) -> None:
    elements = list(_walk(document))[1:]
    if elements and not any(SOURCE in element for element in elements):
        raise WeasyPrintTaggingChanged(
            "no structure element says which HTML element it comes from: is "
            "weasyprint.pdf.tags._build_box_tree still called through the module global?"
        )


def _apply_roles(element, parent_source) -> None:
    """data-pdf-role on an HTML element becomes the structure type of the element made from it.

    Anonymous boxes share their parent's HTML element: only the outermost element takes the role.
    Artifacts leave the tree here, so their content is marked as such below.
    """
    kept = []
    for kid in _kids(element):
        if not _is_element(kid):
            kept.append(kid)
            continue
        source = _source(kid)
        role = str(kid[ROLE]) if ROLE in kid and source != parent_source else None
        if role == ARTIFACT_ROLE:
            kid[FURNITURE] = pikepdf.String("hidden")
        elif role is not None:
            if role not in STANDARD_STRUCTURE_TYPES:
                raise ValueError(f'data-pdf-role="{role}" is not a standard PDF structure type')
            kid.S = pikepdf.Name("/" + role)
        if FURNITURE in kid:
            continue  # out of the tree: its content becomes an artifact
        _apply_roles(kid, source)
        kept.append(kid)
    _set_kids(element, kept)


def _merge_split_elements(element) -> None:
    """One structure element per HTML element: WeasyPrint made one per page it appears on.

    The halves of an element split by a page break are consecutive siblings once their parents are
    merged, so merging top-down reaches every level. Copies of what is repeated on every page (a
    thead, a fixed box) are dropped first, which makes the body rows' halves consecutive too.
    """
    merged = []
    for kid in _without_repeated_copies(_kids(element)):
        previous = merged[-1] if merged else None
        if (
            _is_element(kid)
            and _is_element(previous)
            and _source(kid) is not None
            and _source(kid) == _source(previous)
            and kid.S == previous.S
        ):
            _absorb(previous, kid)
        else:
            merged.append(kid)
    _set_kids(element, merged)
    for kid in merged:
        if _is_element(kid):
            _merge_split_elements(kid)


def _without_repeated_copies(kids: list) -> list:
    """Keep the first thead (and fixed box) and the last tfoot of each source; the copies become artifacts."""

    def repeats(kid) -> bool:
        return _is_element(kid) and _source(kid) is not None and (kid.S in REPEATED_ON_EACH_PAGE or FIXED in kid)

    def keep_last(kid) -> bool:
        return kid.S == "/TFoot"

    first_index, last_index = {}, {}
    for index, kid in enumerate(kids):
        if repeats(kid):
            first_index.setdefault(_source(kid), index)
            last_index[_source(kid)] = index
    kept = []
    for index, kid in enumerate(kids):
        if repeats(kid):
            wanted = last_index if keep_last(kid) else first_index
            if wanted[_source(kid)] != index:
                kid[FURNITURE] = pikepdf.String("repeated")
                continue
        kept.append(kid)
    return kept


def _absorb(element, other) -> None:
    """Move `other`'s kids to the end of `element`'s; MCIDs of another page keep their page."""
    kids = _kids(element)
    for kid in _kids(other):
        if isinstance(kid, int) and other.Pg.objgen != element.Pg.objgen:
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=other.Pg, MCID=kid)
        kids.append(kid)
    _set_kids(element, kids)


def _shape_list_items(pdf, element) -> None:
    """Every list item reads LI → Lbl, LBody.

    A label written first in the item's body (data-pdf-role="Lbl") moves before the body, and what
    WeasyPrint puts directly in the LI (a block child such as <li><p>…</p></li>) goes into an LBody.
    """
    for item in list(_walk(element)):
        if item.S != "/LI":
            continue
        kids = []
        for kid in _kids(item):
            if _is_element(kid) and kid.S == "/LBody":
                if (label := _take_leading_label(kid)) is not None:
                    kids.append(label)
                if not _kids(kid):
                    continue  # the body held nothing but the label
            kids.append(kid)
        _set_kids(item, _in_bodies(pdf, item, kids))


def _in_bodies(pdf, item, kids: list) -> list:
    """The item's kids, with each run of what is neither Lbl nor LBody wrapped in an LBody."""
    shaped = []
    for kid in kids:
        if _is_element(kid) and kid.S in ("/Lbl", "/LBody"):
            shaped.append(kid)
            continue
        if not (shaped and _is_element(shaped[-1]) and shaped[-1].S == "/LBody" and CREATED in shaped[-1]):
            body = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array())
            body[CREATED] = True
            if "/Pg" in item:
                body.Pg = item.Pg  # MCIDs moved in from the LI stay on the LI's page
            shaped.append(pdf.make_indirect(body))
        _set_kids(shaped[-1], [*_kids(shaped[-1]), kid])
    return shaped


def _take_leading_label(container):
    """Remove and return the Lbl the container starts with, looking into its first kids, if any."""
    kids = _kids(container)
    if not kids or not _is_element(kids[0]):
        return None
    first = kids[0]
    if first.S == "/Lbl":
        _set_kids(container, kids[1:])
        return first
    if first.S not in LABEL_CONTAINERS:
        return None
    label = _take_leading_label(first)
    if label is not None and not _kids(first):
        _set_kids(container, kids[1:])  # nothing left of the wrapper but an empty element
    return label


def _link_header_cells(pdf, document) -> None:
    """TH cells say what they head (/Scope), and data cells point at the header cells kept in the tree.

    WeasyPrint links cells to headers with /Headers and /ID per page; the header copies of later
    pages are gone, so their IDs are mapped to those of the header cell from the same th.
    """
    kept_ids = {}
    for element in _walk(document):
        if element.S == "/TH":
            scope = "/Row" if str(element.get(SCOPE, "col")) in ("row", "rowgroup") else "/Column"
            _table_attributes(element).Scope = pikepdf.Name(scope)
            if "/ID" in element and _source(element) is not None:
                kept_ids.setdefault(_source(element), element.ID)
    id_of_copy = {
        bytes(obj.ID): kept_ids[_source(obj)]
        for obj in pdf.objects  # the dropped copies are no longer in the tree, but still in the file
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH" and "/ID" in obj and _source(obj) in kept_ids
    }
    for element in _walk(document):
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array([id_of_copy.get(bytes(header), header) for header in attributes.Headers])


def _table_attributes(element):
    attributes = element.get("/A")
    if not isinstance(attributes, pikepdf.Dictionary):
        attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
        element.A = attributes
    return attributes


def _parent_tree_entries(pdf) -> dict:
    """WeasyPrint's ParentTree as {(page key, MCID): element}, read before the tree is rewritten."""
    parent_tree = pdf.Root.StructTreeRoot.ParentTree
    if "/Kids" in parent_tree:
        raise WeasyPrintTaggingChanged("the ParentTree is no longer one flat /Nums array")
    nums = list(parent_tree.Nums)
    entries = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if isinstance(value, pikepdf.Array):  # a page's MCIDs; annotations map to one element
            entries |= {(int(key), mcid): element for mcid, element in enumerate(value) if _is_element(element)}
    return entries


def _relink_tree(pdf, document) -> dict[int, set[int]]:
    """Point every element at its parent and rebuild the ParentTree and IDTree from the tree as it now is.

    Returns the MCIDs the tree reaches, per page key: all other marked content is an artifact.
    """
    page_keys = {page.obj.objgen: int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj}
    mcid_parents = {key: {} for key in page_keys.values()}
    annotation_parents = {}
    ids = {}

    def visit(element) -> None:
        if "/ID" in element:
            ids[bytes(element.ID)] = element
        for kid in _kids(element):
            if _is_element(kid):
                kid.P = element
                visit(kid)
            elif isinstance(kid, int):
                mcid_parents[page_keys[element.Pg.objgen]][kid] = element
            elif kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.get("/Pg"))
                mcid_parents[page_keys[page.objgen]][int(kid.MCID)] = element
            elif kid.get("/Type") == "/OBJR":
                annotation_parents[int(kid.Obj.StructParent)] = element

    visit(document)
    nums = []
    for key, parents in sorted(mcid_parents.items()):
        size = max(parents, default=-1) + 1
        nums += [key, pikepdf.Array([parents.get(mcid) for mcid in range(size)])]
    for key, parent in sorted(annotation_parents.items()):
        nums += [key, parent]
    tree_root = pdf.Root.StructTreeRoot
    tree_root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    tree_root.ParentTreeNextKey = max([*mcid_parents, *annotation_parents], default=-1) + 1
    if ids:  # ISO 32000-1, 14.7.2: elements with an /ID are found through the IDTree
        names = [item for key in sorted(ids) for item in (pikepdf.String(key), ids[key])]
        tree_root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))
    return {key: set(parents) for key, parents in mcid_parents.items()}


def _mark_unreached_content_as_artifacts(pdf, first_parents: dict, reached: dict[int, set[int]]) -> None:
    """Marked content that no structure element reaches is an /Artifact, not untagged real content."""
    for page in pdf.pages:
        if "/StructParents" not in page.obj:
            continue
        key = int(page.obj.StructParents)
        instructions = _as_artifacts(pikepdf.parse_content_stream(page), key, first_parents, reached[key])
        if instructions is not None:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        # WeasyPrint draws groups with opacity into form XObjects, sharing the page's MCIDs.
        for form in _forms(page.obj.get("/Resources")):
            instructions = _as_artifacts(pikepdf.parse_content_stream(form), key, first_parents, reached[key])
            if instructions is not None:
                form.write(pikepdf.unparse_content_stream(instructions))


def _forms(resources, seen=None):
    """The form XObjects a page draws, however deeply nested."""
    seen = set() if seen is None else seen
    if not isinstance(resources, pikepdf.Dictionary) or "/XObject" not in resources:
        return
    for xobject in resources.XObject.values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield xobject
            yield from _forms(xobject.get("/Resources"), seen)


def _as_artifacts(instructions, page_key: int, first_parents: dict, reached: set[int]):
    """The content with unreached MCIDs rewritten as artifacts; None when nothing changes."""
    changed = False
    rewritten = []
    for instruction in instructions:
        operands, operator = instruction.operands, str(instruction.operator)
        if operator == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            mcid = int(operands[1].MCID)
            if mcid not in reached:
                properties = _artifact_properties(first_parents.get((page_key, mcid)))
                if properties is None:
                    instruction = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
                else:
                    instruction = pikepdf.ContentStreamInstruction(
                        [pikepdf.Name.Artifact, properties], pikepdf.Operator("BDC")
                    )
                changed = True
        rewritten.append(instruction)
    return rewritten if changed else None


def _artifact_properties(element) -> pikepdf.Dictionary | None:
    """What kind of artifact: pagination (headers, footers, repeated table headers) or unspecified."""
    reason = None
    while _is_element(element):
        if FURNITURE in element:
            reason = str(element[FURNITURE])
            break
        element = element.get("/P")
    if reason is None or reason == "hidden":
        return None
    properties = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
    if reason.startswith("@top"):
        properties.Subtype = pikepdf.Name.Header
    elif reason.startswith("@bottom"):
        properties.Subtype = pikepdf.Name.Footer
    return properties


def _remove_private_keys(pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary):
            for key in PRIVATE_KEYS:
                if key in obj:
                    del obj[key]


def _write_language_and_title(pdf) -> None:
    """The catalog /Lang (from <html lang>) and the title, repeated in the XMP as PDF/UA asks."""
    lang = str(pdf.Root.get("/Lang", ""))
    title = str(pdf.docinfo.get("/Title", ""))
    if not lang:
        logger.error("PDF without a language: the print template's <html> has no lang attribute")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        if lang:
            metadata["dc:language"] = [lang]
        if title:
            metadata["dc:title"] = title
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
