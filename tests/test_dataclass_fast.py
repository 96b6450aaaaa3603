"""posters.dataclass_fast.dataclass makes classes that behave as the standard library's do."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import sys
from collections.abc import Callable
from functools import cached_property
from typing import Any

import pytest

from posters.dataclass_fast import fast_dataclass


@dataclasses.dataclass(frozen=True)
class StdPair:
    a: int
    b: tuple[str, ...] = ()


@fast_dataclass(frozen=True)
class FastPair:
    a: int
    b: tuple[str, ...] = ()


def test_pickle_and_module_level_doc() -> None:
    for cls in (StdPair, FastPair):
        p = cls(1, ("x",))
        assert pickle.loads(pickle.dumps(p)) == p
    assert FastPair.__doc__ == StdPair.__doc__.replace("Std", "Fast")  # type: ignore[union-attr]
    assert FastPair.__init__.__qualname__ == "FastPair.__init__"
    assert FastPair.__repr__.__qualname__ == "FastPair.__repr__"


def _pair(make: Callable[[Callable[..., Any]], type]) -> tuple[type, type]:
    return make(dataclasses.dataclass), make(fast_dataclass)


def _frozen_with_defaults(dc: Callable[..., Any]) -> type:
    @dc(frozen=True)
    class Point:
        """A point."""

        x: int
        y: float = 1.5
        tags: tuple[str, ...] = ()
        note: str | None = dataclasses.field(default=None, repr=False)
        seen: list[int] = dataclasses.field(default_factory=list, compare=False)
        key: str = dataclasses.field(default="k", hash=False)

        @cached_property
        def double(self) -> int:
            return self.x * 2

    return Point


def _plain(dc: Callable[..., Any]) -> type:
    @dc
    class Box:
        w: int
        h: int = 2
        extra: dict[str, int] = dataclasses.field(default_factory=dict)
        hidden: list[int] = dataclasses.field(default_factory=list, init=False)

        def __post_init__(self) -> None:
            self.hidden.append(self.w)

    return Box


def _own_methods(dc: Callable[..., Any]) -> type:
    @dc(frozen=True, eq=False)
    class Handle:
        """Compared by identity."""

        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    return Handle


def _explicit_hash(dc: Callable[..., Any]) -> type:
    @dc
    class Tagged:
        """Hashes by name only."""

        name: str
        n: int = 0

        def __hash__(self) -> int:
            return hash(self.name)

    return Tagged


@pytest.mark.parametrize("make", [_frozen_with_defaults, _plain, _own_methods, _explicit_hash])
def test_same_surface(make: Callable[[Callable[..., Any]], type]) -> None:
    std, fast = _pair(make)
    assert str(inspect.signature(fast)) == str(inspect.signature(std))
    assert fast.__doc__ == std.__doc__.replace(std.__qualname__, fast.__qualname__)  # type: ignore[union-attr]
    assert [f.name for f in dataclasses.fields(fast)] == [f.name for f in dataclasses.fields(std)]
    assert fast.__match_args__ == std.__match_args__  # type: ignore[attr-defined]
    assert repr(fast.__dataclass_params__) == repr(std.__dataclass_params__)  # type: ignore[attr-defined]
    assert (fast.__hash__ is None) == (std.__hash__ is None)
    assert (fast.__eq__ is object.__eq__) == (std.__eq__ is object.__eq__)
    assert dataclasses.is_dataclass(fast)


def test_frozen_behaviour() -> None:
    std, fast = _pair(_frozen_with_defaults)
    for cls in (std, fast):
        a, b = cls(3, tags=("x",)), cls(3, tags=("x",))
        c = cls(3, tags=("x",), seen=[1])
        assert a == b == c and a is not b and hash(a) == hash(b) == hash(c)
        assert cls(3, tags=("x",), key="other") != a and hash(cls(3, tags=("x",), key="other")) == hash(a)
        assert a != cls(4) and a != (3, 1.5, ("x",))
        assert a.double == 6
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
            a.x = 5
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'y'"):
            del a.y
        assert dataclasses.replace(a, y=2.0).y == 2.0
        assert cls(1).seen is not cls(1).seen
        with pytest.raises(TypeError):
            cls()
    assert repr(fast(3, tags=("x",), note="n")) == repr(std(3, tags=("x",), note="n"))
    assert hash(fast(3)) == hash(std(3))


def test_mutable_behaviour() -> None:
    std, fast = _pair(_plain)
    for cls in (std, fast):
        box = cls(4)
        assert box.hidden == [4] and box.extra == {} and box == cls(4) and box != cls(5)
        box.w = 6
        assert box.w == 6
        with pytest.raises(TypeError):
            hash(box)
    assert repr(fast(1, 2, {"a": 1})) == repr(std(1, 2, {"a": 1}))


def test_own_methods_and_explicit_hash_are_kept() -> None:
    std, fast = _pair(_own_methods)
    for cls in (std, fast):
        a = cls("a")
        assert repr(a) == "<a>" and a != cls("a") and a == a and hash(a) == object.__hash__(a)
    std, fast = _pair(_explicit_hash)
    for cls in (std, fast):
        assert hash(cls("q", 1)) == hash("q") and cls("q", 1) == cls("q", 1) and cls("q", 1) != cls("q", 2)


def test_recursive_repr() -> None:
    @fast_dataclass
    class Node:
        children: list[Any]

    n = Node([])
    n.children.append(n)
    assert repr(n) == "test_recursive_repr.<locals>.Node(children=[...])"


def test_default_order_error() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @fast_dataclass
        class Bad:
            a: int = 1
            b: int  # type: ignore[misc]


@dataclasses.dataclass(frozen=True, slots=True)
class StdSlots:
    a: int
    b: tuple[float, ...] = ()


@fast_dataclass(frozen=True, slots=True)
class FastSlots:
    a: int
    b: tuple[float, ...] = ()


def test_frozen_slots() -> None:
    for cls in (StdSlots, FastSlots):
        p = cls(1, (2.0,))
        assert cls.__slots__ == ("a", "b") and not hasattr(p, "__dict__")
        assert pickle.loads(pickle.dumps(p)) == p and hash(p) == hash(cls(1, (2.0,)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.a = 2
        assert dataclasses.replace(p, a=3).a == 3
    assert repr(FastSlots(1)) == repr(StdSlots(1)).replace("Std", "Fast")
    assert str(inspect.signature(FastSlots)) == str(inspect.signature(StdSlots))


def test_init_from_a_shared_shape_is_the_compiled_one() -> None:
    """Two classes of one shape share __init__'s code, renamed: it must act as the compiled text would."""
    from posters import dataclass_fast

    @fast_dataclass(frozen=True)
    class First:
        a: int
        b: str = "x"
        c: list[int] = dataclasses.field(default_factory=list)

    @fast_dataclass(frozen=True)
    class Second:
        name: str
        size: float = 2.5
        items: dict[str, int] = dataclasses.field(default_factory=dict)
        hidden: list[str] = dataclasses.field(default_factory=list, init=False)

    @fast_dataclass
    class Third:
        x: int
        y: int = 0

    for cls in (First, Second, Third):
        flds = dataclasses.fields(cls)
        frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        shared = dataclass_fast._init(cls, flds, frozen, False)
        compiled = dataclass_fast._compiled_init(cls, flds, frozen, False)
        assert shared.__code__.co_varnames == compiled.__code__.co_varnames
        assert inspect.signature(shared) == inspect.signature(compiled)
        assert shared.__annotations__ == compiled.__annotations__ and shared.__defaults__ == compiled.__defaults__
        assert shared.__module__ == compiled.__module__
        for args, kwargs in [((1,), {}), ((1, "y"), {}), ((), {"name": "n", "size": 1.0}), ((1, 2, 3, 4, 5), {}),
                             ((), {}), ((1,), {"nope": 2}), ((1,), {"x": 1, "a": 1, "name": 1})]:
            outcomes = []
            for fn in (shared, compiled):
                obj = object.__new__(cls)
                try:
                    fn(obj, *args, **kwargs)
                    outcomes.append(sorted(vars(obj).items()))
                except TypeError as exc:
                    outcomes.append(str(exc))
            assert outcomes[0] == outcomes[1], (cls, args, kwargs)
    assert First(1).c is not First(1).c and Second("n").hidden == []
    if sys.version_info >= (3, 11):  # on 3.10 each class compiles its own __init__
        assert dataclass_fast._TEMPLATES  # the shapes were compiled once and kept


def test_docstring_of_a_class_without_one() -> None:
    def make(dc: Callable[..., Any]) -> type:
        @dc(frozen=True)
        class Undocumented:
            a: int
            b: str = "it's"
            c: list[int] = dataclasses.field(default_factory=list)
            d: float = dataclasses.field(default=1.0, init=False)

        return Undocumented

    std, fast = _pair(make)
    assert fast.__doc__ == std.__doc__ == "Undocumented(a: 'int', b: 'str' = \"it's\", c: 'list[int]' = <factory>)"


_SURFACE = r"""
import contextlib, dataclasses, importlib, inspect, io, json, pkgutil, re, sys
if sys.argv[1] == "standard":
    import posters.dataclass_fast
    posters.dataclass_fast.dataclass = dataclasses.dataclass
import posters
out = {}
for info in pkgutil.walk_packages(posters.__path__, "posters."):
    with contextlib.redirect_stdout(io.StringIO()):
        module = importlib.import_module(info.name)
    for name, obj in vars(module).items():
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
            out[f"{module.__name__}.{name}"] = re.sub(" at 0x[0-9a-f]+", "", repr([
                obj.__doc__, str(inspect.signature(obj)), repr(obj.__dataclass_params__),
                [(f.name, f.type, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(obj)],
                obj.__hash__ is None, getattr(obj, "__match_args__", None), "__slots__" in obj.__dict__]))
print(json.dumps(out))
"""


def test_every_dataclass_in_posters_has_the_standard_surface() -> None:
    """Every dataclass the package defines, made by dataclass_fast and by the standard decorator (in two fresh
    processes): the same docstring, signature, parameters, fields, hashability, match args and slots."""
    import json
    import subprocess
    import sys

    made = {how: json.loads(subprocess.run([sys.executable, "-c", _SURFACE, how], capture_output=True, text=True,
                                           check=True).stdout) for how in ("standard", "fast")}
    assert len(made["fast"]) > 50
    assert made["fast"] == made["standard"]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="kw_only is new in 3.10")
def test_a_keyword_only_field_stays_keyword_only() -> None:
    @fast_dataclass(frozen=True)
    class Options:
        a: int
        b: int = dataclasses.field(default=2, kw_only=True)

    assert Options(1, b=3).b == 3
    with pytest.raises(TypeError):
        Options(1, 3)  # type: ignore[misc]
    assert inspect.signature(Options).parameters["b"].kind is inspect.Parameter.KEYWORD_ONLY
