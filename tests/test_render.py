import subprocess
import sys

import pytest
import yaml
from conftest import EXAMPLES, MINIMAL

from generator import load_records, render_card
from generator.card.managed import strip_markers
from generator.errors import RecordsError, TemplateError
from generator.markdown.frontmatter import split_card


def test_render_is_deterministic(write):
    path = write("r.yaml", MINIMAL)
    assert render_card(path) == render_card(path) == render_card(load_records(path))


def test_card_starts_with_frontmatter_and_title(write):
    card = render_card(write("r.yaml", MINIMAL))
    meta, body = split_card(card, "card")
    body = strip_markers(body)
    assert meta["license"] == "apache-2.0"
    assert body.lstrip().startswith("# tiny-dpo")
    assert "| ARC Challenge | 25 | normalized accuracy | 58.45 | 1.44 |" in body.replace("  ", " ").replace("  ", " ")


def test_record_strings_cannot_inject(write):
    path = write("r.yaml", """\
model:
  repo_id: acme/x
  name: "X <script>alert(1)</script>"
  pipeline_tag: text-generation
  tags: ["a\\n---\\nlicense: mit"]
evaluations:
  - benchmark: "B | {{ 7*7 }} {% if 1 %}x{% endif %}\\nnext"
    dataset: {id: a/b}
    metrics: [{type: "acc`", value: 1.5}]
""")
    card = render_card(path)
    meta, body = split_card(card, "card")
    body = strip_markers(body)
    assert "license" not in meta
    assert meta["tags"] == ["a\n---\nlicense: mit"]
    assert "<script>" not in card
    assert "{{ 7*7 }}" in body.replace("\\", "") and "49" not in body
    row = next(line for line in body.splitlines() if "B \\|" in line)
    assert row.count("|") - row.count("\\|") == 4  # three cells: the pipe in the name is escaped


def test_unknown_license_is_refused_at_render(write):
    with pytest.raises(RecordsError) as exc:
        render_card(write("r.yaml", "model: {repo_id: acme/x, license: apache2, pipeline_tag: text-gen}\n"))
    text = "\n".join(map(str, exc.value.problems))
    assert "$.model.license: 'apache2' is not a Hub license id" in text
    assert "$.model.pipeline_tag: 'text-gen' is not a Hub pipeline tag" in text


def test_user_template_overrides_a_block(write):
    records = write("r.yaml", MINIMAL)
    template = write("t.md.j2", '{% extends "modelcard.md.j2" %}{% block uses %}## Uses\n\nOnly for {{ model.name }}.\n{% endblock %}')
    card = render_card(records, template=template)
    assert "## Uses\n\nOnly for tiny-dpo." in card
    assert "## Evaluation" in card


@pytest.mark.parametrize("source, fragment", [
    ("{{ ''.__class__.__mro__ }}", "sandbox"),
    ("{{ cycler.__init__.__globals__ }}", "sandbox"),
    ("{{ self._TemplateReference__context }}", "sandbox"),
    ("{{ model.no_such_field }}", "missing field"),
    ("{% block x %}", "syntax error"),
    ('{% extends "nope.j2" %}', "not found"),
])
def test_hostile_or_broken_templates(write, source, fragment):
    records = write("r.yaml", MINIMAL)
    with pytest.raises(TemplateError) as exc:
        render_card(records, template=write("t.j2", source))
    assert fragment in str(exc.value)


def test_render_does_not_import_the_hub_client():
    code = ("import sys, generator; generator.render_card(sys.argv[1]);"
            "bad = [m for m in sys.modules if m.startswith(('huggingface_hub', 'httpx', 'requests'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "zephyr-7b-gemma-v0.1")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_frontmatter_is_safe_dump_of_metadata(write):
    card = render_card(write("r.yaml", MINIMAL))
    block = card.split("---\n")[1]
    assert yaml.safe_load(block)["model-index"][0]["results"][1]["metrics"][0]["value"] == 45.56


@pytest.mark.parametrize("template", [None])
def test_a_render_leaves_no_cycle_holding_the_records(template, write):
    """The template's context holds its top-level macro (free_sections), whose closure holds the context:
    the render empties the context, so the records go as soon as the last reference does, without waiting
    for (and slowing) the cyclic collector."""
    import gc
    import weakref

    from generator.render.card import render

    path = write("t.j2", template) if template else None
    records = load_records(EXAMPLES / "gemma-2-9b-it-dpo-gguf")
    gone = weakref.ref(records.original.records)  # embedded card: the template renders twice
    gc.disable()
    try:
        card = render(records, path)
        del records
        assert gone() is None
    finally:
        gc.enable()
    assert card.text


def test_the_default_templates_context_calls_as_jinjas_does():
    """The default environment's context calls plain functions and methods straight away; what it gives is what
    jinja2's Context.call gives, for those and for callables that ask for the context or environment."""
    import jinja2
    from jinja2.runtime import Context

    from generator.render.environment import default_env

    env = default_env()
    template = env.from_string("{{ f() }}")
    fast = template.new_context({"x": 1})
    plain = Context(env, dict(fast.parent), template.name, template.blocks)
    assert type(fast) is not Context

    class Holder:
        def method(self, a, b=2):
            return ("method", a, b)

        @jinja2.pass_context
        def asks(self, context, a):
            return ("asks", context.resolve("x"), a)

    class CallsWithEnv:
        @jinja2.pass_environment
        def __call__(self, environment, a):
            return ("env", environment is env, a)

    def stops():
        raise StopIteration

    callables = [lambda a, b=2: (a, b), Holder().method, Holder().asks, jinja2.pass_context(lambda c, a: c["x"] + a),
                 jinja2.pass_eval_context(lambda e, a: (e.autoescape, a)), CallsWithEnv(), len, stops]
    for func in callables:
        for kwargs in ({}, {"_loop_vars": {}}, {"_block_vars": {"x": 5}}):
            args = (1,) if func not in (len, stops) else (("a", "b"),) if func is len else ()
            got, want = fast.call(func, *args, **kwargs), plain.call(func, *args, **kwargs)
            assert _shown(got) == _shown(want)


def _shown(value):
    import jinja2

    return (type(value), value._undefined_hint if isinstance(value, jinja2.Undefined) else value)


def test_default_template_not_looked_up_on_disk_per_render(monkeypatch):
    """The shipped templates do not change under a running process: rendering does not stat them each time (a
    system call per render, dear on a VM)."""
    import os

    from generator.resources import templates_dir

    records = load_records(EXAMPLES / "zephyr-7b-gemma-v0.1")
    render_card(records)
    looked_at = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: looked_at.append(os.fspath(path)) or real_stat(path, *a, **k))
    render_card(records)
    monkeypatch.undo()
    assert [p for p in looked_at if p.startswith(str(templates_dir()))] == []


def test_an_original_rendered_here_is_found_on_lines_of_its_own():
    """The renderer passes the embedded original's body (collapsed already) over in one step: _joined says on which
    lines of the template's output that chunk is, and only for a chunk that starts a line."""
    from generator.render.card import _joined

    kept = "# Original\n\ntext\n"
    assert _joined(["intro\n\n", kept, "\n"], "card", kept) == ("intro\n\n" + kept + "\n", (2, 5))
    assert _joined([kept, "\n"], "card", kept)[1] == (0, 3)
    assert _joined(["intro ", kept], "card", kept)[1] is None  # not at a line start: the full pass
    same = "".join(["# Original\n", "\ntext\n"])
    assert same == kept and _joined(["intro\n", same], "card", kept)[1] is None  # an equal text, not the chunk


def test_the_default_templates_output_is_refused_over_the_cap(monkeypatch):
    """_joined measures the joined output once: over MAX_OUTPUT_BYTES it is refused, at the cap it is the card."""
    from generator.errors import TemplateError
    from generator.render import card

    monkeypatch.setattr(card, "MAX_OUTPUT_BYTES", 10)
    with pytest.raises(TemplateError) as exc:
        card._joined(["12345", "678901"], "card")
    assert exc.value.problems[0].code == "too-large"
    assert card._joined(["12345", "67890"], "card") == ("1234567890", None)
    kept = "".join(["b", "\n"])  # a string of its own, equal to the literal before it
    assert card._joined(["a\n", "b\n", kept], "card", kept) == ("a\nb\nb\n", (2, 3))  # that very chunk, not an equal one


def test_a_macro_is_called_by_the_default_context_as_jinjas_own_context_calls_it():
    """_PlainCallContext calls a template's macro with the evaluation context first, as Context.call does for a
    ``pass_eval_context`` __call__ (Jinja marks Macro's so): the same text, with arguments, defaults, varargs,
    keywords and a caller, and the same errors."""
    import jinja2
    from jinja2.runtime import Macro, _PassArg

    from generator.render.environment import OPTIONS, default_env

    assert _PassArg.from_obj(Macro.__call__) is _PassArg.eval_context
    source = ("{% macro m(a, b=2) %}{{ a }}-{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}"
              "{% macro c() %}[{{ caller() }}]{% endmacro %}"
              "{{ m(1) }} {{ m(3, b=4) }} {{ m(5, 6, 7) }} {{ m(8, z=9) }} {% call c() %}in{% endcall %}")
    plain = jinja2.Environment(**OPTIONS).from_string(source)
    ours = default_env().from_string(source)
    assert ours.new_context().__class__.__name__ == "_PlainCallContext"
    assert ours.render() == plain.render() == "1-2(){} 3-4(){} 5-6(7,){} 8-2(){'z': 9} [in]"
    bad = "{% macro n(a) %}{{ a }}{% endmacro %}{{ n(1, 2) }}"
    for env in (jinja2.Environment(**OPTIONS), default_env()):
        with pytest.raises(TypeError, match="takes not more than 1 argument"):
            env.from_string(bad).render()


def test_the_default_templates_context_is_the_one_jinja_makes():
    """_generate makes the template's context with the globals read into a dict once (Jinja iterates their ChainMap
    twice): the same parent, in the same order, the same globals' keys, blocks and name as Template.new_context's."""
    from generator.render.card import _new_context
    from generator.render.environment import default_env

    tmpl = default_env().get_template("modelcard.md.j2")
    context = {"model": object(), "range": "records' own", "h": lambda n: "#" * n}
    ours, jinjas = _new_context(tmpl, context), tmpl.new_context(context)
    assert list(ours.parent.items()) == list(jinjas.parent.items()) and ours.parent["range"] == "records' own"
    assert ours.globals_keys == jinjas.globals_keys and len(ours.globals_keys) > 3
    assert (ours.name, ours.blocks, ours.vars, type(ours)) == (jinjas.name, jinjas.blocks, jinjas.vars, type(jinjas))


def test_a_joined_sections_headings_move_with_it_but_a_setext_heading_cannot():
    """(Hand-written text.) A person's section joined under the card's heading of its name at another level has its
    `#` headings moved by the difference, code untouched; one with a setext heading (a line of `=` or `-` under
    text), whose level no `#` can move, or whose headings would leave the heading's levels, stays where it is."""
    from generator.render.joined import _moved_headings

    assert _moved_headings("Intro\n\n### Win Rate\n\n```\n# code\n```", 1, 3) == \
        "Intro\n\n#### Win Rate\n\n```\n# code\n```"
    assert _moved_headings("Intro\n\nWin Rate\n--------\n\ntext", 1, 3) is None
    assert _moved_headings("Intro\n\n---\n\ntext", 1, 3) == "Intro\n\n---\n\ntext"  # a rule under a blank line
    assert _moved_headings("###### Deep", 1, 3) is None and _moved_headings("### Up", -1, 2) is None
