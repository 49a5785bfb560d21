from dataclasses import dataclass

import pytest

from decisions.numbering import BULLET, paragraph_numbers, to_letters, to_roman


@dataclass
class Node:
    pk: int
    parent_id: int | None
    position: int
    list_style: str = "numbered"
    continues_numbering: bool = False


@pytest.mark.parametrize(
    ("number", "roman"), [(1, "i"), (4, "iv"), (6, "vi"), (8, "viii"), (9, "ix"), (14, "xiv"), (40, "xl")]
)
def test_roman(number, roman):
    assert to_roman(number) == roman


@pytest.mark.parametrize(("number", "letters"), [(1, "a"), (5, "e"), (26, "z"), (27, "aa"), (53, "ba")])
def test_letters(number, letters):
    assert to_letters(number) == letters


def test_depths_number_as_arabic_letters_roman():
    nodes = [Node(1, None, 1), Node(2, 1, 1), Node(3, 2, 1), Node(4, 2, 2), Node(5, 1, 2), Node(6, None, 2)]
    assert paragraph_numbers(nodes) == {1: "1.", 2: "a)", 3: "i)", 4: "ii)", 5: "b)", 6: "2."}


def test_position_orders_siblings_not_creation_order():
    nodes = [Node(1, None, 5), Node(2, None, 1), Node(3, None, 3)]
    assert paragraph_numbers(nodes) == {2: "1.", 3: "2.", 1: "3."}


def test_sub_list_continues_numbering_of_previous_sibling():
    # c) with i)–vi), then d) whose sub-list continues: vii), viii) — as the 2012 work programme.
    c, d = Node(10, None, 3), Node(20, None, 4, continues_numbering=True)
    nodes = [c, d] + [Node(100 + n, 10, n) for n in range(1, 7)] + [Node(200 + n, 20, n) for n in (1, 2)]
    numbers = paragraph_numbers(nodes)
    assert [numbers[100 + n] for n in range(1, 7)] == ["a)", "b)", "c)", "d)", "e)", "f)"]
    assert [numbers[201], numbers[202]] == ["g)", "h)"]


def test_continuation_passes_through_a_sibling_without_sub_list():
    nodes = [
        Node(1, None, 1),
        Node(2, None, 2, continues_numbering=True),  # no children of its own
        Node(3, None, 3, continues_numbering=True),
        Node(11, 1, 1),
        Node(12, 1, 2),
        Node(31, 3, 1),
    ]
    assert paragraph_numbers(nodes)[31] == "c)"


def test_without_continuation_each_sub_list_restarts():
    nodes = [Node(1, None, 1), Node(2, None, 2), Node(11, 1, 1), Node(21, 2, 1)]
    numbers = paragraph_numbers(nodes)
    assert numbers[11] == numbers[21] == "a)"


def test_bulleted_sub_list_takes_bullets_and_does_not_count():
    nodes = [Node(1, None, 1, list_style="bulleted"), Node(11, 1, 1), Node(12, 1, 2), Node(2, None, 2)]
    assert paragraph_numbers(nodes) == {1: "1.", 11: BULLET, 12: BULLET, 2: "2."}
