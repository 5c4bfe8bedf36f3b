"""generator.sources.remote_imports: the packages a model's own code saved in its run folder imports."""

from __future__ import annotations

import json
import sys

import pytest

from generator.sources.remote_imports import _standard, remote_packages

AUTO_MAP = {"AutoModel": "modeling_own.OwnModel"}


def _saved(tmp_path, code: str):
    (tmp_path / "config.json").write_text(json.dumps({"auto_map": AUTO_MAP}))
    (tmp_path / "modeling_own.py").write_text(code, encoding="utf-8")
    return tmp_path


CODE = ("import os\nimport json, itertools\nimport torch\nimport einops\nfrom PIL import Image\n"
        "from .helpers import x\ntry:\n    import flash_attn\nexcept ImportError:\n    pass\n")


@pytest.mark.parametrize("without_names", [False, True])
def test_what_the_code_imports_beyond_the_standard_library_transformers_and_torch(tmp_path, monkeypatch,
                                                                                   without_names):
    """As transformers' check_imports reads it: not a `try` block's import; a relative import's module read in turn.
    Python 3.9 has no sys.stdlib_module_names: the standard library is told by where its modules are."""
    if without_names:
        monkeypatch.delattr(sys, "stdlib_module_names", raising=False)
    folder = _saved(tmp_path, CODE)
    (folder / "helpers.py").write_text("import sentencepiece\nimport collections\nx = 1\n", encoding="utf-8")
    assert remote_packages(folder, AUTO_MAP) == ("einops", "pillow", "sentencepiece")
    assert [_standard(n) for n in ("os", "json", "sys", "einops", "torch")] == [True, True, True, False, False]


def test_code_python_cannot_parse_gives_none(tmp_path):
    assert remote_packages(_saved(tmp_path, "(" * 200_000), AUTO_MAP) == ()
