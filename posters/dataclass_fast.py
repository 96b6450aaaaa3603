"""`dataclass` as in the standard library, made in a third of the time.

On Python 3.10-3.12 the standard decorator compiles a separate piece of source text for every method it adds
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`): about 0.3 ms per frozen class,
and a `posters build` process defines some 80 of them before the first poster (a sixth of its start-up). Here
the standard decorator still collects the fields (so `fields`, `replace`, `asdict` and `is_dataclass` work as
usual), `__init__` is compiled as it would be, and the other methods are closures over the field names that
behave exactly like the generated ones. A class this does not cover (order, kw_only, unsafe_hash, weakref_slot, a
dataclass base, InitVar, ClassVar or keyword-only fields) is handed to the standard decorator whole.

Type checkers see the standard decorator itself."""

from __future__ import annotations

import dataclasses
import inspect
import re
import reprlib
import sys
from dataclasses import MISSING, FrozenInstanceError
from types import CellType, CodeType, FunctionType
from typing import TYPE_CHECKING, Any


class _FactoryMarker:
    """The default shown for a field with a default factory (the standard library's `<factory>`)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_DEFAULT_FACTORY = _FactoryMarker()
_ADDS = ("init", "repr", "eq", "frozen")  # what this module adds itself; the rest goes to the standard one
_FALLBACK = ("order", "unsafe_hash", "kw_only", "weakref_slot")  # and match_args=False


def fast_dataclass(cls: Any = None, /, **options: Any) -> Any:
    """`dataclasses.dataclass`, taking the same options."""

    def wrap(c: type) -> type:
        return _process(c, options)

    return wrap if cls is None else wrap(cls)


def _process(cls: type, options: dict[str, Any]) -> type:
    if (any(options.get(k) for k in _FALLBACK) or options.get("match_args") is False
            or any(hasattr(b, "__dataclass_fields__") for b in cls.__mro__[1:])
            or any(n == "self" or "ClassVar" in str(t) or "InitVar" in str(t) or "KW_ONLY" in str(t)
                   for n, t in inspect.get_annotations(cls).items())
            or any(isinstance(v, dataclasses.Field) and getattr(v, "kw_only", MISSING) is True
                   for v in cls.__dict__.values())):  # keyword-only fields: the standard decorator
        return dataclasses.dataclass(cls, **options)
    init, rep, eq, frozen = (options.get("init", True), options.get("repr", True), options.get("eq", True),
                             options.get("frozen", False))
    explicit = cls.__dict__.get("__hash__", MISSING)
    has_explicit_hash = not (explicit is MISSING or (explicit is None and "__eq__" in cls.__dict__))
    no_doc = not cls.__doc__
    if no_doc:
        cls.__doc__ = "-"  # the standard decorator would describe __init__ before it exists
    rest = {k: v for k, v in options.items() if k not in _ADDS}
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, frozen=False, **rest)  # slots: a new class
    slots = bool(options.get("slots"))
    flds = dataclasses.fields(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init, params.repr, params.eq, params.frozen = init, rep, eq, frozen
    if init:
        _add(cls, "__init__", _init(cls, flds, frozen, slots))
    if rep:
        _add(cls, "__repr__", _repr(tuple(f.name for f in flds if f.repr)))
    if eq:
        _add(cls, "__eq__", _eq(_getter(tuple(f.name for f in flds if f.compare))))
    if frozen:
        for fn in _frozen(cls, tuple(f.name for f in flds)):
            if _add(cls, fn.__name__, fn):
                raise TypeError(f"Cannot overwrite attribute {fn.__name__} in class {cls.__name__}")
        if slots:  # pickling a frozen class with slots, as the standard library does it
            getstate, setstate = _slot_state(tuple(f.name for f in flds))
            for fn in (getstate, setstate):
                if fn.__name__ not in cls.__dict__:
                    setattr(cls, fn.__name__, fn)
    if eq and not has_explicit_hash:
        if frozen:
            hashed = tuple(f.name for f in flds if (f.compare if f.hash is None else f.hash))
            setattr(cls, "__hash__", _hash(_getter(hashed)))  # noqa: B010
        else:
            setattr(cls, "__hash__", None)  # noqa: B010
    if no_doc:
        cls.__doc__ = cls.__name__ + _signature_text(cls, flds, init)
    return cls


def _signature_text(cls: type, flds: tuple[dataclasses.Field[Any], ...], init: bool) -> str:
    """`str(inspect.signature(cls))` without its ' -> None', as the standard library's class docstring has it;
    written out directly when every annotation is text (`from __future__ import annotations`)."""
    params = [f for f in flds if f.init]
    if not init or not all(isinstance(f.type, str) for f in params):
        try:
            return str(inspect.signature(cls)).replace(" -> None", "")
        except (TypeError, ValueError):
            return ""
    parts = []
    for f in params:
        default = (f" = {f.default!r}" if f.default is not MISSING
                   else f" = {_HAS_DEFAULT_FACTORY!r}" if f.default_factory is not MISSING else "")
        parts.append(f"{f.name}: {f.type!r}{default}")
    return f"({', '.join(parts)})".replace(" -> None", "")


def _add(cls: type, name: str, fn: Any) -> bool:
    """Set a method unless the class defines it itself (then True, as the standard library does)."""
    if name in cls.__dict__:
        return True
    fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
    setattr(cls, name, fn)
    return False


def _init(cls: type, flds: tuple[dataclasses.Field[Any], ...], frozen: bool, slots: bool) -> Any:
    """`__init__` as the standard library writes it. Its code depends only on the class's shape (frozen or not,
    which fields are parameters and which have a default factory), not on the field names, types or plain
    defaults: it is compiled once per shape with stand-in names and renamed for each class (about half the
    classes share a shape with an earlier one, and renaming costs a twentieth of compiling)."""
    _check_default_order(flds)
    kinds: list[str] = []
    used: list[dataclasses.Field[Any]] = []
    for f in flds:
        has_default, has_factory = f.default is not MISSING, f.default_factory is not MISSING
        kind = ("F" if has_factory else "P") if f.init else ("f" if has_factory else "d" if slots and has_default
                                                             else "")
        if kind:
            kinds.append(kind)
            used.append(f)
    if hasattr(cls, "__post_init__") or any(_RESERVED.match(f.name) for f in flds) or sys.version_info < (3, 11):
        # Python 3.10 names the function in its TypeError messages by the code's own name, which a shared
        # code object cannot carry per class: there each class gets its own compiled __init__
        return _compiled_init(cls, flds, frozen, slots)
    key = (frozen, tuple(kinds))
    template = _TEMPLATES.get(key)
    if template is None:
        stand_in = [dataclasses.field() for _ in used]
        for i, (f, real) in enumerate(zip(stand_in, used)):
            f.name, f.init = f"_f{i}_", real.init
            f.default = None if kinds[i] == "P" and real.default is not MISSING else real.default if kinds[i] == "d" \
                else MISSING  # a plain default is not part of the code: any value compiles the same
            f.default_factory = real.default_factory if kinds[i] in ("F", "f") else MISSING
        template = _TEMPLATES[key] = _compiled_init(cls, tuple(stand_in), frozen, slots).__code__
    rename = {f"_f{i}_": f.name for i, f in enumerate(used)}
    rename.update({f"_dflt__f{i}_": f"_dflt_{f.name}" for i, f in enumerate(used)})
    code = template.replace(
        co_varnames=tuple(rename.get(n, n) for n in template.co_varnames),
        co_freevars=tuple(rename.get(n, n) for n in template.co_freevars),
        co_names=tuple(rename.get(n, n) for n in template.co_names),
        co_consts=tuple(rename.get(c, c) if isinstance(c, str) else c for c in template.co_consts))
    cells = {"__dataclass_builtins_object__": object, "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY}
    cells.update({f"_dflt_{f.name}": f.default_factory if f.default_factory is not MISSING else f.default
                  for f in used})
    defaults = tuple(f.default if f.default is not MISSING else _HAS_DEFAULT_FACTORY
                     for f in used if f.init and (f.default is not MISSING or f.default_factory is not MISSING))
    module = sys.modules.get(cls.__module__)
    fn = FunctionType(code, module.__dict__ if module else {}, "__init__", defaults or None,
                      tuple(CellType(cells[n]) for n in code.co_freevars))
    fn.__annotations__ = {**{f.name: f.type for f in used if f.init}, "return": None}
    return fn


_TEMPLATES: dict[tuple[bool, tuple[str, ...]], CodeType] = {}
# Field names that would clash with the stand-in names or the names __init__'s text uses itself.
_RESERVED = re.compile(r"_f\d+_$|_dflt_|_type_|_HAS_DEFAULT_FACTORY$|__dataclass_builtins_object__$|_return_type$")


def _check_default_order(flds: tuple[dataclasses.Field[Any], ...]) -> None:
    seen_default = False
    for f in flds:
        if f.init:
            if f.default is not MISSING or f.default_factory is not MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")


def _compiled_init(cls: type, flds: tuple[dataclasses.Field[Any], ...], frozen: bool, slots: bool) -> Any:
    """`__init__` compiled from the same text the standard library writes (`_init` has checked the order of
    the defaults)."""
    names: dict[str, Any] = {"__dataclass_builtins_object__": object, "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY,
                             "_return_type": None}
    params: list[str] = []
    body: list[str] = []
    for f in flds:
        has_default, has_factory = f.default is not MISSING, f.default_factory is not MISSING
        names[f"_type_{f.name}"] = f.type
        if has_factory:
            names[f"_dflt_{f.name}"] = f.default_factory
            value = (f"_dflt_{f.name}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}" if f.init
                     else f"_dflt_{f.name}()")
        elif f.init:
            if has_default:
                names[f"_dflt_{f.name}"] = f.default
            value = f.name
        elif slots and has_default:  # no class attribute holds the default
            names[f"_dflt_{f.name}"] = f.default
            value = f"_dflt_{f.name}"
        else:
            continue
        if f.init:
            default = f"=_dflt_{f.name}" if has_default else "=_HAS_DEFAULT_FACTORY" if has_factory else ""
            params.append(f"{f.name}:_type_{f.name}{default}")
        body.append(f"__dataclass_builtins_object__.__setattr__(self,{f.name!r},{value})" if frozen
                    else f"self.{f.name}={value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    lines = "\n".join(f"  {b}" for b in body or ["pass"])
    text = (f"def __create_fn__({', '.join(names)}):\n def __init__({','.join(['self', *params])})->_return_type:"
            f"\n{lines}\n return __init__")
    module = sys.modules.get(cls.__module__)
    ns: dict[str, Any] = {}
    # compiled without this module's `from __future__ import annotations`, as in the standard library
    exec(compile(text, "<string>", "exec", dont_inherit=True), module.__dict__ if module else {}, ns)
    return ns["__create_fn__"](**names)


def _getter(names: tuple[str, ...]) -> Any:
    """A function from an instance to the tuple of these attributes."""
    if len(names) > 1:
        from operator import attrgetter

        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _repr(names: tuple[str, ...]) -> Any:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:  # noqa: N807
        return str(self.__class__.__qualname__) + "(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name in names) + ")"

    return __repr__


def _eq(values: Any) -> Any:
    def __eq__(self: Any, other: Any) -> Any:  # noqa: N807
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(values: Any) -> Any:
    def __hash__(self: Any) -> int:  # noqa: N807
        return hash(values(self))

    return __hash__


def _frozen(cls: Any, names: tuple[str, ...]) -> tuple[Any, Any]:
    def __setattr__(self: Any, name: str, value: Any) -> None:  # noqa: N807
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:  # noqa: N807
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__



def _slot_state(names: tuple[str, ...]) -> tuple[Any, Any]:
    def __getstate__(self: Any) -> list[Any]:  # noqa: N807
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:  # noqa: N807
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)

    return __getstate__, __setstate__

if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    dataclass = fast_dataclass
