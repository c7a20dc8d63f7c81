"""Frozen record classes that do not import attrs: the types a first catalog lookup makes.

Importing attrs costs about three interpreter starts, more than the whole budget of a
first ``catalog("function", 2023)["2013101"]`` (docs/performance.rst).  The record types
on that path — :class:`~govaccts.Location`, :class:`~govaccts.Scheme`,
:class:`~govaccts.Source`, :class:`~govaccts.EditionInfo`, :class:`~govaccts.Entry` … —
are therefore made by :func:`frozen`, which writes what ``@attrs.frozen`` writes for the
features they use: slots (and a weak-reference slot), an ``__init__`` taking the fields
in order (defaults, factories that may take the instance, a private field passed by
its name without the underscore), ``__repr__``, ``__eq__`` and ``__hash__`` over the
fields (unless ``eq=False``), immutability (``attrs.exceptions.FrozenInstanceError``),
pickling and ``__match_args__``.

:func:`frozen`, :func:`field` and :class:`Factory` take the arguments of attrs' own,
which a type checker sees in their place.  The classes stay attrs classes to attrs and
cattrs: ``__attrs_attrs__`` is made on first use (attrs imported then), from an attrs
class of the same fields, so ``attrs.fields``, ``attrs.has``, ``attrs.evolve``,
``attrs.asdict`` and cattrs' (un)structuring behave as for the class ``@attrs.frozen``
would have made.

>>> @frozen
... class Point:
...     x: int
...     y: int = 0
...     _tag: str = field(default="", repr=False)
>>> p = Point(1, tag="t")
>>> p, p == Point(1), p._tag
(Point(x=1, y=0), False, 't')
>>> import attrs
>>> attrs.evolve(p, y=2), [a.name for a in attrs.fields(Point)]
(Point(x=1, y=2), ['x', 'y', '_tag'])
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing is part of what this module avoids
if TYPE_CHECKING:  # to a type checker these are attrs' own, which they mirror
    from collections.abc import Callable
    from typing import Any, TypeVar

    from attrs import Factory, field, frozen

    T = TypeVar("T")

__all__ = ["Factory", "field", "frozen"]

_NOTHING: Any = type("_Nothing", (), {"__repr__": lambda self: "NOTHING"})()
_OBJ_SETATTR = object.__setattr__


class _Field:
    """What :func:`field` gives: a field's default or factory, repr and init alias."""

    __slots__ = ("alias", "default", "factory", "repr", "takes_self")

    def __init__(self, default: Any = _NOTHING, factory: Callable[..., Any] | None = None,
                 takes_self: bool = False, repr: bool = True, alias: str | None = None
                 ) -> None:
        self.default, self.factory, self.takes_self = default, factory, takes_self
        self.repr, self.alias = repr, alias


if not TYPE_CHECKING:
    class Factory:
        """A default made for each instance by ``factory`` (called with the instance, its
        earlier fields set, when ``takes_self``), as ``attrs.Factory``."""

        __slots__ = ("factory", "takes_self")

        def __init__(self, factory: Callable[..., Any], takes_self: bool = False) -> None:
            self.factory, self.takes_self = factory, takes_self

    def field(*, default: Any = _NOTHING, factory: Callable[..., Any] | None = None,
              repr: bool = True, alias: str | None = None) -> Any:
        """A field with a ``default`` (a :class:`Factory`: made for each instance) or a
        ``factory``, left out of the repr when ``repr=False``; ``alias`` is its
        ``__init__`` argument (default: the name without a leading underscore), as
        ``attrs.field``."""
        if default is not _NOTHING and factory is not None:
            raise TypeError("a field has a default or a factory, not both")
        if isinstance(default, Factory):
            return _Field(factory=default.factory, takes_self=default.takes_self, repr=repr,
                          alias=alias)
        return _Field(default, factory, False, repr, alias)

    def frozen(cls: type[T] | None = None, *, eq: bool = True) -> Any:
        """Make ``cls`` a frozen slotted record, as ``@attrs.frozen`` (see the module
        docstring); ``eq=False`` keeps the class's own ``__eq__`` and ``__hash__``."""
        if cls is None:
            return lambda c: _make(c, eq)
        return _make(cls, eq)


def _frozen_setattr(self: object, name: str, value: object) -> None:
    from attrs.exceptions import FrozenInstanceError

    raise FrozenInstanceError


def _frozen_delattr(self: object, name: str) -> None:
    from attrs.exceptions import FrozenInstanceError

    raise FrozenInstanceError


def _getstate(self: Any) -> dict[str, Any]:
    return {name: getattr(self, name) for name in self.__record_fields__}


def _setstate(self: Any, state: dict[str, Any]) -> None:
    for name in self.__record_fields__:
        if name in state:
            _OBJ_SETATTR(self, name, state[name])


def _repr(self: Any) -> str:
    name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
    return f"{name}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__record_repr__)})"


class _LazyAttrsFields:
    """``__attrs_attrs__`` made on first use, then stored on the class in its place."""

    def __get__(self, obj: object, owner: type) -> Any:
        value = _attrs_fields(owner)
        type.__setattr__(owner, "__attrs_attrs__", value)
        return value


def _attrs_fields(cls: Any) -> Any:
    """The ``__attrs_attrs__`` attrs would give ``cls``: those of an attrs class of the
    same fields, defaults, aliases, reprs and (unresolved) types."""
    import attrs

    these = {}
    for name, alias, f in cls.__record_specs__:
        if f.factory is not None:
            default = attrs.Factory(f.factory, takes_self=f.takes_self)
        else:
            default = attrs.NOTHING if f.default is _NOTHING else f.default
        these[name] = attrs.field(default=default, repr=f.repr, alias=alias,
                                  type=cls.__annotations__.get(name))
    shadow: Any = attrs.make_class(cls.__name__, these, frozen=True, slots=True,
                                   eq=cls.__record_eq__)
    return shadow.__attrs_attrs__


def _make(cls: type[T], eq: bool) -> type[T]:
    body = dict(cls.__dict__)
    specs: list[tuple[str, str, _Field]] = []
    for name, ann in body.get("__annotations__", {}).items():
        if isinstance(ann, str) and ann.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = body.pop(name, _NOTHING)
        f = value if isinstance(value, _Field) else _Field(default=value)
        specs.append((name, f.alias or name.lstrip("_"), f))
    names = tuple(name for name, _, _ in specs)
    methods = _methods(cls.__qualname__, specs, eq)
    for key, fn in methods.items():
        fn.__qualname__ = f"{cls.__qualname__}.{key}"
        fn.__module__ = cls.__module__
    for key in ("__dict__", "__weakref__"):
        body.pop(key, None)
    body.update(methods)
    if "__repr__" not in cls.__dict__:
        body["__repr__"] = _repr
    body.update(__slots__=(*names, "__weakref__"), __qualname__=cls.__qualname__,
                __setattr__=_frozen_setattr, __delattr__=_frozen_delattr,
                __getstate__=_getstate, __setstate__=_setstate, __match_args__=names,
                __record_specs__=tuple(specs), __record_fields__=names,
                __record_repr__=tuple(name for name, _, f in specs if f.repr),
                __record_eq__=eq, __attrs_attrs__=_LazyAttrsFields())
    new: type[T] = type(cls)(cls.__name__, cls.__bases__, body)  # type: ignore[misc]
    return new


def _methods(qualname: str, specs: list[tuple[str, str, _Field]], eq: bool
             ) -> dict[str, Any]:
    """``__init__`` (and ``__eq__``, ``__hash__`` when ``eq``), written out as attrs does:
    one ``object.__setattr__`` a field, no loop."""
    globs: dict[str, Any] = {"_setattr": _OBJ_SETATTR, "_NOTHING": _NOTHING}
    params, lines = [], []
    for name, alias, f in specs:
        if f.factory is not None:
            globs[f"_factory_{name}"] = f.factory
            params.append(f"{alias}=_NOTHING")
            made = f"_factory_{name}(self)" if f.takes_self else f"_factory_{name}()"
            lines.append(f"    _setattr(self, {name!r}, {made} if {alias} is _NOTHING "
                         f"else {alias})")
            continue
        if f.default is not _NOTHING:
            globs[f"_default_{name}"] = f.default
            params.append(f"{alias}=_default_{name}")
        else:
            params.append(alias)
        lines.append(f"    _setattr(self, {name!r}, {alias})")
    src = [f"def __init__(self, {', '.join(params)}):", *(lines or ["    pass"])]
    if eq:
        mine = "".join(f"self.{name}, " for name, _, _ in specs)
        theirs = "".join(f"other.{name}, " for name, _, _ in specs)
        globs["_salt"] = hash(qualname)
        src += ["def __eq__(self, other):",
                "    if other.__class__ is not self.__class__:",
                "        return NotImplemented",
                f"    return ({mine}) == ({theirs})",
                "def __hash__(self):",
                f"    return hash((_salt, {mine}))"]
    exec(compile("\n".join(src), f"<govaccts record {qualname}>", "exec"), globs)
    return {k: globs[k] for k in ("__init__", "__eq__", "__hash__") if k in globs}
