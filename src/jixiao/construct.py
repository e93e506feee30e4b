"""How the readers and the rule engine build records: `record` (re-exported as `jixiao.model.record`), a record of
values the caller has typed itself, made without validation. Compiled with the readers (setup.py COMPILED): a form
reads into about 30 records, and this is the one place that makes them. Records read from outside (JSON, a model's
answer) are validated instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple, TypeVar

from pydantic import BaseModel

R = TypeVar("R", bound=BaseModel)


def record(cls: type[R], values: dict[str, Any]) -> R:
    """A `cls` record of values the caller has typed itself, not validated again: how the readers and the rule
    engine build their records (validation would only re-check their own output, and costs more than the reading).

    Records read from outside (JSON, a model's answer) are validated instead. The caller passes the exact types
    (float, not int; date, not str; nested records as records, never dicts): nothing is checked or converted, only
    a misspelt or missing field name is refused (TypeError). `values` becomes the record's field dict, so pass a new
    dict; given every field in declared order it is kept as it is, else the defaults are filled in (a fresh list or
    dict from each default_factory) and the fields put in declared order, the order JSON shows them in.
    `model_fields_set` is the names given, as validation makes it. tests/test_trusted_records.py checks that every
    form and finding of the test corpus revalidates unchanged.
    """
    layout = _LAYOUTS.get(cls) or _layout(cls)
    if len(values) == layout.n_fields and list(values) == layout.order:
        data = values
        # one fields set for every record given every field: pydantic only adds names to it (assignment), which it
        # holds already, and a copy gets its own
        fields_set = layout.names
    else:
        data = layout.template.copy()  # every field in declared order; update() keeps that order
        data.update(values)
        for name, factory in layout.factories:
            if name not in values:
                data[name] = factory()
        if len(data) != layout.n_fields or not values.keys() >= layout.required:
            raise TypeError(f"record({cls.__name__}): unknown fields {sorted(values.keys() - layout.names)}, "
                            f"missing fields {sorted(layout.required - values.keys())}")
        fields_set = set(values)
    # what BaseModel.model_construct sets: the field dict and the three slots, past pydantic's own __setattr__
    # (object.__setattr__ written out: the compiler makes it one C call, faster than the slots' descriptors;
    # docs/speed.md)
    made = _new_object(cls)
    object.__setattr__(made, "__dict__", data)
    object.__setattr__(made, "__pydantic_fields_set__", fields_set)
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


_new_object: Final = object.__new__  # through a name: the compiler calls object.__new__ written out more slowly


class _Layout(NamedTuple):
    """What `record` needs of a record class, worked out once per class."""

    order: list[str]  # the field names in declared order
    names: set[str]  # the same, as the fields set of a record given every field
    n_fields: int
    template: dict[str, Any]  # every field in declared order: its default, or a placeholder to be overwritten
    factories: tuple[tuple[str, Callable[[], Any]], ...]  # fields whose default is made fresh for each record
    required: frozenset[str]


_LAYOUTS: Final[dict[type, _Layout]] = {}
_REQUIRED: Final = object()  # template placeholder of a required field (record() refuses a call that leaves one)


def _layout(cls: type[BaseModel]) -> _Layout:
    if cls.__pydantic_post_init__ or cls.__private_attributes__:
        raise TypeError(f"{cls.__name__}: record() does not run post-init hooks or set private attributes")
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    required: set[str] = set()
    for name, info in cls.model_fields.items():
        if info.alias or info.validation_alias:
            raise TypeError(f"{cls.__name__}.{name}: record() does not read aliases")
        if info.is_required():
            template[name] = _REQUIRED
            required.add(name)
        elif info.default_factory is not None:
            template[name] = _REQUIRED
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
        elif isinstance(info.default, (list, dict, set)):
            raise TypeError(f"{cls.__name__}.{name}: record() needs a default_factory for a mutable default")
        else:
            template[name] = info.default
    layout = _Layout(list(template), set(template), len(template), template, tuple(factories), frozenset(required))
    _LAYOUTS[cls] = layout
    return layout
