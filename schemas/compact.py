"""Holding many models at once in less memory, without changing a value.

Every pydantic model carries the set of its fields given explicitly, and those sets were 40 % of a
corpus view's memory and about half of a run record's. No code of khplan reads them: they only
matter to ``exclude_unset``, which khplan never dumps with. Models with the same set can share one.
"""

from __future__ import annotations

from pydantic import BaseModel

_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share_memory(value: object, strings: dict[str, str] | None = None) -> None:
    """Make the field sets of ``value`` (a model, or a list of them, and everything inside) shared
    objects; with ``strings`` (one dict for a run), also its strings: equal strings become one
    object. Values are replaced in place by equal ones."""
    if isinstance(value, BaseModel):
        fields = value.__pydantic_fields_set__
        object.__setattr__(
            value, "__pydantic_fields_set__", _FIELD_SETS.setdefault(frozenset(fields), fields)
        )
        values = value.__dict__
        for name, item in values.items():
            if isinstance(item, str):
                if strings is not None:
                    values[name] = strings.setdefault(item, item)
            elif isinstance(item, (BaseModel, list)):
                share_memory(item, strings)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                if strings is not None:
                    value[i] = strings.setdefault(item, item)
            elif isinstance(item, (BaseModel, list)):
                share_memory(item, strings)
