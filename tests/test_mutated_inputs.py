"""Mutated inputs: a leaf of a real input replaced by a hostile value (or deleted) is read or refused.

Each case takes one of the project's real inputs (the examples' records, their golden cards'
frontmatter, Trainer/TRL run folders and lm-eval/lighteval results made by running the tools, recipes),
replaces one leaf by a value that has broken readers before (null, "", -1, 1e28, inf, NaN, an empty
or wrong-typed container, long text, markup, template syntax, a ``±`` text) or deletes it, and runs
it through the pipeline a user runs: ingest → write records → render → validate. Every step either
succeeds or raises :class:`GeneratorError` whose problems each name the file, say what is wrong and
carry a stable code; any other exception is a crash (exit 70 and a traceback for the user).

The cases are a fixed, deterministic selection (every leaf of the small inputs, an even sample of
the large ones), so the suite's time is bounded and each run checks the same cases.
"""

from __future__ import annotations

import copy
import json
import shutil
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from generator import render_card, validate_card
from generator.errors import GeneratorError
from generator.io.yamlio import dump
from generator.records.placeholders import PLACEHOLDER_REPO_ID
from generator.sources.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden"
VERSIONS = Path(__file__).parent / "fixtures" / "versions"

DELETE = object()
HOSTILE: list[Any] = [None, "", -1, 0, 1e28, float("inf"), float("nan"), [], {}, [1, 2], {"a": 1}, "x" * 300, True,
                      "a | b", "<script>alert(1)</script>", "{{ 7*7 }}", "ü\u202e", 10**30, -1.5e-300,
                      "1528.00 +/- 875.81", "nan +/- nan", [None], [{}], "2024-01-01", "-", "null", 0.5]


def _leaves(data: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield path + (key,)
        yield from _leaves(value, path + (key,))


def _mutated(base: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(base)
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


def cases(base: Any, max_paths: int, per_path: int = 2) -> Iterator[tuple[tuple, Any]]:
    """Deterministic: an even sample of at most ``max_paths`` leaves, each with ``per_path`` hostile values
    (cycling through the list, so neighbouring leaves get different ones) and deleted."""
    paths = list(_leaves(base))
    step = max(1, -(-len(paths) // max_paths))
    for n, path in enumerate(paths[::step]):
        for k in range(per_path):
            yield path, HOSTILE[(n * per_path + k) % len(HOSTILE)]
        yield path, DELETE


def _refusal_is_clear(error: GeneratorError) -> str:
    """What is wrong with how ``error`` reports its problems ("" when each names file, what and code)."""
    bad = [p for p in error.problems if not (p.file and p.message and p.code)]
    return f"problem without file, message or code: {bad[0]!r}" if bad else ""


def _run(steps: Callable[[], None]) -> str:
    """"" when ``steps`` succeeds or is refused clearly, else what went wrong."""
    try:
        steps()
    except GeneratorError as error:
        return _refusal_is_clear(error)
    except Exception as error:  # noqa: BLE001 - any other exception is the crash this test looks for
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"{type(error).__name__} at {Path(where.filename).name}:{where.lineno}: {str(error)[:160]}"
    return ""


def _render_and_validate(records: Path, card: Path) -> None:
    card.write_text(render_card(records), encoding="utf-8")
    validate_card(card)


def _ingest_render_validate(source: Path, work: Path, **kwargs: Any) -> None:
    result = ingest(sources=[source], **kwargs)
    records = work / "ingested.yaml"
    records.write_text(dump(result.data), encoding="utf-8")
    _render_and_validate(records, work / "ingested.md")


def _check(base: Any, max_paths: int, write: Callable[[Any], None], steps: Callable[[], None]) -> None:
    failures = []
    count = 0
    for path, value in cases(base, max_paths):
        write(_mutated(base, path, value))
        count += 1
        problem = _run(steps)
        if problem:
            shown = "deleted" if value is DELETE else repr(value)[:40]
            failures.append(f"{'.'.join(map(str, path))} = {shown}: {problem}")
    assert count > 20
    assert not failures, f"{len(failures)} of {count} mutated inputs crashed:\n" + "\n".join(failures[:20])


@pytest.mark.parametrize("example,max_paths", [("gemma-2-9b-it-sppo-iter2", 100), ("gemma-wukong-2b", 100),
                                               ("gemma-2-9b-it-dpo-gguf", 100), ("rogemma2-9b-instruct-dpo", 30)])
def test_mutated_records(example: str, max_paths: int, tmp_path: Path) -> None:
    folder = tmp_path / example
    shutil.copytree(EXAMPLES / example, folder)
    records = folder / "records.yaml"
    base = yaml.safe_load(records.read_text(encoding="utf-8"))

    def write(data: Any) -> None:
        records.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    _check(base, max_paths, write, lambda: _render_and_validate(records, tmp_path / "README.md"))


@pytest.mark.parametrize("card", ["gemma-2-9b-it-sppo-iter2", "zephyr-7b-gemma-v0.1"])
def test_mutated_card_frontmatter(card: str, tmp_path: Path) -> None:
    _, frontmatter, body = (GOLDEN / f"{card}.md").read_text(encoding="utf-8").split("---\n", 2)
    base = yaml.safe_load(frontmatter)
    readme = tmp_path / "README.md"

    def write(data: Any) -> None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        readme.write_text(f"---\n{text}---\n{body}", encoding="utf-8")

    def steps() -> None:
        validate_card(readme)
        _ingest_render_validate(readme, tmp_path, placeholder_repo_id=PLACEHOLDER_REPO_ID)

    _check(base, 80, write, steps)


@pytest.mark.parametrize("folder,name,max_paths", [
    ("trainer/trl-0.19.1-dpo", "trainer_state.json", 60),
    ("trainer/trl-0.19.1-dpo", "all_results.json", 40),
    ("trainer/trl-0.19.1-dpo", "config.json", 40),
    ("trainer/transformers-4.57.1", "trainer_state.json", 60),
    ("evals/lm-eval-0.4.9.2", "results_*.json", 80),
    ("evals/lighteval-0.8.1", "results_*.json", 80),
])
def test_mutated_tool_output(folder: str, name: str, max_paths: int, tmp_path: Path) -> None:
    source = tmp_path / "run"
    shutil.copytree(VERSIONS / folder, source)
    target = sorted(source.rglob(name))[0]
    if target.parent != source and name.startswith("results_"):
        source = target  # an evaluation file is read on its own
    base = json.loads(target.read_text(encoding="utf-8"))

    def write(data: Any) -> None:
        target.write_text(json.dumps(data), encoding="utf-8")

    _check(base, max_paths, write, lambda: _ingest_render_validate(source, tmp_path, repo_id="acme/x"))


@pytest.mark.parametrize("recipe", ["axolotl-0.12-dpo-lora.yaml", "llamafactory-0.9-lora-dpo.yaml",
                                    "alignment-handbook-2025-sft-mixture.yaml", "open-r1-grpo.yaml"])
def test_mutated_recipe(recipe: str, tmp_path: Path) -> None:
    target = tmp_path / recipe
    base = yaml.safe_load((Path(__file__).parent / "recipe_shapes" / recipe).read_text(encoding="utf-8"))

    def write(data: Any) -> None:
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    _check(base, 60, write, lambda: _ingest_render_validate(target, tmp_path, repo_id="acme/x"))
