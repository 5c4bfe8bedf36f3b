"""The packages a model's own code saved in its run folder imports that neither transformers nor torch installs: its
Quick start (trust_remote_code=True) installs them. transformers' dynamic_module_utils.check_imports reads each module
an auto_map names (config.json's, tokenizer_config.json's: ``module.Class``, or a list of them) and the modules it
imports relatively, and raises ImportError naming every top-level import that is not installed (get_imports: an import
in a ``try`` block, or under ``if is_..._available()``, is left out), 4.27 to 5.25. A ChatGLM-6B run's
tokenization_chatglm.py imports icetk (AriesChen-UPC/GeoLLM)."""

from __future__ import annotations

import ast
import importlib.util
import sys
import sysconfig
from pathlib import Path
from typing import Any, Iterator

from generator.io.files import loads_json

# What transformers 5.25 and torch 2.x install themselves (their requirements, by import name), and themselves
INSTALLED = frozenset({"transformers", "torch", "huggingface_hub", "numpy", "packaging", "yaml", "regex", "tokenizers",
                       "typer", "safetensors", "tqdm", "kernels", "filelock", "typing_extensions", "setuptools",
                       "pkg_resources", "sympy", "networkx", "jinja2", "fsspec"})
# An import name whose pip package is named otherwise
PIP_NAMES = {"PIL": "pillow", "sklearn": "scikit-learn", "cv2": "opencv-python", "google": "protobuf",
             "Levenshtein": "levenshtein", "skimage": "scikit-image", "attr": "attrs", "dateutil": "python-dateutil"}


def _entries(value: Any) -> Iterator[str]:
    """The ``module.Class`` references of an auto_map entry (a string, or AutoTokenizer's list of a slow and a fast
    one, either null), in this repo (``repo--module.Class`` names another's)."""
    for ref in value if isinstance(value, list) else [value]:
        if isinstance(ref, str) and "." in ref and "--" not in ref:
            yield ref.rsplit(".", 1)[0]


def _auto_map(path: Path) -> dict[str, Any]:
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    found = data.get("auto_map") if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def _imports(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(name, level) of each import of a module's code, as transformers' get_imports walks it: not into a ``try``
    block, nor into an ``if`` whose test calls an ``is_..._available`` function."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Try):
            continue
        if isinstance(node, ast.If) and any(
                isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", "")).startswith("is_")
                and getattr(call.func, "id", getattr(call.func, "attr", "")).endswith("_available")
                for call in ast.walk(node.test)):
            continue
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level
        else:
            yield from _imports(node)


def _standard(name: str) -> bool:
    """Whether ``name`` is a module of Python's standard library (sys.stdlib_module_names from Python 3.10; on 3.9, a
    built-in module or one found in the standard library's folder, outside site-packages)."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return name in names
    if name in sys.builtin_module_names:
        return True
    try:
        spec = importlib.util.find_spec(name)  # (a top-level name: nothing is imported)
    except (ImportError, ValueError):
        return False
    origin = getattr(spec, "origin", None) or ""
    return origin in ("built-in", "frozen") or origin.startswith(sysconfig.get_paths()["stdlib"]) \
        and "site-packages" not in origin


def remote_packages(folder: Path, auto_map: dict[str, Any]) -> tuple[str, ...]:
    """The pip packages (sorted) the modules of the model's own code in ``folder`` import beyond the standard library,
    transformers and torch (INSTALLED); () where its auto_maps (``auto_map``, config.json's as read, and
    tokenizer_config.json's) name no module saved there, or one is no Python."""
    modules = [module for value in [*auto_map.values(), *_auto_map(folder / "tokenizer_config.json").values()]
               for module in _entries(value)]
    seen: set[str] = set()
    packages: set[str] = set()
    while modules:
        module = modules.pop()
        if module in seen:
            continue
        seen.add(module)
        try:
            tree = ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # (no module there, or none Python parses: transformers would fail on it first)
        for name, level in _imports(tree):
            if level and name:  # (a module of the repo, read in turn)
                modules.append(name)
            elif name:
                top = name.split(".")[0]
                if not _standard(top) and top not in INSTALLED:
                    packages.add(PIP_NAMES.get(top, top))
    return tuple(sorted(packages))
