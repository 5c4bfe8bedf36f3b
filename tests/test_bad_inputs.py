"""Hostile inputs: every case of tests/bad_inputs/cases.yaml plus the generated ones below.

Each case runs the real CLI (``python -m generator ...``) in a temporary copy of its folder
and must:

* exit with the expected code by itself: not killed for running past CPU_LIMIT seconds of CPU
  (a runaway: alias bomb, quadratic scan) nor for hanging past HARD_TIMEOUT (speed itself is
  bench/'s, never asserted here);
* never show a traceback or an "internal error";
* name what a good message names: the file, the JSON path (or line), words of the fix;
* with ``--json``, carry the stable problem codes the case lists (``codes``);
* print problems one per line as ``error: file: path: message (fix: ...)``;
* stay within MEMORY_LIMIT of address space (a runaway read fails rather than swapping);
* when it fails: write nothing (no out.md, no stray files, a pre-existing out.md and every
  input file left byte-identical, nothing on stdout);
* when it renders hostile strings (exit 0): produce a card whose frontmatter keys, table
  shapes and links prove nothing was injected.

Cases that are big or cannot live in git (non-UTF-8, BOM, CRLF, empty file, symlinks, a
FIFO, 10 MB strings, deep nesting, alias bombs, a million rows, unreadable files) are
built by the functions in GENERATED.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
import yaml

from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_inputs"
SHARED_RECORDS = CORPUS / "_shared" / "records.yaml"

CPU_LIMIT = 10  # seconds of CPU time per command, a kernel limit: a runaway is killed (SIGXCPU) and reported
HARD_TIMEOUT = 30.0  # wall seconds: a command waiting on nothing is killed after this long and reported as hung
MEMORY_LIMIT = 2 * 1024 ** 3  # address space of each command: a runaway read fails instead of eating the machine
PREEXISTING = b"PRE-EXISTING CARD: must survive a failed render byte for byte\n"

# The expression huggingface_hub (repocard.py) and the Hub use to find the frontmatter.
HUB_FRONTMATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")


@dataclass
class Case:
    id: str
    cmd: list
    exit: int
    expect: list = field(default_factory=list)
    forbid: list = field(default_factory=list)
    codes: list = field(default_factory=list)  # problem codes the --json output must carry
    output: Optional[dict] = None
    then_validate: bool = False
    shared: bool = False
    about: str = ""
    folder: Optional[Path] = None  # committed case
    make: Optional[Callable[[Path], None]] = None  # generated case


# ---------------------------------------------------------------------------- generated cases

VALID = SHARED_RECORDS.read_text(encoding="utf-8") if SHARED_RECORDS.exists() else ""
VALID_KEYS = ["language", "license", "pipeline_tag", "base_model", "base_model_relation", "model-index"]
VALID_TABLES = [[5, 1], [2, 2]]  # results (Benchmark|Shots|Metric|Value|Stderr), comparison (Model|ARC)
MODEL = "model:\n  repo_id: acme/tiny-dpo\n  license: apache-2.0\n  language: [en]\n  pipeline_tag: text-generation\n"
VALID_CARD = """\
---
license: apache-2.0
model-index:
- name: acme/tiny-dpo
  results:
  - task:
      type: text-generation
    dataset:
      name: ARC Challenge
      type: allenai/ai2_arc
    metrics:
    - type: acc_norm
      name: normalized accuracy
      value: 58.45
---

# Tiny DPO

| Benchmark     | Metric              | Value |
| ------------- | ------------------- | ----: |
| ARC Challenge | normalized accuracy | 58.45 |
"""

GENERATED: list[Case] = []


def generated(id: str, cmd: list, exit: int, expect: list = (), **kw: Any):
    def register(make: Callable[[Path], None]) -> Callable[[Path], None]:
        GENERATED.append(Case(id=id, cmd=list(cmd), exit=exit, expect=list(expect), make=make, **kw))
        return make
    return register


def _write(path: Path, data: "str | bytes") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# -- encodings and line ends

@generated("gen_non_utf8_records", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", "line 3", "utf-8"], codes=["not-utf8"])
def _(d: Path) -> None:
    _write(d / "records.yaml", b"model:\n  repo_id: acme/tiny-dpo\n  details: {Developed by: Soci\xe9t\xe9 Acme}\n")


@generated("gen_utf16_records", ["render", "records.yaml", "-o", "out.md"], 1, ["records.yaml", "UTF-16", "utf-8"],
           about="saved as UTF-16 (with its BOM) by a Windows editor")
def _(d: Path) -> None:
    _write(d / "records.yaml", VALID.encode("utf-16"))


@generated("gen_utf16_card_without_bom", ["validate", "README.md"], 1, ["README.md", "UTF-16", "save it as UTF-8"],
           codes=["not-utf8"], about="a README.md saved as UTF-16 LE without a byte-order mark (Jtisch7/bertFinancialSent)")
def _(d: Path) -> None:
    _write(d / "README.md", "---\nlicense: apache-2.0\n---\n\n# Tiny DPO\n".encode("utf-16-le"))


@generated("gen_non_utf8_card", ["validate", "README.md"], 1, ["README.md", "line 7", "utf-8"])
def _(d: Path) -> None:
    _write(d / "README.md", b"---\nlicense: apache-2.0\n---\n\n# Tiny DPO\n\nD\xe9velopp\xe9 par Acme.\n")


@generated("gen_non_utf8_template", ["render", "records.yaml", "--template", "template.j2", "-o", "out.md"], 1,
           ["template.j2", "line 3", "utf-8"], shared=True, codes=["not-utf8"])
def _(d: Path) -> None:
    _write(d / "template.j2", b'{% extends "modelcard.md.j2" %}\n{% block end %}\n\xa9 Acme 2024\n{% endblock %}\n')


@generated("gen_nul_bytes", ["render", "records.yaml", "-o", "out.md"], 1, ["records.yaml", ["nul", "binary"]],
           codes=["not-text"])
def _(d: Path) -> None:
    _write(d / "records.yaml", b"model:\n  repo_id: acme/tiny-dpo\x00\x00\n")


@generated("gen_bom_records", ["render", "records.yaml", "-o", "out.md"], 0, then_validate=True,
           output={"frontmatter_keys": VALID_KEYS, "tables": VALID_TABLES}, about="a UTF-8 BOM is accepted")
def _(d: Path) -> None:
    _write(d / "records.yaml", b"\xef\xbb\xbf" + VALID.encode("utf-8"))


@generated("gen_bom_json_records", ["render", "records.json", "-o", "out.md"], 0,
           output={"frontmatter_keys": VALID_KEYS, "tables": VALID_TABLES}, about="a UTF-8 BOM before JSON is accepted")
def _(d: Path) -> None:
    _write(d / "records.json", b"\xef\xbb\xbf" + json.dumps(yaml.safe_load(VALID), indent=2).encode("utf-8"))


@generated("gen_crlf_records", ["render", "records.yaml", "-o", "out.md"], 0, then_validate=True,
           output={"frontmatter_keys": VALID_KEYS, "tables": VALID_TABLES}, about="CRLF line ends are accepted")
def _(d: Path) -> None:
    _write(d / "records.yaml", VALID.replace("\n", "\r\n"))


@generated("gen_bom_crlf_card", ["validate", "README.md"], 0, ["README.md", "ok"],
           about="a card saved with a BOM and CRLF line ends is a valid card")
def _(d: Path) -> None:
    _write(d / "README.md", b"\xef\xbb\xbf" + VALID_CARD.replace("\n", "\r\n").encode("utf-8"))


@generated("gen_crlf_template", ["render", "records.yaml", "--template", "template.j2", "-o", "out.md"], 0,
           shared=True, output={"frontmatter_keys": VALID_KEYS, "tables": VALID_TABLES, "literal": ["Research only."]})
def _(d: Path) -> None:
    _write(d / "template.j2", '{% extends "modelcard.md.j2" %}\r\n{% block uses %}\r\n## Uses\r\n\r\n'
                              'Research only.\r\n{% endblock %}\r\n')


# -- files that are not files

@generated("gen_empty_file", ["render", "records.yaml", "-o", "out.md"], 1, ["records.yaml", "empty"])
def _(d: Path) -> None:
    _write(d / "records.yaml", b"")


@generated("gen_template_is_directory", ["render", "records.yaml", "--template", "template.j2", "-o", "out.md"], 1,
           ["template.j2", "directory"], shared=True, codes=["is-a-directory"])
def _(d: Path) -> None:
    (d / "template.j2").mkdir()
    _write(d / "template.j2" / "base.j2", "x\n")


@generated("gen_section_file_is_directory", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", "$.sections[0].file", "usage.md", "directory"])
def _(d: Path) -> None:
    _write(d / "records.yaml", MODEL + "sections:\n  - {title: Usage, file: usage.md}\n")
    (d / "usage.md").mkdir()
    _write(d / "usage.md" / "index.md", "Use it.\n")


if os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() != 0:
    @generated("gen_unreadable_file", ["render", "records.yaml", "-o", "out.md"], 1,
               ["records.yaml", "permission", "readable"], about="chmod 000 records")
    def _(d: Path) -> None:
        _write(d / "records.yaml", VALID)
        os.chmod(d / "records.yaml", 0)
else:  # root reads anything: test a directory where the original card file is expected instead
    @generated("gen_unreadable_file", ["render", "records.yaml", "-o", "out.md"], 1,
               ["records.yaml", "$.original.card", "upstream.md", "directory"],
               about="running as root: chmod 000 cannot make a file unreadable, so a directory stands in for it")
    def _(d: Path) -> None:
        _write(d / "records.yaml", VALID + "original:\n  card: upstream.md\n")
        (d / "upstream.md").mkdir()
        _write(d / "upstream.md" / "README.md", "---\nlicense: mit\n---\n# Upstream\n")


@generated("gen_symlink_loop", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", ["symbolic link", "symlink", "loop"]], codes=["broken-symlink"])
def _(d: Path) -> None:
    os.symlink("loop.yaml", d / "records.yaml")
    os.symlink("records.yaml", d / "loop.yaml")


@generated("gen_folder_with_symlink_loop", ["render", "records", "-o", "out.md"], 1,
           [["02-evals.yaml", "03-more.yaml"], ["symbolic link", "symlink", "loop"]],
           about="a looping link inside a records folder must not be skipped silently")
def _(d: Path) -> None:
    _write(d / "records" / "01-model.yaml", VALID)
    os.symlink("03-more.yaml", d / "records" / "02-evals.yaml")
    os.symlink("02-evals.yaml", d / "records" / "03-more.yaml")


@generated("gen_section_symlink_escape", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", "$.sections[0].file", ["outside", "symlink", "symbolic link", "inside"]],
           forbid=["root:x:0"], about="usage.md is a link to /etc/passwd")
def _(d: Path) -> None:
    _write(d / "records.yaml", MODEL + "sections:\n  - {title: Usage, file: usage.md}\n")
    os.symlink("/etc/passwd", d / "usage.md")


ASSET_CARD = "---\nlicense: mit\n---\n\n# Tiny\n\n![Training loss](assets/loss.png)\n"
PUBLISH_PLOTS = ["publish", "card/README.md", "--plots", "--repo-id", "acme/tiny-dpo"]


@generated("gen_publish_asset_symlink_to_a_key", PUBLISH_PLOTS, 1,
           ["card/assets/loss.png", "outside", "symbolic link"], codes=["asset-outside-folder"], forbid=["PRIVATE KEY"],
           about="publish --plots would upload what assets/loss.png links to: a private key outside the card")
def _(d: Path) -> None:
    _write(d / "card" / "README.md", ASSET_CARD)
    _write(d / "keys" / "id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n")
    (d / "card" / "assets").mkdir()
    os.symlink("../../keys/id_rsa", d / "card" / "assets" / "loss.png")


@generated("gen_publish_asset_not_a_png", PUBLISH_PLOTS, 1, ["card/assets/loss.png", "not a PNG"],
           codes=["not-an-image"], forbid=["PRIVATE KEY"], about="a private key renamed loss.png")
def _(d: Path) -> None:
    _write(d / "card" / "README.md", ASSET_CARD)
    _write(d / "card" / "assets" / "loss.png", "-----BEGIN OPENSSH PRIVATE KEY-----\n")


@generated("gen_publish_assets_folder_symlink", PUBLISH_PLOTS, 1, ["card/assets/loss.png", "outside"],
           codes=["asset-outside-folder"], about="the whole assets folder is a link out of the card's folder")
def _(d: Path) -> None:
    _write(d / "card" / "README.md", ASSET_CARD)
    _write(d / "elsewhere" / "loss.png", b"\x89PNG\r\n\x1a\n" + bytes(16))
    os.symlink("../elsewhere", d / "card" / "assets")


@generated("gen_render_plots_assets_symlink_escape", ["render", "records.yaml", "--plots", "-o", "card/out.md"], 2,
           ["card/assets", "outside", "symbolic link"], codes=["asset-outside-folder"], shared=True,
           about="render --plots would write the plot files wherever an assets link points")
def _(d: Path) -> None:
    (d / "elsewhere").mkdir()
    (d / "card").mkdir()
    os.symlink("../elsewhere", d / "card" / "assets")


@generated("gen_fifo_records", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", ["regular file", "not a file", "fifo", "pipe"]], codes=["not-a-regular-file"],
           about="a named pipe blocks a naive read forever")
def _(d: Path) -> None:
    os.mkfifo(d / "records.yaml")


# -- size, depth and expansion

@generated("gen_string_10mb", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", ["10 MiB", "too large", "limit"]],
           about="a 10 MiB summary makes a card the Hub rejects (README over 10 MiB)")
def _(d: Path) -> None:
    words = ("lorem ipsum " * ((10 * 1024 * 1024) // 12 + 2))
    _write(d / "records.yaml", MODEL + "  summary: " + words.strip() + "\n")


@generated("gen_nesting_100_yaml", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", "$.model.metadata.a", "nest"])
def _(d: Path) -> None:
    _write(d / "records.yaml", MODEL + "  metadata: " + "{a: " * 100 + "1" + "}" * 100 + "\n")


@generated("gen_nesting_100k_yaml", ["render", "records.yaml", "-o", "out.md"], 1, ["records.yaml", "nest"])
def _(d: Path) -> None:
    _write(d / "records.yaml", MODEL + "  metadata: {deep: " + "[" * 100_000 + "]" * 100_000 + "}\n")


@generated("gen_nesting_100k_json", ["render", "records.json", "-o", "out.md"], 1, ["records.json", "nest"])
def _(d: Path) -> None:
    _write(d / "records.json", '{"model": {"repo_id": "acme/tiny-dpo", "metadata": {"deep": '
           + "[" * 100_000 + "]" * 100_000 + "}}}\n")


# A run folder's JSON nested past Python's recursion limit (json.loads raised RecursionError: "internal error"): its
# results file is refused as too deep; a log line, an adapter's safetensors header, a training_args.bin written as
# JSON and a README's arguments JSON so nested are read as no entry, header, arguments or JSON
@generated("gen_nesting_50k_results_json", ["build", "--trainer-dir", "run", "-o", "out.md"], 1,
           ["all_results.json", "nest", "the file the tool wrote"], codes=["too-deep"])
def _(d: Path) -> None:
    _write(d / "run" / "all_results.json", "[" * 50_000 + "]" * 50_000)


@generated("gen_nesting_50k_run_lines", ["build", "--trainer-dir", "run", "--repo-id", "acme/run", "-o", "out.md"], 0)
def _(d: Path) -> None:
    import struct

    header = b"[" * 50_000
    _write(d / "run" / "adapter_model.safetensors", struct.pack("<Q", len(header)) + header)
    _write(d / "run" / "adapter_config.json", '{"base_model_name_or_path": "Qwen/Qwen2-0.5B", "peft_type": "LORA", '
           '"task_type": "CAUSAL_LM", "r": 8, "target_modules": ["q_proj"]}')
    _write(d / "run" / "trainer_log.jsonl", "[" * 50_000 + "\n" + '{"current_steps": 1, "loss": 1.5, "epoch": 1.0}\n')
    _write(d / "run" / "training_args.bin", '{"output_dir": ' + "[" * 50_000)
    _write(d / "run" / "README.md", "---\ntags: [generated_from_trainer]\n---\n# run\n\n## Hyperparameters\n\n"
           "```json\n" + "[" * 50_000 + "\n```\n")


def _alias_levels(width: int, levels: int) -> str:
    lines = [f"    a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"    a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return MODEL + "  metadata:\n" + "\n".join(lines) + "\n"


@generated("gen_alias_bomb", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", "$.model.metadata", ["alias", "expands"]], about="billion laughs: 10^9 values")
def _(d: Path) -> None:
    _write(d / "records.yaml", _alias_levels(10, 10))


@generated("gen_alias_bomb_under_limit", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", "$.model.metadata", ["alias", "expands", "too many"]],
           about="4^10 = 1M values from 1 KB, under the 5M-node cap: must not render (or re-emit the bomb)")
def _(d: Path) -> None:
    _write(d / "records.yaml", _alias_levels(4, 10))


@generated("gen_million_evaluations_json", ["render", "records.json", "-o", "out.md"], 1,
           ["records.json", ["limit", "too large", "bytes"]], about="1,000,000 evaluations, about 90 MB")
def _(d: Path) -> None:
    row = ('{"benchmark": "b", "dataset": {"id": "acme/d"}, "task": {"type": "text-generation"}, '
           '"metrics": [{"type": "acc", "value": 1.5}]}')
    with open(d / "records.json", "w", encoding="utf-8") as fh:
        fh.write('{"model": {"repo_id": "acme/tiny-dpo"}, "evaluations": [\n')
        fh.write(",\n".join([row] * 1_000_000))
        fh.write("\n]}\n")


@generated("gen_million_training_rows", ["render", "records.yaml", "-o", "out.md"], 1,
           ["records.yaml", ["limit", "too many", "too large", "at most"]],
           about="1,000,000 training rows in 9 MB, under the byte cap; the card would be far over 10 MiB")
def _(d: Path) -> None:
    _write(d / "records.yaml", MODEL + "training:\n  results:\n" + "    - {}\n" * 1_000_000)


# ---------------------------------------------------------------------------- collecting cases


def _manifest_cases() -> list[Case]:
    data = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
    out = []
    for entry in data["cases"]:
        entry = dict(entry)
        out.append(Case(folder=CORPUS / entry["id"], **entry))
    return out


ALL_CASES = _manifest_cases() + GENERATED


def test_corpus_is_big_enough():
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    assert len(files) >= 50, f"only {len(files)} files under {CORPUS}"
    assert len(ALL_CASES) >= 60
    ids = [c.id for c in ALL_CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == {c.id for c in ALL_CASES if c.folder is not None}, "every folder is a case and vice versa"


# ---------------------------------------------------------------------------- running


def _snapshot(root: Path) -> dict[str, str]:
    """Every entry under root, with a digest of regular files; never opens FIFOs or follows links."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = "link:" + os.readlink(p)
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = "dir"
            elif stat.S_ISREG(st.st_mode):
                if not os.access(p, os.R_OK):
                    out[rel] = f"unreadable:{st.st_size}:{st.st_mtime_ns}"
                else:
                    out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = f"special:{stat.S_IFMT(st.st_mode)}"
    return out


@dataclass
class Run:
    code: Optional[int]  # None: killed after HARD_TIMEOUT
    stdout: str
    stderr: str
    elapsed: float  # wall time, seconds
    cpu: float = 0.0  # user + system time of the child, seconds

    def describe(self, args: list) -> str:
        code = "KILLED after %.0f s" % HARD_TIMEOUT if self.code is None else self.code
        return (f"$ python -m generator {' '.join(map(str, args))}\n  exit {code} in {self.elapsed:.2f} s\n"
                f"  stdout: {_clip(self.stdout)}\n  stderr: {_clip(self.stderr)}")


def _clip(text: str, limit: int = 1500) -> str:
    text = text.rstrip("\n")
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f" ... ({len(text)} chars)"


def _limit_resources() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 1))


def _run(args: list, cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "MODELCARD_DEBUG"}
    env["PYTHONIOENCODING"] = "utf-8"
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=HARD_TIMEOUT,
                              preexec_fn=_limit_resources)
    except subprocess.TimeoutExpired as exc:
        elapsed = time.perf_counter() - start
        return Run(None, (exc.stdout or b"").decode("utf-8", "replace"), (exc.stderr or b"").decode("utf-8", "replace"),
                   elapsed)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), elapsed,
               cpu)


def _prepare(case: Case, tmp_path: Path, name: str = "") -> Path:
    work = tmp_path / (name or case.id)
    if case.folder is not None:
        shutil.copytree(case.folder, work, symlinks=True)
    else:
        work.mkdir()
    if case.shared:
        shutil.copyfile(SHARED_RECORDS, work / "records.yaml")
    if case.make is not None:
        case.make(work)
    return work


def _output_target(case: Case) -> Optional[str]:
    for flag in ("-o", "--output"):
        if flag in case.cmd:
            return str(case.cmd[case.cmd.index(flag) + 1])
    return None


def _fragment_problems(case: Case, text: str) -> list[str]:
    problems = []
    folded = text.casefold()
    for frag in case.expect:
        options = frag if isinstance(frag, list) else [frag]
        if not any(str(o).casefold() in folded for o in options):
            problems.append("missing fragment " + (" | ".join(map(repr, options)) if len(options) > 1 else repr(options[0])))
    for bad in case.forbid:
        if bad in text:
            problems.append(f"forbidden text {bad!r} appears")
    return problems


def _json_codes(stdout: str) -> list[str]:
    """The code of every problem and warning in a --json report (render, validate, init, ...)."""
    report = json.loads(stdout)
    entries = report.get("problems", []) + report.get("warnings", [])
    for card in report.get("cards", []):
        entries += card.get("problems", []) + card.get("warnings", [])
    return [p.get("code", "") for p in entries]


def _code_problems(case: Case, run: Run, tmp_path: Path) -> list[str]:
    """The codes the case lists, in its --json output: its own run's, or a second run with --json added."""
    if "--json" not in case.cmd:
        args = list(case.cmd) + ["--json"]
        run = _run(args, _prepare(case, tmp_path, "json"))
        print(f"TIMING {case.id}[--json] {run.elapsed:.2f}s cpu={run.cpu:.2f}s exit={run.code}")
        if run.code != case.exit:
            return [f"exit code {run.code} with --json, {case.exit} without:\n" + run.describe(args)]
    try:
        found = _json_codes(run.stdout)
    except (ValueError, AttributeError, TypeError):
        return ["--json output is not a JSON report"]
    return [f"--json output has no problem with code {code!r} (codes: {found})"
            for code in case.codes if code not in found]


ERROR_LINE = re.compile(r"^error: [^\s:][^\n]*?: .*\(fix: .+\)$")
SUMMARY_LINE = re.compile(r"^.+: invalid(?: \(.*\))?$")


def _stderr_format_problems(stderr: str) -> list[str]:
    """One problem per line, as `error: file: path: message (fix: ...)` (README, Usage)."""
    problems = []
    for line in stderr.splitlines():
        if not line.strip() or line.startswith("warning: ") or SUMMARY_LINE.match(line) and not line.startswith("error"):
            continue
        if not ERROR_LINE.match(line):
            problems.append(f"stderr line is not `error: file: path: message (fix: ...)`: {line[:200]!r}")
    if "\x1b" in stderr:
        problems.append("stderr contains a raw ESC character (terminal escape sequences reach the user)")
    return problems


def _runaway_problem(run: Run, label: str) -> list[str]:
    """The command ended by itself: not hung, not killed by the kernel's CPU limit."""
    if run.code is None:
        return [f"{label}: hung; killed after {HARD_TIMEOUT:.0f} s of wall time"]
    if run.code == -signal.SIGXCPU:
        return [f"{label}: ran past {CPU_LIMIT} s of CPU time and was killed (cpu {run.cpu:.2f} s)"]
    return []


# ---------------------------------------------------------------------------- checking a rendered card


def _markdown(validate_links: bool = False):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    if not validate_links:
        md.validateLink = lambda url: True  # see every link a permissive renderer would make
    return md


def _walk(tokens):
    for tok in tokens:
        yield tok
        if tok.children:
            yield from _walk(tok.children)


def _raw_cells(line: str) -> int:
    """Cells of one GFM table line, counted on the source: unescaped pipes delimit."""
    s = line.strip()
    cells, cur, i, last_pipe = [], "", 0, False
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            cur += s[i:i + 2]
            i += 2
            last_pipe = False
            continue
        if ch == "|":
            cells.append(cur)
            cur = ""
            last_pipe = True
        else:
            cur += ch
            last_pipe = False
        i += 1
    if not last_pipe:
        cells.append(cur)
    if s.startswith("|"):
        cells = cells[1:]
    return len(cells)


MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
DANGEROUS_HTML = re.compile(r"<\s*script|<\s*iframe|javascript:|\son[a-z]+\s*=", re.I)


def _card_problems(case: Case, text: str) -> list[str]:
    spec = case.output or {}
    problems = []
    if "\r" in text:
        problems.append("card contains \\r (CR) characters")
    match = HUB_FRONTMATTER.match(text)
    if not match:
        return problems + ["card has no frontmatter block the Hub would find"]
    try:
        meta = yaml.safe_load(match.group(2))
    except yaml.YAMLError as exc:
        return problems + [f"frontmatter is not valid YAML: {exc}"]
    if not isinstance(meta, dict):
        return problems + [f"frontmatter is a {type(meta).__name__}, not a mapping"]
    if "frontmatter_keys" in spec and list(meta) != spec["frontmatter_keys"]:
        problems.append(f"frontmatter keys {list(meta)} != expected {spec['frontmatter_keys']}")
    for key, value in (spec.get("frontmatter_values") or {}).items():
        if meta.get(key) != value:
            problems.append(f"frontmatter {key} = {meta.get(key)!r}, expected {value!r}")
    body = text[match.end():]

    tokens = _markdown().parse(body)
    lines = body.split("\n")
    shapes = []
    for i, tok in enumerate(tokens):
        if tok.type != "table_open":
            continue
        header = rows = 0
        j = i + 1
        in_head = False
        while tokens[j].type != "table_close":
            t = tokens[j].type
            in_head = True if t == "thead_open" else False if t == "thead_close" else in_head
            if t == "th_open":
                header += 1
            if t == "tr_open" and not in_head:
                rows += 1
            j += 1
        shapes.append([header, rows])
        start, end = tok.map
        for n in range(start, end):
            if n == start + 1:
                continue  # delimiter row
            if _raw_cells(lines[n]) != header:
                problems.append(f"table line {n + 1} of the body has {_raw_cells(lines[n])} cells, header has "
                                f"{header}: {lines[n][:160]!r}")
    if "tables" in spec and shapes != spec["tables"]:
        problems.append(f"table shapes [columns, rows] {shapes} != expected {spec['tables']}")

    for tok in _walk(tokens):
        if tok.type in ("link_open", "image"):
            url = str(tok.attrGet("href") or tok.attrGet("src") or "")
            if DANGEROUS_SCHEME.match(url):
                problems.append(f"card links to {url[:80]!r}")
        if tok.type in ("html_block", "html_inline") and DANGEROUS_HTML.search(tok.content):
            problems.append(f"card carries raw HTML {tok.content.strip()[:100]!r}")
    # The body is what gets rendered as markdown/HTML. Frontmatter strings are YAML data (checked
    # above to keep their keys and values); the Hub shows them escaped, never as HTML.
    if not spec.get("script_in_code_ok") and re.search(r"<\s*script", body, re.I):
        problems.append("card body contains `<script`")
    if re.search(r"(?<!\\)\]\(\s*<?\s*javascript:", body, re.I):
        problems.append("card contains a `](javascript:` link")
    shown = MD_ESCAPE.sub(r"\1", text)  # what a reader sees: `111111\*3` shows as `111111*3`
    for lit in spec.get("literal", []):
        if lit not in shown:
            problems.append(f"expected literal text {lit!r} is not in the card")
    for bad in spec.get("absent", []):
        if bad in text:
            problems.append(f"text {bad!r} appears in the card (a template expression was evaluated?)")
    if "one_fence_contains" in spec:
        fences = [t for t in tokens if t.type == "fence"]
        if not any(all(s in f.content for s in spec["one_fence_contains"]) for f in fences):
            problems.append(f"no single code block holds all of {spec['one_fence_contains']}; "
                            f"{len(fences)} code blocks: {[f.content[:60] for f in fences]}")
    return problems


# ---------------------------------------------------------------------------- the test


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    work = _prepare(case, tmp_path)
    before = _snapshot(work)
    run = _run(case.cmd, work)
    print(f"TIMING {case.id} {run.elapsed:.2f}s cpu={run.cpu:.2f}s exit={run.code}")
    problems = _runaway_problem(run, "run")
    if run.code != case.exit:
        problems.append(f"exit code {run.code}, expected {case.exit}")
    both = run.stdout + "\n" + run.stderr
    if "Traceback" in both:
        problems.append("a Python traceback is shown")
    if "internal error" in both.lower():
        problems.append("an `internal error` is reported (an uncaught exception)")
    problems += _fragment_problems(case, both)
    wants_json = "--json" in case.cmd
    if wants_json and run.code is not None:
        try:
            json.loads(run.stdout)
        except ValueError:
            problems.append("--json output is not JSON")
    if case.codes and run.code is not None:
        problems += _code_problems(case, run, tmp_path)
    target = _output_target(case)
    after = _snapshot(work)

    if case.exit != 0:
        if not wants_json:
            problems += _stderr_format_problems(run.stderr)
        if case.cmd[0] == "render" and not wants_json and run.stdout.strip():
            problems.append("a failed render printed to stdout")
        if target and target in after and target not in before:
            problems.append(f"failed render created {target}")
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k != target)
        if changed:
            problems.append(f"a failed run changed files: {changed}")
        if target == "out.md" and case.cmd[0] == "render" and run.code is not None:  # (a hung run is not repeated)
            # the same run with a card already in place must leave it alone
            (work / "out.md").write_bytes(PREEXISTING)
            before2 = _snapshot(work)
            run2 = _run(case.cmd, work)
            print(f"TIMING {case.id}[pre-existing out.md] {run2.elapsed:.2f}s cpu={run2.cpu:.2f}s exit={run2.code}")
            problems += _runaway_problem(run2, "run with a pre-existing out.md")
            if (work / "out.md").read_bytes() != PREEXISTING:
                problems.append("a failed render changed a pre-existing out.md")
            if _snapshot(work) != before2:
                problems.append("a failed render with a pre-existing out.md changed other files")
            if run2.code != run.code:
                problems.append(f"exit code {run2.code} with a pre-existing out.md, {run.code} without")
    else:
        if case.output is not None:
            card = work / (target or "out.md")
            if not card.is_file():
                problems.append(f"render reported success but wrote no {card.name}")
            else:
                problems += _card_problems(case, card.read_bytes().decode("utf-8", "replace"))
        if case.then_validate and target and (work / target).is_file():
            check = _run(["validate", target], work)
            print(f"TIMING {case.id}[validate] {check.elapsed:.2f}s cpu={check.cpu:.2f}s exit={check.code}")
            problems += _runaway_problem(check, "validate of the rendered card")
            if check.code != 0:
                problems.append("the rendered card does not pass validate:\n" + check.describe(["validate", target]))

    if problems:
        pytest.fail(f"{case.id}" + (f" ({case.about})" if case.about else "") + ":\n"
                    + run.describe(case.cmd) + "\n" + "\n".join("- " + p for p in problems), pytrace=False)


# ---------------------------------------------------------------------------- nothing published

# inputs publish rightly takes: a card is what publish sends (render wants records); a valid first card;
# a good card beside a bad one; and cards with warnings only, which `validate --strict` refuses
# (publish, like validate, refuses errors, not warnings)
PUBLISH_ACCEPTS = {"render_given_a_card", "validate_good_and_bad", "card_generated_block_edited",
                   "card_model_index_not_a_number_strict"}


def _publish_input(case: Case) -> Optional[tuple[str, Optional[str]]]:
    """The (records or card, template) a failing render/validate case hands the generator, if any."""
    if case.exit != 1 or case.cmd[0] not in ("render", "validate") or case.id in PUBLISH_ACCEPTS:
        return None
    args = [str(a) for a in case.cmd[1:]]
    template = args[args.index("--template") + 1] if "--template" in args else None
    positional = [a for i, a in enumerate(args) if not a.startswith("-")
                  and (i == 0 or args[i - 1] not in ("--template", "-o", "--output"))]
    return (positional[0], template) if positional else None


PUBLISHABLE = [c for c in ALL_CASES if _publish_input(c) is not None]


@pytest.mark.parametrize("case", PUBLISHABLE, ids=[c.id for c in PUBLISHABLE])
def test_bad_input_is_never_published(case: Case, tmp_path: Path, local_hub) -> None:  # noqa: F811
    """The same input handed to publish: refused before the first request, no repo, no commit."""
    from generator.publish.publish import publish_card

    work = _prepare(case, tmp_path)
    source, template = _publish_input(case)
    cwd = os.getcwd()
    os.chdir(work)  # the case's paths are relative to its folder, as for the CLI
    try:
        result = publish_card(source, "acme/tiny-dpo", endpoint=local_hub.endpoint, token=local_hub.token,
                              template=template)
    finally:
        os.chdir(cwd)
    assert not result.ok and result.status == "invalid", (result.status, result.message)
    assert local_hub.requests == [], local_hub.requests
    assert local_hub.state.get_repo("model", "acme/tiny-dpo") is None
