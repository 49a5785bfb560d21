import io

import docx
import pytest
from django.urls import reverse

from decisions.importing import DecisionTextError, decision_text_read, docx_text, uploaded_text
from decisions.models import Decision, Paragraph
from demo import decision_2012
from tests.factories import DecisionFactory, ParagraphFactory
from tests.sample_files import PDF_BYTES, zip_bomb

# The one repair the seed needs: the table cut "Based" into "Ba" (the import warns about line 8).
REPAIRED = ("| 2. | Ba | on the proposals", "| 2. | Based on the proposals")


@pytest.fixture
def raw_seed(seeds_dir) -> str:
    """The seed draft as ../shared/seeds holds it, with the word the table cut."""
    return (seeds_dir / "draft-decision-work-programme-2012.txt").read_text()


@pytest.fixture
def seed(raw_seed) -> str:
    """The seed draft with its one repair."""
    return raw_seed.replace(*REPAIRED)


def as_tuples(paragraphs) -> list:
    """A tree (demo Para, ImportedParagraph) as nested tuples of everything a paragraph stores."""
    return [(p.text, p.closing_text, p.list_style, p.continues_numbering, as_tuples(p.children)) for p in paragraphs]


def stored_tuples(decision: Decision, parent=None) -> list:
    rows = Paragraph.objects.filter(decision=decision, parent=parent).order_by("position", "pk")
    return [(p.text, p.closing_text, p.list_style, p.continues_numbering, stored_tuples(decision, p)) for p in rows]


def test_the_seed_text_gives_the_demo_tree(seed):
    imported = decision_text_read(seed)
    assert as_tuples(imported.paragraphs) == as_tuples(decision_2012.PARAGRAPHS)
    assert imported.warnings == []
    assert [line for line, _ in imported.preamble] == [1, 3, 5]


def test_the_raw_seed_differs_only_by_the_cut_word_and_the_import_points_to_it(raw_seed):
    imported = decision_text_read(raw_seed)
    assert len(imported.warnings) == 1
    assert imported.warnings[0].startswith("Line 8: “Ba” stands alone in a table cell")
    assert imported.paragraphs[1].text == "Ba on the proposals tabled for consideration, State Parties decided to:"
    imported.paragraphs[1].text = decision_2012.PARAGRAPHS[1].text
    assert as_tuples(imported.paragraphs) == as_tuples(decision_2012.PARAGRAPHS)


def test_markdown_with_nested_lists_and_a_continued_numbering():
    text = """Preamble line

1. First paragraph
   that runs on.
2. Second:
   - a) one
   - b) two, with:
     - i) alpha
     - ii) beta
   - c) three
     - iii) gamma
3. Third, with bullets:
   - first bullet
   - second bullet
"""
    imported = decision_text_read(text)
    assert imported.warnings == []
    first, second, third = imported.paragraphs
    assert first.text == "First paragraph that runs on."
    assert [c.text for c in second.children] == ["one", "two, with:", "three"]
    assert [c.text for c in second.children[1].children] == ["alpha", "beta"]
    assert second.children[2].continues_numbering and second.children[2].children[0].text == "gamma"
    assert third.list_style == "bulleted" and [c.text for c in third.children] == ["first bullet", "second bullet"]


def test_letters_that_are_roman_numerals_are_read_by_their_place():
    text = "1. Top\na) a\nb) b\nc) c\ni) under c\nii) under c too\nd) d\n"
    imported = decision_text_read(text)
    letters = imported.paragraphs[0].children
    assert [p.text for p in letters] == ["a", "b", "c", "d"]
    assert [p.text for p in letters[2].children] == ["under c", "under c too"]


def test_a_number_that_does_not_follow_on_is_reported_with_its_line():
    imported = decision_text_read("1. One\n3. Three\n")
    assert imported.warnings == [
        "Line 2: “3.” does not follow on; it will be numbered 2. (numbers are computed from the order)."
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Just a heading\nand more prose\n", "No numbered paragraph found"),
        ("Title\na) orphan item\n", "Line 2: “a)” has no numbered paragraph (1., 2. …) above it"),
        ("1. Top\n   - ii) roman without a letter\n", "Line 2: “ii)” has no lettered sub-paragraph"),
        ("1. Top\na) x\nabcxyz) odd\n", "Line 3: “abcxyz)” is neither a letter nor a roman numeral"),
        ("1. Top\n - bullet\na) then a letter\n", "Line 3: “a)” follows bullet points"),
    ],
)
def test_text_that_cannot_be_read_names_the_line(text, problem):
    with pytest.raises(DecisionTextError) as error:
        decision_text_read(text)
    assert any(problem in message for message in error.value.problems), error.value.problems


def seed_as_docx(seed: str) -> bytes:
    """The seed as Word holds it: a table for paragraphs 1-2, then Word-numbered and bulleted paragraphs."""
    document = docx.Document()
    document.add_paragraph("DRAFT")
    table_lines = [line for line in seed.splitlines() if line.startswith("|") and "--" not in line]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table_lines]
    table = document.add_table(rows=len(rows), cols=4)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
    document.add_paragraph("each of the thematic areas of", style="List Bullet")
    document.add_paragraph("vii) Reporting and", style="List Bullet 2")
    document.add_paragraph("viii) National Implementation Measures", style="List Bullet 2")
    document.add_paragraph("e) " + decision_2012.PARAGRAPHS[1].children[4].text, style="List Bullet")
    document.add_paragraph("3. " + decision_2012.PARAGRAPHS[2].text, style="List Bullet")
    for line in decision_2012.PARAGRAPHS[2].children:
        paragraph = document.add_paragraph(style="List Bullet 2")
        # Stand-ins are italic in Word; the import writes them back as *State Party*.
        for index, piece in enumerate(line.text.split("*")):
            paragraph.add_run(piece).italic = index % 2 == 1
    document.add_paragraph("4.Draft decisions on implementation support forthcoming....", style="List Bullet")
    document.add_paragraph("5. " + decision_2012.PARAGRAPHS[4].text, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_of_the_seed_gives_the_demo_tree(seed):
    imported = decision_text_read(docx_text(seed_as_docx(seed)))
    assert as_tuples(imported.paragraphs) == as_tuples(decision_2012.PARAGRAPHS)


def test_word_numbered_paragraphs_get_their_numbers_written_out():
    document = docx.Document()
    document.add_paragraph("First", style="List Number")
    document.add_paragraph("First a", style="List Number 2")
    document.add_paragraph("First b", style="List Number 2")
    document.add_paragraph("Second", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()) == "1. First\na) First a\nb) First b\n2. Second"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("draft.docx", PDF_BYTES, "is named .docx but is not a Word document"),
        ("draft.pdf", PDF_BYTES, "upload a text (.txt), Markdown (.md) or Word (.docx) file"),
        ("draft.txt", "1. Caf\u00e9\n2. \u00e9t\u00e9".encode("latin-1"), "Line 1 of “draft.txt” is not UTF-8 text"),
    ],
)
def test_bad_uploads_are_refused_with_what_is_wrong(name, content, problem):
    with pytest.raises(DecisionTextError) as error:
        uploaded_text(name=name, content=content)
    assert problem in error.value.problems[0]


def test_a_docx_zip_bomb_is_refused_before_python_docx_opens_it(monkeypatch, seed):
    bomb = zip_bomb(seed_as_docx(seed))

    def document(*args, **kwargs):
        raise AssertionError("python-docx opened the bomb")

    monkeypatch.setattr(docx, "Document", document)
    with pytest.raises(DecisionTextError) as error:
        uploaded_text(name="draft.docx", content=bomb)
    # 300 MB of zeros and python-docx's template of less than 1 MB
    [problem] = error.value.problems
    assert problem.startswith("The file unpacks to 300.")
    assert problem.endswith("MB; a document may unpack to at most 200.0\xa0MB.")


# ---------------------------------------------------------------- the admin page


@pytest.mark.django_db
def test_staff_preview_then_replace_the_paragraphs(staff_client, raw_seed, seed):
    decision = DecisionFactory()
    old = ParagraphFactory(decision=decision, text="Old text.")
    url = reverse("admin:decisions_decision_import", args=[decision.pk])

    preview = staff_client.post(url, {"text": raw_seed, "preview": "1"})
    assert preview.status_code == 200
    assert "Line 8: “Ba” stands alone" in preview.text
    assert "Replace the paragraphs with this text" in preview.text
    assert list(decision.paragraphs.values_list("text", flat=True)) == ["Old text."]  # nothing saved yet

    response = staff_client.post(url, {"text": seed, "replace": "1"})
    assert response.status_code == 302
    assert stored_tuples(decision) == as_tuples(decision_2012.PARAGRAPHS)
    assert not Paragraph.objects.filter(pk=old.pk).exists()
    assert Paragraph.history.filter(id=old.pk, history_type="-").exists()


@pytest.mark.django_db
def test_staff_upload_a_docx_into_the_preview(staff_client, seed):
    decision = DecisionFactory()
    url = reverse("admin:decisions_decision_import", args=[decision.pk])
    upload = io.BytesIO(seed_as_docx(seed))
    upload.name = "draft.docx"
    response = staff_client.post(url, {"text": "", "file": upload, "preview": "1"})
    assert response.status_code == 200
    assert "Establish Working Groups on" in response.text
    assert decision.paragraphs.count() == 0


@pytest.mark.django_db
def test_text_that_cannot_be_parsed_is_refused_and_nothing_changes(staff_client):
    decision = DecisionFactory()
    ParagraphFactory(decision=decision, text="Kept.")
    url = reverse("admin:decisions_decision_import", args=[decision.pk])
    response = staff_client.post(url, {"text": "Title\na) orphan\n", "replace": "1"})
    assert response.status_code == 200
    assert "Line 2: “a)” has no numbered paragraph" in response.text
    assert list(decision.paragraphs.values_list("text", flat=True)) == ["Kept."]


@pytest.mark.django_db
def test_a_docx_zip_bomb_uploaded_on_the_admin_page_is_refused_and_nothing_changes(staff_client, seed):
    decision = DecisionFactory()
    ParagraphFactory(decision=decision, text="Kept.")
    url = reverse("admin:decisions_decision_import", args=[decision.pk])
    upload = io.BytesIO(zip_bomb(seed_as_docx(seed)))
    upload.name = "draft.docx"
    response = staff_client.post(url, {"text": "", "file": upload, "replace": "1"})
    assert response.status_code == 200
    assert "The file unpacks to 300." in response.text
    assert "a document may unpack to at most 200.0\xa0MB." in response.text
    assert list(decision.paragraphs.values_list("text", flat=True)) == ["Kept."]
