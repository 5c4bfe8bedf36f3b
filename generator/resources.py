"""Where the package finds its templates, schemas and Hub lists.

In a source checkout `templates/` and `schemas/` sit beside `generator/`; in an
installed wheel they are shipped inside the package (see pyproject.toml).
"""

from __future__ import annotations

import functools
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"generator installation is missing its {name}/ folder")


def templates_dir() -> Path:
    return _resource_dir("templates")


def schemas_dir() -> Path:
    return _resource_dir("schemas")


@functools.lru_cache(maxsize=None)
def data_list(name: str) -> frozenset[str]:
    """The lines of a list shipped in generator/data (``name``.txt; ``#`` lines are comments)."""
    text = (PACKAGE_DIR / "data" / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def hub_list(name: str) -> frozenset[str]:
    """One of the Hub's value lists shipped in generator/data (licenses, pipeline_tags, ...)."""
    return data_list(f"hub_{name}")


@functools.lru_cache(maxsize=None)
def _language_codes() -> dict[str, str]:
    return dict(line.split("\t") for line in hub_list("language_names"))


def language_code_of(name: str) -> str | None:
    """The ISO 639 code of a language named in words (`german`, `Chinese`), as 2019-2020 cards wrote `language`."""
    return _language_codes().get(name.strip().lower())
