"""Every operation of the generated table (``_operations``, from src/api/operations.rs and
src/api/params.rs) has a method in the sync tree and in the async tree, and each method takes
every body field the table lists, under the field's argument name, required exactly when the
field is: an operation or a body field declared in Rust fails here until both trees take it.
(The body is written from the method's values in the table's order, so a field a method does
not pass would otherwise be left out without a word.)"""

from __future__ import annotations

import inspect
from typing import Any, List, Tuple

import pytest

from beeper_setup._async_resources import AsyncAppResource
from beeper_setup._client import AppResource
from beeper_setup._operations import OPERATIONS, Operation

# Every method takes these besides the body fields.
OPTIONS = {"extra_headers", "extra_query", "extra_body", "timeout"}


def method_of(root: Any, op: Operation) -> Any:
    """The method of ``op`` under ``client.app``, by its dotted name."""
    node = root
    for part in op.name.split("."):
        node = getattr(node, part)
    return node


def trees() -> List[Tuple[str, Any]]:
    # The resources only keep their client, so none is needed to look at their methods.
    none: Any = None
    return [("sync", AppResource(none)), ("async", AsyncAppResource(none))]


@pytest.mark.parametrize("tree,root", trees(), ids=[tree for tree, _ in trees()])
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_each_operation_has_a_method_taking_its_body_fields(tree: str, root: Any,
                                                            op: Operation) -> None:
    method = method_of(root, op)
    assert inspect.iscoroutinefunction(method) == (tree == "async"), op.name
    params = inspect.signature(method).parameters
    takes_id = "{id}" in op.path
    assert ("verification_id" in params) == takes_id, f"{tree} {op.name}: verification_id"
    keyword = {name: p for name, p in params.items()
               if p.kind is inspect.Parameter.KEYWORD_ONLY and name not in OPTIONS}
    fields = {field.arg: field for field in op.fields or ()}
    assert set(keyword) == set(fields), f"{tree} {op.name}: {sorted(keyword)} != {sorted(fields)}"
    for name, field in fields.items():
        required = keyword[name].default is inspect.Parameter.empty
        assert required == field.required, f"{tree} {op.name}: {name} required={required}"
    assert OPTIONS <= set(params), f"{tree} {op.name}: the per-call options"
