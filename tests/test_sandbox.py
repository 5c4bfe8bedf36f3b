"""User templates run in a bounded, read-only sandbox (generator/render/sandbox.py).

* Runaway templates (issue 15.9): each payload runs as the real CLI in its own process with
  512 MiB of address space, and must stop with exit 1 and a "goes over a limit" message.
  The wall-clock timeout only catches a hang; no test asserts a duration.
* Read-only data (15.10): no template can change the records; the frontmatter written is
  the metadata that was checked, whatever the template does.
* The sandbox changes no output: what a template renders is what the trusted environment
  renders from the same source.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import jinja2
import pytest
from conftest import EXAMPLES, GOLDEN, MINIMAL, ROOT

from generator import load_records, render_card
from generator.card.frontmatter import frontmatter_block, metadata
from generator.errors import TemplateError
from generator.render.environment import _environment, _templates_loader, user_env
from generator.render.sandbox import MAX_BUILT, MAX_STEPS, MAX_VALUE, LimitedSandbox

ADDRESS_SPACE = 512 * 1024 ** 2
HANG = 120  # seconds: a guard against a hang, not a measure of speed

EXTENDS = '{%% extends "modelcard.md.j2" %%}\n{%% block uses %%}\n%s\n{%% endblock %%}\n'

RUNAWAY = {
    # loops: every turn counts, over literals, filters' output and ranges alike
    "nested_list_loops": "{% for a in [0]*1000000 %}{% for b in [0]*1000000 %}{% endfor %}{% endfor %}",
    "nested_ranges": "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
                     "{% endfor %}{% endfor %}{% endfor %}",
    "filtered_loop": "{% for a in [0]*1000000 %}{% for b in [0]*1000000 if b %}{% endfor %}{% endfor %}",
    "generator_loop": "{% for a in [0]*1000000 %}{% for b in ([0]*1000000)|map('abs') %}{% endfor %}{% endfor %}",
    "macro_fanout": "{% macro f(n) %}{% if n < 60 %}{{ f(n+1) }}{{ f(n+1) }}{% endif %}{% endmacro %}{{ f(0) }}",
    "recursive_loop": "{% for x in [[0]*1000]*1000 recursive %}{% if x is iterable %}{{ loop(x) }}{% endif %}"
                      "{% endfor %}",
    "block_calls": "{% for i in [0]*1000000 %}{{ self.header() }}{% endfor %}",
    "scan_in_loop": "{% set big = [0]*1000000 %}{% for i in big %}{% if -1 in big %}{% endif %}{% endfor %}",
    "sort_in_loop": "{% set big = [0]*1000000 %}{% for i in big %}{% set n = big|sort|first %}{% endfor %}",
    "list_method_in_loop": "{% set big = [0]*1000000 %}{% for i in big %}{% set c = big.count(1) %}{% endfor %}",
    "arguments_in_loop": "{% set big = [0]*1000000 %}{% for i in big %}{{ loop.cycle(*big) }}{% endfor %}",
    "slice_in_loop": "{% set big = [0]*1000000 %}{% for i in big %}{% set t = big[1:] %}{% endfor %}",
    "long_condition": "{% for i in [0]*1000000 %}{% if " + " and ".join(["i"] * 100) + " %}{% endif %}{% endfor %}",
    # strings and lists that would be far larger than any card
    "lipsum": "{{ lipsum(n=1000000) }}",
    "center": "{{ 'x'|center(2000000000) }}",
    "doubling": "{% set ns = namespace(s='x' * 1000000) %}{% for i in range(12) %}{% set ns.s = ns.s ~ ns.s %}"
                "{% endfor %}{{ ns.s|length }}",
    "doubling_plus": "{% set ns = namespace(s='x' * 1000000) %}{% for i in range(12) %}{% set ns.s = ns.s + ns.s %}"
                     "{% endfor %}",
    "doubling_in_a_block": "{% set ns = namespace(s='x' * 1000000) %}{% for i in range(12) %}{% set s2 %}{{ ns.s }}"
                           "{{ ns.s }}{% endset %}{% set ns.s = s2 %}{% endfor %}",
    "block_of_a_loop": "{% set s %}{% for i in range(10000) %}{{ 'x' * 1000000 }}{% endfor %}{% endset %}",
    "literal_text_in_a_block": "{% set s %}{% for i in [0]*1000000 %}" + "x" * 1000 + "{% endfor %}{% endset %}",
    "range": "{% for i in range(10**9) %}{% endfor %}",
    "string_times": "{{ ('x' * 10**9)|length }}",
    "list_times": "{{ ([1] * 10**9)|length }}",
    "fromkeys": "{{ {}.fromkeys(range(1000), 'a' * 1000000)|string|length }}",
    "list_of_big_strings": "{% set s = 'a' * 1000000 %}{{ ([s] * 1000)|string|length }}",
    "shared_list_text": "{% set ns = namespace(x=[1]) %}{% for i in range(40) %}{% set ns.x = [ns.x, ns.x] %}"
                        "{% endfor %}{{ ns.x|string|length }}",
    "percent_width": "{{ '%0999999999d' % 1 }}",
    "percent_star": "{{ '%*s'|format(999999999, 'x') }}",
    "format_width": "{{ '{:>999999999}'.format('x') }}",
    "format_nested_width": "{{ '{:{}}'.format('x', 999999999) }}",
    "format_repeated": "{{ ('{:999999}' * 1000).format(*([1] * 1000)) }}",
    "format_by_attr": "{{ ('{:>999999999}'|attr('format'))('x') }}",
    "format_map": "{{ '{a:>999999999}'.format_map({'a': 1}) }}",
    "ljust": "{{ 'x'.ljust(2000000000) }}",
    "zfill": "{{ 'x'.zfill(2000000000) }}",
    "expandtabs": "{{ ('\t' * 1000000).expandtabs(100000) }}",
    "replace": "{% set s = 'a' * 1000000 %}{{ s.replace('a', s)|length }}",
    "replace_filter": "{% set s = 'a' * 1000000 %}{{ s|replace('a', s)|length }}",
    "join_separator": "{% set s = 'a' * 1000000 %}{{ ([1] * 1000000)|join(s)|length }}",
    "join_method": "{% set s = 'a' * 1000000 %}{{ s.join(s)|length }}",
    "indent": "{{ ('a\n' * 1000000)|indent(100000)|length }}",
    "wordwrap": "{{ ('a ' * 1000000)|wordwrap(1, wrapstring='x' * 1000000)|length }}",
    "translate": "{{ ('a' * 1000000).translate({97: 'b' * 1000000})|length }}",
    "to_bytes": "{{ (1).to_bytes(2000000000, 'big')|length }}",
    "batch_fill": "{{ [1]|batch(1000000000, 0)|list|length }}",
    "slice_count": "{{ [1]|slice(1000000000)|list|length }}",
    "tojson_indent": "{{ ([[[0] * 1000000]])|tojson(indent=1000) }}",
    "sum_of_lists": "{{ ([[0] * 1000] * 1000000)|sum(start=[])|length }}",
    "map_center": "{{ ([1] * 1000)|map('center', 1000000)|join|length }}",
    "round_precision": "{{ 1.5|round(1000000000, 'ceil') }}",
    "power": "{{ (((10**100)**100)**100)**100 }}",
    "squaring": "{% set ns = namespace(x=10) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
    "deep_nesting": "{% set ns = namespace(x=[]) %}{% for i in range(10000) %}{% set ns.x = [ns.x] %}{% endfor %}",
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_a_runaway_template_stops_with_exit_1(name, write, tmp_path):
    records = write("records.yaml", MINIMAL)
    template = write("runaway.j2", EXTENDS % RUNAWAY[name])
    out = tmp_path / "out.md"
    cmd = [sys.executable, "-m", "generator", "render", str(records), "--template", str(template), "-o", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=_limited)
    try:
        stdout, stderr = proc.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{name}: still running after {HANG} s")
    assert proc.returncode == 1, (proc.returncode, stderr[-2000:])
    assert "template goes over a limit" in stderr, stderr[-2000:]
    assert "runaway.j2: line" in stderr and "(fix: " in stderr
    assert "Traceback" not in stderr and "MemoryError" not in stderr
    assert not out.exists() and stdout == ""


def test_the_limit_has_a_code_and_names_the_template_line(write, capsys):
    from generator.cli.main import main

    records = write("records.yaml", MINIMAL)
    template = write("t.j2", EXTENDS % "{{ 'x'|center(2000000000) }}")
    assert main(["render", str(records), "--template", str(template), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [problem] = report["problems"]
    assert problem["code"] == "template-over-limit" and problem["path"] == "line 3"
    assert "10 MiB" in problem["message"] and "center" in problem["message"]


# ---------------------------------------------------------------------------- what stays possible


def test_bounds_leave_room_for_a_large_card(write):
    """A template that walks 2,000 evaluations and their metrics, with filters, renders."""
    evaluations = "".join(f"  - {{benchmark: task {i}, dataset: {{id: acme/task-{i}}}, "
                          f"metrics: [{{type: acc, value: {i % 97}.5, stderr: 0.{i % 9 + 1}}}]}}\n" for i in range(2000))
    records = write("r.yaml", "model: {repo_id: acme/big, license: mit, pipeline_tag: text-generation}\nevaluations:\n" + evaluations)
    template = write("t.j2", EXTENDS % (
        "{% for e in records.evaluations %}- {{ e.benchmark | esc }}{% for m in e.metrics %}: {{ m.label | esc }} "
        "{{ m.value | value }}{% if m.stderr %} ± {{ m.stderr | value }}{% endif %}{% endfor %}\n{% endfor %}"))
    card = render_card(records, template=template)
    assert "- task 1998: acc 58.5 ± 0.1- task 1999: acc 59.5 ± 0.2" in card


def _both(source: str, **context) -> tuple[str, str]:
    """The text of ``source`` in the trusted environment and in the sandbox."""
    trusted = _environment(jinja2.Environment, _templates_loader()).from_string(source).render(**context)
    sandbox = _environment(LimitedSandbox, _templates_loader())
    sandbox.guard_functions()
    return trusted, sandbox.from_string(source).render(**context)


@pytest.mark.parametrize("source", [
    "{% for x in items %}{{ loop.index }}/{{ loop.length }}{{ ',' if not loop.last }}{% endfor %}",
    "{% for x in items|map('string') %}{{ loop.revindex }}{{ x }}{% endfor %}",
    "{% for x in items if x is odd %}{{ x }}{% else %}none{% endfor %}",
    "{% for x in tree recursive %}[{{ x.name }}{{ loop(x.children) }}]{% endfor %}",
    "{{ range(3)|list }} {{ range(2, 9, 3)|join('-') }} {{ lipsum(1, html=False, min=5, max=6)|wordcount }}",
    "{{ '%5.2f|%-4s|%(a)s' % (3.14159, 'ab', ) if false else '%5.2f|%-4s' % (3.14159, 'ab') }}",
    "{{ '{:>6}|{:.3f}|{name!r}'.format('ab', 2.5, name='x') }} {{ '{a}'.format_map({'a': 1}) }}",
    "{{ 'ab'.center(6, '*') }}{{ 'ab'|center(6) }}{{ 'a\tb'.expandtabs(4) }}{{ 'x'.zfill(3) }}",
    "{{ items|join(', ') }} {{ (items|map('string'))|join }} {{ ', '.join(['a', 'b']) }}",
    "{{ items|sum }} {{ [[1], [2]]|sum(start=[]) }} {{ items|batch(2, 0)|list }} {{ items|slice(2)|list }}",
    "{{ {'b': 1, 'a': [1, 2]}|tojson(indent=2) }} {{ {'b': 1}|pprint }}",
    "{{ 'a-b c'|replace('-', '+') }} {{ 'one two three'|wordwrap(5) }} {{ 'l1\nl2'|indent(2, true) }}",
    "{{ items|sort(reverse=true)|first }} {{ items|unique|list }} {{ items|select('odd')|list }} {{ items|max }}",
    "{{ 2 ** 10 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 'ab' * 3 }} {{ [1] * 3 }} {{ 1.5 * 2 }} {{ 'a' ~ 1 ~ none }}",
    "{% set ns = namespace(n=0) %}{% for x in items %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}",
    "{% macro m(a, b=2) %}{{ a + b }}{% endmacro %}{% macro w() %}<{{ caller() }}>{% endmacro %}{{ m(1) }}"
    "{% call w() %}c{% endcall %}",
    "{% set t %}{% for x in items %}{{ x }}{% endfor %}{% endset %}{{ t|length }}{% filter upper %}ab{% endfilter %}",
    "{{ items[1:3] }} {{ 'abcdef'[::2] }} {{ (1, 2) }} {{ {'a': 1}.items()|list }} {{ 3 in items }}",
    "{{ (1).to_bytes(2, 'big')|length }} {{ 'ab'.translate({97: 'xy'}) }} {{ 2.567|round(2, 'ceil') }}",
])
def test_the_sandbox_renders_what_the_trusted_environment_renders(source):
    tree = [{"name": "a", "children": [{"name": "b", "children": []}]}]
    trusted, sandboxed = _both(source, items=[3, 1, 2, 5], tree=tree)
    assert sandboxed == trusted


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_extending_the_default_template_renders_the_golden_card(example, write):
    template = write("t.j2", '{% extends "modelcard.md.j2" %}\n')
    golden = (GOLDEN / f"{example}.md").read_text(encoding="utf-8")
    assert render_card(EXAMPLES / example, template=template) == golden


def test_the_budget_figures_are_the_documented_ones():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    limits = readme[readme.index("## Limits"):]
    assert f"{MAX_STEPS:,} steps" in limits and f"{MAX_BUILT // 1024 ** 2} MiB" in limits
    assert MAX_VALUE == 10 * 1024 ** 2 and "10 MiB" in limits


# ---------------------------------------------------------------------------- read-only data

READ_ONLY_RECORDS = MINIMAL.replace("  base_model_relation: finetune\n", """\
  base_model_relation: finetune
  metadata:
    widget: [{text: "Hello"}]
    extra_gated_fields: {Company: text}
""").replace("split: test}\n    few_shot: 25", "split: test, args: {subset: hard}}\n    few_shot: 25")


@pytest.mark.parametrize("attack, code", [
    ("{{ model.metadata[1][1].update({'Company': 'select', 'license': 'mit'}) }}", "template-read-only"),
    ("{{ model.metadata[0][1].append({'text': 'injected'}) }}", "template-read-only"),
    ("{{ model.metadata[0][1][0].update({'text': 'changed'}) }}", "template-read-only"),
    ("{{ model.metadata[0][1].pop() }}", "template-read-only"),
    ("{{ model.metadata[0][1].clear() }}", "template-read-only"),
    ("{{ model.metadata[0][1].extend([1]) }}", "template-read-only"),
    ("{{ model.metadata[0][1].insert(0, 1) }}", "template-read-only"),
    ("{{ model.metadata[0][1].reverse() }}", "template-read-only"),
    ("{{ model.metadata[0][1].sort() }}", "template-read-only"),
    ("{{ model.metadata[1][1].setdefault('x', 1) }}", "template-read-only"),
    ("{{ model.metadata[1][1].popitem() }}", "template-read-only"),
    ("{{ records.evaluations[0].dataset_args.update({'subset': 'easy'}) }}", "template-read-only"),
    ("{{ records.evaluations[0].dataset_args.__setitem__('subset', 'easy') }}", "template-sandbox"),
    ("{% set d = records.evaluations[0].dataset_args %}{{ d.pop('subset') }}", "template-read-only"),
    ("{{ records.evaluations[0].__setattr__('benchmark', 'x') }}", "template-sandbox"),
])
def test_a_template_cannot_change_the_records(attack, code, write):
    path = write("r.yaml", READ_ONLY_RECORDS)
    records = load_records(path)
    with pytest.raises(TemplateError) as exc:
        render_card(records, template=write("t.j2", EXTENDS % attack), output=path.parent / "README.md")
    [problem] = exc.value.problems
    assert problem.code == code and problem.path == "line 3", problem
    if code == "template-read-only":
        assert "read-only" in problem.message and "would change the records" in problem.message
    assert records == load_records(path)  # deep: the nested dicts and lists too
    assert not (path.parent / "README.md").exists()


@pytest.mark.parametrize("template", [
    "{% for key, value in model.metadata %}{{ key }}: {{ value }}\n{% endfor %}{{ records.evaluations[0].dataset_args }}",
    "{% set copy = dict(model.metadata) %}{% set ns = namespace(tags=model.tags|list + ['x']) %}{{ ns.tags }}",
    "{{ model.metadata[1][1].update({'license': 'mit'}) }}",
    "{{ records.evaluations[0].dataset_args.update({'subset': 'easy'}) }}",
])
def test_the_frontmatter_written_is_the_metadata_checked(template, write):
    path = write("r.yaml", READ_ONLY_RECORDS)
    checked = frontmatter_block(metadata(load_records(path)))
    output = path.parent / "README.md"
    try:
        render_card(path, template=write("t.j2", EXTENDS % template), output=output)
    except TemplateError:
        assert not output.exists()
        return
    text = output.read_text(encoding="utf-8")
    assert text.startswith(checked)
    assert text.startswith(frontmatter_block(metadata(load_records(path))))


def test_the_sandbox_is_fresh_for_every_render(write):
    """The budget is per render: many small renders in one process never add up to a limit."""
    path = write("r.yaml", MINIMAL)
    template = write("t.j2", EXTENDS % "{% for i in range(1000) %}{% for j in range(100) %}{% endfor %}{% endfor %}")
    env_a, _ = user_env(template)
    env_b, _ = user_env(template)
    assert env_a is not env_b and env_a.steps == env_b.steps == 0
    for _ in range(MAX_STEPS // 100_000 + 1):  # each render takes more than 100,000 steps
        render_card(path, template=template)


def test_a_runaway_template_is_never_written_over_an_existing_card(write, tmp_path):
    records = write("records.yaml", MINIMAL)
    out = tmp_path / "README.md"
    out.write_text("kept\n", encoding="utf-8")
    template = write("t.j2", EXTENDS % RUNAWAY["doubling"])
    with pytest.raises(TemplateError):
        render_card(records, template=template, output=out)
    assert out.read_text(encoding="utf-8") == "kept\n"
    assert sorted(os.listdir(tmp_path)) == ["README.md", "records.yaml", "t.j2"]
