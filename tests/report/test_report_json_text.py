"""json_.dumps writes exactly what json.dumps(indent=2, sort_keys=True, ensure_ascii=False) writes."""

from __future__ import annotations

import json
import math
from enum import IntEnum, StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausecheck.report import json_


def _reference(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


class Colour(StrEnum):
    RED = "red"


class Level(IntEnum):
    HIGH = 3


_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
            | st.text() | st.sampled_from([Colour.RED, Level.HIGH, "\u2028", "\x00\"\\", "é 🙂", -0.0, 1e300]))
_values = st.recursive(
    _scalars,
    lambda inner: (st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
                   | st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=30,
)


@given(_values)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert json_.dumps(value) == _reference(value)


@pytest.mark.parametrize("value", [
    {1: "a", "b": 2},             # json turns the number into a key string
    {True: 1, None: 2},           # and booleans and None
    {"a": [1, {"x": math.nan}]},  # NaN is refused the way json refuses it
    {"a": math.inf},
    {"a": {1, 2}},                # a type json does not know
    {1: "a", "b": 2.5, "c": None},
    {Colour.RED: 1, "a": 2},      # a str subclass as a key
])
def test_unusual_values_give_json_dumps_own_answer(value: Any) -> None:
    try:
        expected: str | type[Exception] = _reference(value)
    except (TypeError, ValueError) as exc:
        expected = type(exc)
    if isinstance(expected, str):
        assert json_.dumps(value) == expected
    else:
        with pytest.raises(expected):
            json_.dumps(value)


def test_nested_containers_are_indented_by_two_spaces() -> None:
    data = {"b": [], "a": {"y": [1, [2]], "x": {}}, "c": ("t",)}
    assert json_.dumps(data) == (
        '{\n  "a": {\n    "x": {},\n    "y": [\n      1,\n      [\n        2\n      ]\n    ]\n  },\n'
        '  "b": [],\n  "c": [\n    "t"\n  ]\n}\n')
