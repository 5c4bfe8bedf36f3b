"""The default template's shipped code (generator/render/precompiled.py): fresh, used, and dropped when stale."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import EXAMPLES, GOLDEN

from generator import render_card
from generator.render import environment, precompiled
from generator.resources import templates_dir

SOURCE_PATH = templates_dir() / precompiled.TEMPLATE
SHIPPED = Path(precompiled.__file__).with_name(precompiled.MODULE.rsplit(".", 1)[-1] + ".py")


@pytest.fixture
def fresh_env():
    environment.default_env.cache_clear()
    yield
    environment.default_env.cache_clear()


def _plain_template() -> jinja2.Template:
    """The default template as Jinja compiles it without the shipped code."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())), **environment.OPTIONS)
    env.filters.update(environment.FILTERS)
    return env.get_template(precompiled.TEMPLATE)


def test_shipped_code_is_fresh():
    """Compiled from today's template; and, under the Jinja release it was compiled with, Jinja's exact code.
    Under another Jinja release (a fresh install may get a newer one) the code must not be used."""
    source = SOURCE_PATH.read_text(encoding="utf-8")
    env = environment.default_env()
    shipped, wanted = precompiled.shipped_key_line().split(), precompiled.key_line(env, source).split()
    # "# compiled from: jinja2 VERSION template DIGEST key KEY"
    assert shipped[6] == wanted[6], "the default template changed: run `python -m generator.render.precompiled`"
    if shipped[4] == jinja2.__version__:
        assert SHIPPED.read_text(encoding="utf-8") == precompiled.module_text(env, source), \
            "the Jinja options changed: run `python -m generator.render.precompiled`"
    else:
        assert precompiled.precompiled_code(env, source, str(SOURCE_PATH)) is None


def test_default_environment_runs_the_shipped_code(fresh_env):
    compiled_with = precompiled.shipped_key_line().split()[4]
    if compiled_with != jinja2.__version__:
        pytest.skip(f"the shipped code was compiled with Jinja {compiled_with}, this is {jinja2.__version__}: "
                    "it is not used (test_shipped_code_is_fresh checks that)")
    source = SOURCE_PATH.read_text(encoding="utf-8")
    shipped = precompiled.precompiled_code(environment.default_env(), source, str(SOURCE_PATH))
    assert shipped is not None
    template = environment.default_env().get_template(precompiled.TEMPLATE)
    plain = _plain_template()
    root = next(c for c in shipped.co_consts if getattr(c, "co_name", "") == "root")
    assert template.root_render_func.__code__.co_code == root.co_code
    # what Jinja's traceback rewriting reads: the template's file and its line map
    assert template.filename == plain.filename == str(SOURCE_PATH)
    assert template.root_render_func.__code__.co_filename == str(SOURCE_PATH)
    assert template.debug_info == plain.debug_info and template.blocks.keys() == plain.blocks.keys()


def test_stale_code_is_not_used_and_nothing_is_written(tmp_path):
    env = environment.default_env()
    source = SOURCE_PATH.read_text(encoding="utf-8")
    assert precompiled.precompiled_code(env, source + "\n", str(SOURCE_PATH)) is None
    other = jinja2.Environment(**{**environment.OPTIONS, "trim_blocks": False})
    assert precompiled.precompiled_code(other, source, str(SOURCE_PATH)) is None
    # an edited template in the templates folder: Jinja compiles it, the cache writes nothing
    (tmp_path / precompiled.TEMPLATE).write_text(source.replace("{{", "{{ ", 1), encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=precompiled.PrecompiledCache(),
                             **environment.OPTIONS)
    env.filters.update(environment.FILTERS)
    assert env.get_template(precompiled.TEMPLATE).debug_info == _plain_template().debug_info
    assert sorted(p.name for p in tmp_path.iterdir()) == [precompiled.TEMPLATE]


def test_card_is_the_same_without_the_shipped_code(fresh_env, monkeypatch):
    name = "zephyr-7b-gemma-v0.1"
    monkeypatch.setattr(precompiled, "MODULE", "generator.render.no_such_module")
    assert precompiled.precompiled_code(environment.default_env(), "", "") is None
    assert render_card(EXAMPLES / name) == (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
