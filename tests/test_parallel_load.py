"""A build of many specs reads them in its worker processes, with the output of a build that reads them itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from posters import batch
from posters.cli import PARALLEL_LOAD_MIN_SPECS, main

from .conftest import MINIMAL

WORDS = ["Notice", "Warning", "Careful", "Stop", "Listen", "Remember", "Check", "Think", "Wait"]


@pytest.fixture
def many_specs(tmp_path: Path) -> Path:
    """PARALLEL_LOAD_MIN_SPECS + 1 specs: valid ones, one with a mistake, one with a placeholder left."""
    folder = tmp_path / "specs"
    folder.mkdir()
    assert len(WORDS) > PARALLEL_LOAD_MIN_SPECS
    for i, word in enumerate(WORDS):
        text = MINIMAL.replace("Notice", word)
        if i == 3:
            text += "  - kind: txt\n    text: {hi: a, en: b}\n"  # an unknown block kind: an error with a hint
        if i == 5:
            text = text.replace("en: The other person can record the screen.", 'en: "TODO: the message"')
        (folder / f"p{i}.yaml").write_text(text, encoding="utf-8")
    return folder


def _build(folder: Path, out: Path, jobs: int) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--size", "A5", "--lang", "en", "-q",
                                       "-j", str(jobs)], catch_exceptions=False)
    return result.exit_code, re.sub(r"in [0-9.]+ s, [0-9]+ ms each", "in T", result.output).replace(str(out), "OUT")


def test_workers_read_the_specs_and_the_output_is_the_same(many_specs: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    if batch.usable_cpus() < 2:
        pytest.skip("needs 2 usable CPUs")
    code_1, output_1 = _build(many_specs, tmp_path / "one", 1)
    loaded: list[int] = []
    original = batch.Pool.load

    def load(self: batch.Pool, paths: list[Path], placeholders: int):  # type: ignore[no-untyped-def]
        loaded.append(len(paths))
        return original(self, paths, placeholders)

    monkeypatch.setattr(batch.Pool, "load", load)
    code_2, output_2 = _build(many_specs, tmp_path / "two", 2)
    assert loaded == [len(WORDS)]
    assert code_1 == code_2 == 1
    assert output_1 == output_2
    assert "p3.yaml" in output_2 and "p5.yaml" in output_2 and "TODO:" in output_2
    built = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert built == sorted(p.name for p in (tmp_path / "two").iterdir()) and len(built) == len(WORDS) - 1
    for name in built:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_few_specs_are_read_here(many_specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object) -> None:
        raise AssertionError("specs were read in workers")

    monkeypatch.setattr(batch.Pool, "load", no_pool)
    few = sorted(many_specs.iterdir())[:PARALLEL_LOAD_MIN_SPECS - 1]
    result = CliRunner().invoke(main, ["build", *map(str, few), "-o", str(tmp_path / "o"), "--size", "A5",
                                       "--lang", "en", "-q", "-j", "2"], catch_exceptions=False)
    assert result.exit_code == 1 and "p3.yaml" in result.output  # p3 has its mistake; the others are built


def test_a_bug_met_while_reading_in_a_worker_is_reported_as_here(many_specs: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if batch.usable_cpus() < 2:
        pytest.skip("needs 2 usable CPUs")
    from posters.spec import validate

    real = validate.load_spec

    def buggy(path: Path, drawable: frozenset[int] | None = None):  # type: ignore[no-untyped-def]
        if path.name == "p6.yaml":
            raise ZeroDivisionError("a bug")
        return real(path, drawable)

    monkeypatch.setattr(validate, "load_spec", buggy)  # workers are forked: they have it too
    outputs = [_build(many_specs, tmp_path / f"o{jobs}", jobs) for jobs in (1, 2)]
    assert outputs[0] == outputs[1]
    code, output = outputs[0]
    assert code == 3 and "internal error (ZeroDivisionError: a bug)" in output


def test_a_bug_met_while_reading_here_for_a_gone_worker_comes_in_order(many_specs: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Specs a worker cannot be sent are read in this process; a bug met there is raised where its spec comes
    in order, after the specs before it that another worker is still reading."""
    from posters.spec import validate

    real = validate.load_spec

    # 9 specs go one at a time: the first worker holds the first LOAD_AHEAD, the second the next one
    first_worker = [f"p{k}.yaml" for k in range(batch.LOAD_AHEAD)]
    unreachable = f"p{batch.LOAD_AHEAD}.yaml"

    def buggy(path: Path, drawable: frozenset[int] | None = None):  # type: ignore[no-untyped-def]
        if path.name == unreachable:
            raise ZeroDivisionError("a bug")
        return real(path, drawable)

    monkeypatch.setattr(validate, "load_spec", buggy)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    pool = batch.Pool(opts, 3)  # this process and two workers
    try:
        pool.workers[1].conn.close()  # cannot be reached: its spec is read here
        paths = sorted(many_specs.glob("*.yaml"))
        seen: list[str] = []

        def read_all() -> None:
            for loaded in pool.load(paths, 0):
                assert loaded.poster is not None
                seen.append(Path(loaded.poster.file).name)

        with pytest.raises(ZeroDivisionError):
            read_all()
        assert seen == first_worker  # read by the first worker, shown before the bug met here
    finally:
        pool.close()
