"""How a poll's new interchanges are cut into batches for the ``process_interchanges`` task."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gateway.worker import split_batches


def test_small_polls_are_spread_over_several_tasks() -> None:
    assert split_batches([], 10) == []
    assert split_batches([7], 10) == [[7]]
    assert split_batches([1, 2, 3], 10) == [[1], [2], [3]]
    assert split_batches(list(range(8)), 10) == [[0, 1], [2, 3], [4, 5], [6, 7]]


def test_large_polls_are_cut_at_the_batch_size() -> None:
    batches = split_batches(list(range(95)), 10)
    assert len(batches) == 10 and max(map(len, batches)) == 10 and min(map(len, batches)) == 9


def test_batch_size_one_gives_one_task_per_interchange() -> None:
    assert split_batches([4, 5, 6], 1) == [[4], [5], [6]]


@given(st.lists(st.integers(), unique=True, max_size=300), st.integers(min_value=0, max_value=40))
def test_every_id_is_in_exactly_one_batch_in_order(ids: list[int], size: int) -> None:
    batches = split_batches(ids, size)
    assert [i for b in batches for i in b] == ids
    assert all(b for b in batches)
    if size > 1:
        assert all(len(b) <= size for b in batches)
