"""The public API: generator/__init__.py's lazy table, its TYPE_CHECKING imports, and the names."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, GOLDEN

import generator

INIT = Path(generator.__file__)


def _type_checking_imports() -> dict[str, str]:
    """name -> module of each import under ``if TYPE_CHECKING:`` in generator/__init__.py."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module, ast.dump(stmt)
                for alias in stmt.names:
                    found[alias.asname or alias.name] = stmt.module
    return found


def test_lazy_table_and_type_checking_imports_agree():
    lazy = {name: f"generator.{module}" for name, module in generator._EXPORTS.items()}
    assert _type_checking_imports() == lazy


def test_every_public_name_resolves_from_its_module():
    for name, module in generator._EXPORTS.items():
        value = getattr(generator, name)
        assert value is getattr(importlib.import_module(f"generator.{module}"), name)
        assert name in generator.__all__


def test_public_names_are_not_shadowed_by_subpackages():
    """A subpackage named like a public function would replace it once imported."""
    packages = {p.parent.name for p in INIT.parent.glob("*/__init__.py")}
    assert not packages & set(generator._EXPORTS)


def test_import_generator_loads_no_stage():
    code = "import sys, generator; print(sorted(m for m in sys.modules if m.startswith('generator.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# Cold start (issue 16): each command imports only what it uses. Python packages no plain render or card check needs
# (publishing, preview, plots, the pure-Python schema validator, PyYAML where the fast YAML readers and the text
# writer of the frontmatter do the work), and the stages a command does not run.
NEVER = ("huggingface_hub", "httpx", "requests", "markdown_it", "nh3", "tqdm", "matplotlib", "numpy", "PIL",
         "jsonschema", "referencing", "transformers", "torch", "yaml", "generator.io.libyaml")
NOT_BY = {
    "render": NEVER + ("generator.check", "generator.publish.", "generator.sources", "generator.render.preview",
                       "generator.render.plots", "generator.render._modelcard_md_j2", "generator.integrations",
                       # a user template's sandbox; fractions for scores written as fractions (none here)
                       "jinja2.sandbox", "generator.render.sandbox", "fractions", "difflib"),
    "validate": NEVER + ("jinja2", "jsonschema_rs", "bibtexparser", "difflib", "generator.records.loader",
                         "generator.records.builder", "generator.records.citations", "generator.records.model",
                         "generator.render", "generator.sources", "generator.publish.", "generator.integrations",
                         "multiprocessing"),
}


def _imported_by(*argv: str) -> list[str]:
    """The modules a `modelcard` command run in a fresh interpreter has imported when it ends."""
    code = ("import sys; from generator.cli.main import main; code = main(sys.argv[1:]); "
            "print(sorted(sys.modules)); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def _unwanted(modules: list[str], command: str) -> list[str]:
    """The modules of NOT_BY[command]: a name and its submodules, or (ending in '.') only the submodules, as for
    generator.publish, whose package holds only the defaults the CLI's help shows."""
    return [m for m in modules
            if any(m.startswith(p) if p.endswith(".") else m == p or m.startswith(p + ".") for p in NOT_BY[command])]


def test_render_imports_only_what_it_uses(tmp_path):
    """A plain render loads records, renders the shipped template code, and writes: no Hub client, Markdown
    parser, HTML sanitizer, plotting, card check or Jinja compilation of the default template."""
    card = tmp_path / "README.md"
    modules = _imported_by("render", str(EXAMPLES / "gemma-wukong-2b"), "-o", str(card))
    assert card.is_file() and {"jinja2", "generator.render.card"} <= set(modules)
    assert _unwanted(modules, "render") == []
    assert "bibtexparser" not in modules  # this example cites nothing: BibTeX is parsed only for citations
    modules = _imported_by("render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "-o", str(card))
    assert _unwanted(modules, "render") == []


def test_validate_imports_only_what_it_uses(tmp_path):
    card = tmp_path / "README.md"
    card.write_text((GOLDEN / "zephyr-7b-gemma-v0.1.md").read_text(encoding="utf-8"), encoding="utf-8")
    modules = _imported_by("validate", str(card))
    assert "generator.check.validate" in modules
    assert _unwanted(modules, "validate") == []


# Expressions of paths a plain render does not take (error messages, other commands, markup a rendered card has
# no need to read back): compiling them took milliseconds of its cold start (issue 16).
NOT_COMPILED_BY_RENDER = [("generator.records.numbers", "_WITH_ERROR"), ("generator.records.numbers", "_PERCENT"),
                          ("generator.cli.parser", "_INVALID_CHOICE"), ("generator.records.citations", "_KEY"),
                          ("generator.markdown.safety", "_TAG"), ("generator.markdown.safety", "_AUTOLINK"),
                          ("generator.markdown.frontmatter", "FRONTMATTER"), ("generator.card.managed", "META")]


def test_render_compiles_no_expression_it_does_not_use(tmp_path):
    code = ("import re, sys; compiled = set(); compile_ = re._compile\n"
            "def noting(pattern, flags):\n    compiled.add(str(pattern)); return compile_(pattern, flags)\n"
            "re._compile = noting\n"
            "from generator.cli.main import main; code = main(sys.argv[1:])\n"
            "import importlib\n"
            f"names = {NOT_COMPILED_BY_RENDER!r}\n"
            "print([name for module, name in names if importlib.import_module(module).__dict__[name].pattern "
            "in compiled]); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, "render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "-o",
                             str(tmp_path / "README.md")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


# The stages in the order data flows; a module may import from its own folder and the ones before it.
# Each is a package (integrations: the TrainerCallback, which builds and publishes cards and is imported by nothing
# else).
STAGES = ["io", "markdown", "records", "card", "sources", "render", "check", "publish", "integrations", "cli"]
MODULE_STAGES: set[str] = set()


def test_each_stage_imports_only_from_stages_before_it():
    root = INIT.parent
    assert {p.parent.name for p in root.glob("*/__init__.py")} == set(STAGES) - MODULE_STAGES
    assert all((root / f"{name}.py").is_file() for name in MODULE_STAGES)
    wrong = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        stage = parts[0] if len(parts) > 1 else path.stem
        if stage not in STAGES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
                other = node.module.split(".")[1]
                if other in STAGES and STAGES.index(other) > STAGES.index(stage):
                    wrong.append(f"{path.relative_to(root)}:{node.lineno} imports {node.module}")
    assert not wrong, "\n".join(wrong)
