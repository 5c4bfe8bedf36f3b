"""Shared fixtures: paths, the example record sets and the seeds they rebuild."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# No property test is timed: hypothesis' default 200 ms deadline a generated case failed on a loaded machine (a fresh
# clone's suite beside CI and two others on 2 cores: 285 ms), which says nothing of the code. Speed lives in bench/.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
ACCEPTANCE = Path(__file__).resolve().parent / "acceptance"

# example folder -> seed number it rebuilds
SEEDS = {
    "rogemma2-9b-instruct-dpo": "000",
    "gemma-2-9b-it-dpo-gguf": "001",
    "gemma-2-9b-it-sppo-iter2": "002",
    "gemma-wukong-2b": "003",
    "zephyr-7b-gemma-v0.1": "004",
}
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def schema_fields(root: dict, node: dict | None = None, path: str = ""):
    """(path, resolved schema) of every field of a bundled schema, `[]` after list fields;
    `$ref`s followed here, independently of the code under test."""

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            target = root
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    node = resolve(root if node is None else node)
    for key, sub in node.get("properties", {}).items():
        here = f"{path}.{key}" if path else key
        sub = resolve(sub)
        yield here, sub
        yield from schema_fields(root, sub, here)
        if isinstance(sub.get("items"), dict):
            yield from schema_fields(root, sub["items"], here + "[]")


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) -> path, in a fresh temporary folder."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


MINIMAL = """\
model:
  repo_id: acme/tiny-dpo
  license: apache-2.0
  language: [en]
  pipeline_tag: text-generation
  base_model: acme/tiny-sft
  base_model_relation: finetune
evaluations:
  - id: arc
    benchmark: ARC Challenge
    task: {type: text-generation, name: Text Generation}
    dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test}
    few_shot: 25
    metrics:
      - {type: acc_norm, name: normalized accuracy, value: 58.45, stderr: 1.44}
  - id: gsm8k
    benchmark: GSM8K
    dataset: {id: openai/gsm8k, config: main, split: test}
    few_shot: 5
    metrics:
      - {type: exact_match, value: 45.56}
"""

# An RL agent's records as its stable-baselines3 / Sample Factory cards write them: each mean reward with its
# text `<mean> +/- <std>`, in a plain result, a group, a leaderboard and a comparison with a baseline.
RL_RECORDS = """\
model:
  repo_id: acme/ppo-box2d
  pipeline_tag: reinforcement-learning
  library_name: stable-baselines3
evaluations:
  - benchmark: Acrobot-v1
    dataset: {id: Acrobot-v1}
    metrics: [{type: mean_reward, value: -74.6, text: -74.60 +/- 11.48}]
  - id: lunar
    benchmark: LunarLander-v2
    dataset: {id: LunarLander-v2}
    group: Box2D
    metrics: [{type: mean_reward, value: 251.3, text: 251.30 +/- 20.60}]
  - id: walker
    benchmark: BipedalWalker-v3
    dataset: {id: BipedalWalker-v3}
    group: Box2D
    metrics: [{type: mean_reward, value: 298, text: 298 +/- 1.25}]
  - benchmark: CartPole-v1
    dataset: {id: CartPole-v1}
    source: {name: RL Zoo, url: 'https://github.com/DLR-RM/rl-baselines3-zoo'}
    metrics: [{type: mean_reward, value: 500.0, text: 500.00 +/- 0.00}]
groups:
  - name: Box2D
leaderboards:
  - source: RL Zoo
comparisons:
  - title: Against the RL Zoo's agent
    columns:
      - {label: LunarLander-v2, from: {evaluation: lunar}}
      - {label: BipedalWalker-v3, from: {evaluation: walker}}
    average: true
    rows:
      - {self: true}
      - {model: sb3/ppo-box2d, scores: {LunarLander-v2: 260.5, BipedalWalker-v3: 250.25}}
"""


def missing(reason: str, required_by: str) -> None:
    """Skip the test for what ``reason`` says is missing, or fail it when CI set ``required_by`` (such as
    MODELCARD_REQUIRE_TORCH) to 1: CI installs what the test needs, so a skip there would hide a broken install."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} -- {required_by}=1 is set")
    pytest.skip(reason)
