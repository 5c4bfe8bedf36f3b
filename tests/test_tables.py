from decimal import Decimal
from pathlib import Path

from generator.records.model import Column, Comparison, Row
from generator.render.tables import comparison_table, escape_text, to_markdown


def test_escape_text_neutralises_markdown_and_html():
    assert escape_text("a|b\nc <script>x</script> [l](javascript:x) `c` *e*") == (
        "a\\|b c &lt;script&gt;x&lt;/script&gt; \\[l\\](javascript:x) \\`c\\` \\*e\\*")


def _comparison(**kw) -> Comparison:
    defaults = dict(title="T", columns=(Column("A"), Column("B", higher_is_better=False), Column("C")),
                    rows=(Row("one", (50.0, 3, "159/160")), Row("two", (60.5, 2, "160/160"), is_self=True),
                          Row("three", (60.5, None, "160/160"))))
    defaults.update(kw)
    return Comparison(**defaults)


def test_best_values_bold_with_ties_and_direction():
    table = comparison_table(_comparison())
    rows = [[c.text for c in row] for row in table.rows]
    assert rows[0] == ["one", "50", "3", "159/160"]  # a whole float without .0
    assert rows[1] == ["*two*", "**60.5**", "**2**", "**160/160**"]
    assert rows[2] == ["three", "**60.5**", "-", "**160/160**"]


def test_average_column_and_decimals():
    table = comparison_table(_comparison(columns=(Column("A"), Column("B")),
                                         rows=(Row("x", (37.52, 71.77)), Row("y", (21.6, None))),
                                         average=True, decimals=2, bold_best=False))
    assert table.header == ("Model", "A", "B", "Average")
    assert [c.text for c in table.rows[0]] == ["x", "37.52", "71.77", "54.65"]  # 54.645 rounds half up
    assert [c.text for c in table.rows[1]] == ["y", "21.60", "-", "-"]  # no average over missing values
    assert table.rows[0][3].value == Decimal("54.65")


def test_transpose_puts_models_in_columns():
    table = comparison_table(_comparison(transpose=True, bold_best=False))
    assert table.header == ("Benchmark", "one", "*two*", "three")
    assert [c.text for c in table.rows[0]] == ["A", "50", "60.5", "60.5"]


def test_markdown_alignment():
    md = to_markdown(comparison_table(_comparison(bold_best=False)))
    lines = md.splitlines()
    assert lines[1].startswith("| -----") and lines[1].endswith("-: |")
    assert len({line.count("|") for line in lines}) == 1


def test_training_table_drops_the_plain_validation_loss_when_each_eval_set_has_its_own():
    from generator.records.model import Training, TrainingRow
    from generator.render.tables import training_results_table

    per_set = Training(results=(TrainingRow(0.5, 1.0, 10, None, (("Validation Loss (a)", 0.4),
                                                                  ("Validation Loss (b)", 0.45))),))
    assert training_results_table(per_set).header == ("Training Loss", "Epoch", "Step", "Validation Loss (a)",
                                                      "Validation Loss (b)")
    plain = Training(results=(TrainingRow(0.5, 1.0, 10, None), TrainingRow(0.4, 2.0, 20, 0.42)))
    assert "Validation Loss" in training_results_table(plain).header
    train_log = Training(results=(TrainingRow(0.5, 1.0, 10, None, (("Rewards/margins", 0.1),)),))  # no evaluation
    assert training_results_table(train_log).header == ("Training Loss", "Epoch", "Step", "Rewards/margins")



def test_a_wide_training_log_shows_its_key_columns_and_folds_the_whole_log(tmp_path):
    """A GRPO log has 23 columns (transformers' card shows them all, and eval_num_tokens, TRL's count of the tokens
    trained on, which is no result): the card shows the losses, epoch, step and
    the rewards (each reward function's mean too), KL, entropy and completion length, with the whole log folded under
    it; the check holds both tables to the records, and the card reads back with every logged value."""
    from pathlib import Path

    from generator import build_card, ingest, validate_card
    from generator.io.yamlio import dump
    from generator.markdown.tables import parse_tables
    from generator.render.tables import MAX_TRAINING_COLUMNS

    run = Path(__file__).parent / "fixtures/versions/trainer/trl-1.16.0-grpo"
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest([run], repo_id="acme/grpo").data))
    card = build_card(trainer_dir=run, repo_id="acme/grpo").text
    key, whole = [t for t in parse_tables(card) if t.header[0] == "Training Loss"]
    assert key.header == ("Training Loss", "Epoch", "Step", "Validation Loss", "Completions/mean Length", "Entropy",
                          "Kl", "Reward", "Reward Std", "Rewards/answer Reward/mean")
    assert len(whole.header) == 23 > MAX_TRAINING_COLUMNS and set(key.header) < set(whole.header)
    assert "<details><summary>All 21 logged values</summary>" in card
    for row, full in zip(key.rows, whole.rows):
        assert dict(zip(key.header, row)).items() <= dict(zip(whole.header, full)).items()
    report = validate_card(records)
    assert report.ok and report.tables_checked == 2 and report.values_checked == 3 * (10 + 23), report.problems
    (tmp_path / "README.md").write_text(card)
    back = ingest([tmp_path / "README.md"]).data["training"]["results"]
    assert [len(r["metrics"]) for r in back] == [19, 19, 19]  # all but loss, epoch, step and validation loss


def test_a_training_log_up_to_the_limit_is_one_table():
    from generator.records.model import Training, TrainingRow
    from generator.render.tables import MAX_TRAINING_COLUMNS, training_tables

    metrics = tuple((f"M{i}", float(i)) for i in range(MAX_TRAINING_COLUMNS - 4))
    table, whole = training_tables(Training(results=(TrainingRow(0.5, 1.0, 10, 0.4, metrics),)))
    assert whole is None and len(table.header) == MAX_TRAINING_COLUMNS
    more = metrics + (("Reward", 1.0),)
    table, whole = training_tables(Training(results=(TrainingRow(0.5, 1.0, 10, 0.4, more),)))
    assert table.header == ("Training Loss", "Epoch", "Step", "Validation Loss", "Reward")
    assert len(whole.header) == MAX_TRAINING_COLUMNS + 1
    unknown = tuple((f"M{i}", float(i)) for i in range(20))  # no key metric: the first columns
    table, _ = training_tables(Training(results=(TrainingRow(0.5, 1.0, 10, 0.4, unknown),)))
    assert table.header[4:] == tuple(f"M{i}" for i in range(MAX_TRAINING_COLUMNS - 4))



def test_a_grpo_log_of_many_reward_functions_keeps_the_reward_and_each_functions_mean_first():
    """The key columns are taken most wanted first: GRPO's reward and each reward function's mean (what its reader
    looks for; TRL logs ``rewards/<name>/mean``), before KL and entropy, which the whole log keeps. Taken in column
    order, a run of many functions (open-r1's recipes give five and more) showed entropy and KL and cut functions."""
    from generator.records.model import Training, TrainingRow
    from generator.render.tables import training_tables

    functions = tuple((f"Rewards/f{i} Reward/mean", float(i)) for i in range(8))
    metrics = (("Entropy", 1.0), ("Kl", 0.1), ("Reward", 2.0), ("Reward Std", 0.5)) + functions
    table, whole = training_tables(Training(results=(TrainingRow(0.0, 1.0, 10, None, metrics),)))
    assert table.header == ("Training Loss", "Epoch", "Step", "Reward", "Reward Std") + tuple(
        name for name, _ in functions[:7])
    assert whole is not None and {"Entropy", "Kl", "Rewards/f7 Reward/mean"} < set(whole.header)


def test_an_orpo_log_shows_the_two_parts_of_its_loss():
    """ORPO's loss is its NLL loss less beta times the log odds ratio (TRL logs both, nll_loss and log_odds_ratio):
    the key columns a real TRL 0.24 ORPO run's card shows hold them beside its rewards."""
    from pathlib import Path

    from generator import build_card
    from generator.markdown.tables import parse_tables

    run = Path(__file__).parent / "fixtures/versions/trainer/trl-0.24.0-orpo"
    key, whole = [t for t in parse_tables(build_card(trainer_dir=run, repo_id="acme/orpo").text)
                  if t.header[0] == "Training Loss"]
    assert {"Nll Loss", "Log Odds Ratio", "Rewards/margins"} <= set(key.header) < set(whole.header)


def test_a_ner_log_of_entity_level_metrics_shows_its_scores_over_every_entity_type():
    """transformers' run_ner with return_entity_level_metrics logs seqeval's scores of each entity type (T005 F1,
    T005 Number, ...: 33 types here, sorted before the rest) beside its scores over all of them
    (overall_precision, recall, f1, accuracy): the key columns of a real 4.48 run (tests/trainer_shapes/ORIGINS.txt)
    are those, not the first two types' (one of 4 entities, one of 1), with every type's in the whole log."""
    from pathlib import Path

    from generator import build_card
    from generator.markdown.tables import parse_tables

    run = Path(__file__).parent / "trainer_shapes" / "ner_entity_metrics_4.48"
    key, whole = [t for t in parse_tables(build_card(trainer_dir=run).text) if t.header[0] == "Training Loss"]
    assert key.header == ("Training Loss", "Epoch", "Step", "Validation Loss", "Overall Accuracy", "Overall F1",
                          "Overall Precision", "Overall Recall")
    assert key.rows[-1] == ("0.0361", "9.9966", "27990", "1.2323", "0.8588", "0.5335", "0.5159", "0.5523")
    assert len(whole.header) == 140 and {"T005 F1", "T204 Number"} < set(whole.header)


# ---------------------------------------------------------------------------- the GFM table scanner

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.markdown.tables import parse_run, parse_tables, scan_run  # noqa: E402

_PIECES = ["|", "|", "|", " ", "\t", "-", "---", ":", ":--", "--:", ":-:", "a", "7.5", "**b**", "\\", "\\|", "`", "`x|y`",
           "_c_", "±", "é", "<b>", "&amp;"]
_RARE = ["\xa0", "\r", "\u2003", "\x1c"]  # characters that send a run to markdown-it-py
_line = st.lists(st.sampled_from(_PIECES * 20 + _RARE), max_size=12).map("".join)
_table_line = st.builds(lambda indent, rest: indent + "|" + rest, st.sampled_from([""] * 10 + [" ", "    "]), _line)
_delimiter = st.builds(lambda cells, lead, trail: lead + "|".join(cells) + trail,
                       st.lists(st.sampled_from(["---", ":--", "--:", ":-:", " - ", "-", ""]), min_size=1, max_size=5),
                       st.sampled_from(["|"] * 10 + ["", " |"]), st.sampled_from(["|", "", "| "]))


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow],
          database=None)
@given(st.lists(st.one_of(_table_line, _delimiter, _delimiter), min_size=2, max_size=6))
def test_scanner_reads_runs_as_markdown_it_does(lines):
    scanned = scan_run(lines)
    if scanned is not None:
        assert scanned == parse_run("\n".join(lines))


def test_scanner_takes_plain_runs_and_hands_over_the_rest():
    plain = ["| A | B |", "| --- | ---: |", "| x \\| y | **1** |", "| 2 |"]
    assert scan_run(plain) == parse_run("\n".join(plain))
    assert scan_run(plain)[0].rows == (("x | y", "1"), ("2", ""))
    assert scan_run(["  | A |", "| --- |"]) is None  # indented: markdown-it-py's indentation rules apply
    assert scan_run(["| A |\r", "| --- |"]) is None


def test_every_golden_card_scans_as_markdown_it_reads_it():
    import pathlib

    from generator.markdown.tables import table_runs

    for card in sorted(pathlib.Path(__file__).parent.joinpath("golden").glob("*.md")):
        body = card.read_text(encoding="utf-8")
        runs = table_runs(body)
        assert runs, card
        for _, lines in runs:
            assert scan_run(lines) is not None, card
            assert scan_run(lines) == parse_run("\n".join(lines)), card
        assert parse_tables(body)


# ---------------------------------------------------------------------------- checking a card rendered in this process

import pytest  # noqa: E402
from conftest import EXAMPLE_NAMES, EXAMPLES  # noqa: E402

from generator.check.tables import check_rendered_tables, embedded_tables, rendered_tables  # noqa: E402
from generator.check.validate import _check_card_text, check_rendered  # noqa: E402
from generator.records.loader import load_records  # noqa: E402
from generator.render.card import render  # noqa: E402


def _read_back(records, card, name):
    """What checking the card's text gives: the frontmatter parsed, every table read from the body."""
    from generator.check.validate import CheckReport

    problems, meta, body, tables, values = _check_card_text(card.text, name)
    more, t2, v2 = check_rendered_tables(records, card, body)
    return CheckReport(name, tuple(problems + more), tables + t2, values + v2, meta)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_a_rendered_card_is_checked_from_its_data_as_from_its_text(example):
    records = load_records(EXAMPLES / example)
    card = render(records)
    assert rendered_tables(card) == parse_tables("\n" + card.body)
    assert rendered_tables(card, blank_lines=0) == parse_tables(card.body)  # as publish checks card.body
    embedded = embedded_tables(records)
    assert rendered_tables(card, embedded=embedded) == parse_tables("\n" + card.body)
    report = check_rendered(records, card, example)
    assert report == _read_back(records, card, example)
    assert report.values_checked > 0 or example == "gemma-2-9b-it-dpo-gguf"


@pytest.mark.parametrize("example", ["gemma-2-9b-it-dpo-gguf", "gemma-wukong-2b"])
def test_the_tables_of_an_embedded_original_card_are_taken_from_its_cells(example):
    records = load_records(EXAMPLES / example)
    card = render(records)
    embedded = embedded_tables(records)
    assert embedded and all(t not in card.tables for t in embedded)
    parsed = rendered_tables(card, embedded=embedded)
    assert parsed == parse_tables("\n" + card.body)
    # each embedded table shown in the body comes back as its own plain rows, not read from the text again
    taken = [t for t in embedded if any(p.rows is t.plain()[1] for p in parsed)]
    assert taken == [t for t in embedded if t.markdown() in card.body]
    assert taken


@pytest.mark.parametrize("example", ["zephyr-7b-gemma-v0.1", "rogemma2-9b-instruct-dpo"])
def test_the_check_of_a_rendered_card_takes_its_size_from_the_render(example):
    from dataclasses import replace

    from generator.records.hubrules import MAX_CARD_BYTES

    card = render(load_records(EXAMPLES / example))
    assert card.size == len(card.text.encode("utf-8"))  # zephyr's card holds a character outside the BMP
    assert not [p for p in check_rendered(load_records(EXAMPLES / example), card, example).problems
                if p.code == "too-large"]
    over = check_rendered(load_records(EXAMPLES / example), replace(card, size=MAX_CARD_BYTES + 1), example)
    assert [p.code for p in over.errors] == ["too-large"]


def test_tables_in_free_text_are_still_read_and_checked(write):
    records = load_records(write("r.yaml", """\
model: {repo_id: acme/x, pipeline_tag: text-generation}
evaluations:
  - benchmark: ARC
    dataset: {id: allenai/ai2_arc}
    metrics: [{type: acc, value: 58.45}]
sections:
  - title: Hand-made
    content: |
      | Benchmark | Metric | Value |
      | --- | --- | --- |
      | ARC | acc | 60.1 |
"""))
    card = render(records)
    assert rendered_tables(card) == parse_tables("\n" + card.body)
    assert rendered_tables(card, blank_lines=0) == parse_tables(card.body)
    report = check_rendered(records, card, "r.yaml")
    assert report == _read_back(records, card, "r.yaml")
    assert report.errors and {p.code for p in report.errors} == {"table-value-mismatch"}
    assert all("60.1" in p.message for p in report.errors)


_CELL_PIECES = ["**", "*", "[", "]", "](", "](https://a.b/c", "](javascript:x", ")", "(", "\\", "\\*", "\\|", "\\\\", "\\[",
                "_", "__", "a", "b_c", "1.5", " ", "  ", "`", "±", "é", "&amp;", "&", "<b>", "!", "~", "-", ".", ":"]


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_CELL_PIECES), max_size=8).map("".join))
def test_cells_read_without_the_inline_parser_read_as_with_it(raw):
    from generator.markdown.tables import _quick_text, parsed_cell_text

    quick = _quick_text(raw)
    if quick is not None:
        assert quick == parsed_cell_text(raw)


def test_the_generators_cell_shapes_skip_the_inline_parser():
    from generator.markdown.tables import _quick_text

    for raw, text in [("**60.5**", "60.5"), ("*[a b](https://x.y/z)*", "a b"), ("[a](https://x.y)", "a"),
                      ("a\\|b \\*c", "a|b *c"), ("bench_task_1", "bench_task_1")]:
        assert _quick_text(raw) == text


def _runs_by_code_lines(body):
    """Table runs found with the fence scanner's own line walk (what table_runs must agree with)."""
    from generator.markdown.fences import code_lines

    runs, previous = [], -2
    for i, (line, fence) in enumerate(code_lines(body.split("\n"))):
        if fence is None and line.strip().startswith("|"):
            if previous == i - 1:
                runs[-1][1].append(line)
            else:
                runs.append((i, [line]))
            previous = i
    return [(start, lines) for start, lines in runs if len(lines) >= 2]


_BODY_LINES = ["| a | b |", "|---|---|", "  | c |", "\f| d |", "```", "```py", "````", "~~~", " ~~~ ", "\f```", "text",
               "", "`` x", "| `x` |", "\t```"]


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_BODY_LINES), max_size=14).map("\n".join))
def test_table_runs_follow_the_fences_as_the_fence_scanner_does(body):
    from generator.markdown.tables import table_runs

    assert table_runs(body) == _runs_by_code_lines(body)


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.one_of(st.floats(), st.floats(min_value=-1e4, max_value=1e4).map(lambda v: round(v, 4)),
                 st.floats(min_value=-1, max_value=1).map(lambda v: round(v, 6))), st.booleans())
def test_number_cell_shows_a_float_as_show_does(value, bold):
    """number_cell's short cut for floats written with few decimals gives show()'s text and precision."""
    from generator.records.numbers import show
    from generator.render.tables import number_cell

    cell, shown = number_cell(value, bold=bold), show(value)
    assert (cell.text, cell.decimals, cell.value is value) == (f"**{shown.text}**" if bold else shown.text,
                                                              shown.decimals, True)


# ---------------------------------------------------------------------------- short cuts of the per-value path

_ESCAPE_PIECES = ["a", "b c", " ", "  ", "\t", "\n", "\x1c", "\x85", "\xa0", "\u2028", "\u200b", "\u3000", "&", "&amp;",
                  "&#39;", "<", ">", "\\", "`", "*", "[", "]", "|", "_", "é", "{", "}", "1.5", "-", ":"]


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_ESCAPE_PIECES), max_size=8).map("".join))
def test_escape_text_short_cut_gives_the_full_escape(text):
    """A text with nothing to escape or fold is returned as it is: what the full escape gives."""
    from generator.markdown.escapes import _escaped, escape_text

    assert escape_text(text) == _escaped(text)


_NUMBER_PIECES = ["0", "5", "12", ".", "-", "+", "e", "E", "**", "*", " ", "_", "inf", "nan", "x", "\\"]


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=6).map("".join))
def test_cell_text_short_cut_for_numbers_reads_as_the_inline_parser(raw):
    """A number as the generator shows it, plain or bold, is read without the memo or the inline parser:
    the same text."""
    from generator.markdown.tables import _cell_text, cell_text, parsed_cell_text

    assert cell_text(raw) == _cell_text(raw) == parsed_cell_text(raw)


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.one_of(st.tuples(st.one_of(st.integers(), st.integers(min_value=-10**6, max_value=10**6)),
                           st.one_of(st.none(), st.integers(min_value=0, max_value=6))),
                 st.tuples(st.one_of(st.floats(min_value=-1e17, max_value=1e17).map(round).map(float),
                                     st.floats(allow_nan=False).filter(float.is_integer)), st.none())),
       st.booleans())
def test_number_cell_shows_ints_and_whole_floats_as_show_does(number, bold):
    """number_cell's short cuts for integers (any decimals) and whole floats give show()'s text and precision."""
    from generator.records.numbers import show
    from generator.render.tables import number_cell

    value, decimals = number
    cell, shown = number_cell(value, decimals, bold=bold), show(value, decimals)
    assert (cell.text, cell.decimals, cell.value is value) == (f"**{shown.text}**" if bold else shown.text,
                                                              shown.decimals, True)


def _markdown_cell_by_cell(table):
    """The table's markdown padded cell by cell (rjust for "r", ljust otherwise), the way to_markdown is held to."""
    widths = [len(h) for h in table.header]
    for row in table.rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell.text))
    align = table.align or tuple("l" for _ in table.header)

    def line(cells):
        return "| " + " | ".join(t.rjust(widths[i]) if align[i] == "r" else t.ljust(widths[i])
                                 for i, t in enumerate(cells)) + " |"

    rule = []
    for i, a in enumerate(align):
        w = max(widths[i], 3)
        rule.append(("-" * (w - 1) + ":") if a == "r" else (":" + "-" * (w - 2) + ":") if a == "c" else "-" * w)
    return "\n".join([line(table.header), "| " + " | ".join(rule) + " |"] + [line([c.text for c in r])
                                                                           for r in table.rows])


_CELL_TEXTS = st.lists(st.sampled_from(["a", "é", "{", "}", "{0}", "%", " ", "|", "x" * 30, "0"]), max_size=4).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=1, max_value=5).flatmap(lambda n: st.tuples(
    st.lists(_CELL_TEXTS, min_size=n, max_size=n),
    st.lists(st.sampled_from("lrc"), min_size=n, max_size=n),
    st.lists(st.lists(_CELL_TEXTS, min_size=max(n - 1, 1), max_size=n), max_size=5))))
def test_table_markdown_pads_as_cell_by_cell(parts):
    """to_markdown's one format call per full row pads each cell as rjust/ljust would, braces and long texts
    included; a short row is padded cell by cell."""
    from generator.render.tables import Cell, Table, to_markdown

    header, align, rows = parts
    table = Table("x", tuple(header), tuple(tuple(Cell(t) for t in r) for r in rows), tuple(align))
    assert to_markdown(table) == _markdown_cell_by_cell(table)


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=1, max_value=4).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(["a", "|", "a\\|b", ""]), min_size=n, max_size=n),
    st.lists(st.lists(st.sampled_from(["1", "|", "x|y", "", "**2**"]), min_size=max(n - 2, 1), max_size=n),
             max_size=4))))
def test_a_table_is_pipe_free_at_once_as_cell_by_cell(parts):
    """The check's count of a rendered table's pipes says what looking at every header and cell says."""
    from generator.check.tables import _pipe_free
    from generator.render.tables import Cell, Table

    header, rows = parts
    table = Table("x", tuple(header), tuple(tuple(Cell(t) for t in r) for r in rows))
    assert _pipe_free(table) == (not any("|" in h for h in header) and not any("|" in t for r in rows for t in r))


def test_a_metric_text_is_shown_as_written_and_its_number_counts(write):
    """A mean reward written as text (`251.30 +/- 20.60`) is shown so in the results, group and leaderboard
    tables; the group's average, the comparison, its average and its bold best use the number."""
    from conftest import RL_RECORDS

    from generator.render.tables import card_tables

    records = load_records(write("r.yaml", RL_RECORDS))
    tables = card_tables(records)
    assert [c.text for c in tables.results.rows[0]] == ["Acrobot-v1", "mean_reward", "-74.60 +/- 11.48"]
    ((group, group_table),) = tables.groups
    assert [row[3].text for row in group_table.rows] == ["251.30 +/- 20.60", "298 +/- 1.25"]
    assert group.average == Decimal("274.65")
    ((_, board),) = tables.leaderboards
    assert [[c.text for c in row] for row in board.rows] == [["Average", "500.00"], ["CartPole-v1", "500.00 +/- 0.00"]]
    ((_, comparison),) = tables.comparisons
    assert [[c.text for c in row][1:] for row in comparison.rows] == [["251.3", "**298**", "**274.65**"],
                                                                      ["**260.5**", "250.25", "255.38"]]
    card = render(records)
    assert check_rendered(records, card, "r.yaml").problems == ()
    edited = card.body.replace("251.30 +/- 20.60", "251.30 +/- 2.06")
    problems, _, _ = check_rendered_tables(records, card, edited)
    assert [(p.code, p.message) for p in problems] == [
        ("table-value-mismatch", "table 'Box2D' shows 251.30 +/- 2.06 where the records say 251.30 +/- 20.60")]


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.one_of(st.floats(), st.floats(min_value=-1e4, max_value=1e4).map(lambda v: round(v, 2)),
                 st.floats(min_value=-1, max_value=1).map(lambda v: round(v, 5)), st.sampled_from([0.0, -0.0, 54.1])),
       st.integers(min_value=0, max_value=10), st.booleans())  # the schemas' decimals: 0 to 10
def test_number_cell_shows_a_float_at_given_decimals_as_show_does(value, decimals, bold):
    """number_cell's short cut for a float written with at most the decimals asked for (54.1 at 2 decimals: 54.10)
    gives show()'s text and precision."""
    from decimal import InvalidOperation

    from hypothesis import assume

    from generator.records.numbers import show
    from generator.render.tables import number_cell

    try:
        shown = show(value, decimals)
    except InvalidOperation:  # over 28 digits once rounded (1e28 at 0 decimals): show's own limit, not the short cut's
        assume(False)
    cell = number_cell(value, decimals, bold=bold)
    assert (cell.text, cell.decimals, cell.value is value) == (f"**{shown.text}**" if bold else shown.text,
                                                              shown.decimals, True)


_NUMBERS = st.one_of(st.integers(min_value=-10**30, max_value=10**30),
                     st.floats(allow_nan=False, allow_infinity=False),
                     st.floats(min_value=-1e6, max_value=1e6).map(lambda f: round(f, 6)),
                     st.decimals(allow_nan=False, allow_infinity=False))


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(_NUMBERS, st.one_of(st.none(), st.integers(0, 10)), st.booleans())
def test_a_number_cell_shows_its_value_as_the_check_reads_it(value, decimals, bold):
    """What lets the check of a card rendered in this process take a number cell of a table it shows as it was
    made (records.numbers.finite_number): read back as the check reads a cell, the text number_cell writes for a
    finite number is that number, at the cell's decimals (the records' check) and at the decimals the text shows
    (the model-index check)."""
    from generator.check.tables import _as_written
    from generator.markdown.tables import cell_text
    from generator.records.numbers import HALF_UP, decimals_of, finite_number, read_number, shows
    from generator.render.tables import number_cell

    assert finite_number(value)
    cell = number_cell(value, decimals, bold=bold)
    text = cell_text(cell.text)
    shown = read_number(text)
    assert (cell.decimals is None and _as_written(text, value)) or (shown is not None and shows(shown, value, ties=HALF_UP, places=cell.decimals))
    if type(value) is not Decimal:  # a model-index value is an int or a float
        assert _as_written(text, value) or (shown is not None and shows(shown, value, ties=HALF_UP, places=decimals_of(shown)))


def test_a_table_the_card_shows_as_made_is_checked_from_its_cells():
    """A number cell of a table taken from the renderer's cells is not read back; one the body shows otherwise
    (edited here) still is, and its problem found."""
    from generator.records.numbers import finite_number

    records = load_records(EXAMPLES / "zephyr-7b-gemma-v0.1")
    card = render(records)
    assert not any(finite_number(v) for v in (True, float("nan"), float("inf"), Decimal("NaN"), "1", None))
    assert check_rendered(records, card, "r").problems == ()
    group = next(t for t in card.tables if t.kind == "group")
    row = next(row for row in group.rows if row[3].decimals is not None)
    edited_text = group.markdown().replace(f"| {row[3].text} |", "| 12.3456 |", 1)
    assert edited_text != group.markdown()
    edited = card.body.replace(group.markdown(), edited_text)
    problems, _, _ = check_rendered_tables(records, card, "\n" + edited)
    assert [p.code for p in problems] == ["table-value-mismatch"]


def test_a_section_title_is_inert_unless_it_is_one_whole_http_link():
    from generator.render.tables import escape_heading

    assert escape_heading("[Results](https://example.com/a_b)") == "[Results](https://example.com/a_b)"
    assert escape_heading("[*Results*](https://example.com)") == "[\\*Results\\*](https://example.com)"
    # a code span stays code (Narrativaai/fake-news-detection-spanish's "Fast usage with HF `pipelines`"); the rest is
    # inert as ever, and a backtick with no partner is escaped
    assert escape_heading("Fast usage with HF `pipelines`") == "Fast usage with HF `pipelines`"
    assert escape_heading("Run ``a`b`` *now* <b>") == "Run ``a`b`` \\*now\\* &lt;b&gt;"
    assert escape_heading("one ` tick |  here") == "one \\` tick \\| here"
    assert escape_heading("[Results](javascript:alert(1))") == "\\[Results\\](javascript:alert(1))"
    assert escape_heading("[draft] notes") == "\\[draft\\] notes"
    assert escape_heading("see [a](https://x.org) and [b](https://y.org)") == (
        "see \\[a\\](https://x.org) and \\[b\\](https://y.org)")
    assert escape_heading("<b>[x](https://x.org)</b>") == "&lt;b&gt;\\[x\\](https://x.org)&lt;/b&gt;"


def test_an_authors_decimals_pad_no_integer_only_a_leaderboards_scores(tmp_path):
    """An evaluation's ``decimals`` show its floats (and their standard errors, as the value) at that many decimals;
    an integer there, such as a count of samples, stays an integer (10042, not 10042.00) in the results table and
    an lm-eval group's. Only a leaderboard's score is padded: the Open LLM Leaderboard bot's 57.00 of a
    model-index `value: 57` (tests/card_shapes/open_llm_leaderboard_integer_score)."""
    from generator.records.loader import load_records
    from generator.render.card import render

    records = tmp_path / "records.yaml"
    records.write_text(
        "model: {repo_id: org/model, pipeline_tag: text-generation}\n"
        "groups: [{name: Harness}]\n"
        "leaderboards: [{source: Open LLM Leaderboard}]\n"
        "evaluations:\n"
        "- benchmark: hellaswag\n  dataset: {id: Rowan/hellaswag}\n  decimals: 2\n  metrics:\n"
        "  - {type: acc, value: 0.6, stderr: 0.01}\n  - {type: samples, value: 10042, stderr: 3}\n"
        "- benchmark: arc\n  group: Harness\n  decimals: 2\n  model_index: false\n  metrics:\n"
        "  - {type: acc, value: 0.5, stderr: 0.02}\n  - {type: samples, value: 1172, stderr: 1}\n"
        "- benchmark: TruthfulQA (0-shot)\n  source: {name: Open LLM Leaderboard, url: 'https://hf.co/x'}\n"
        "  dataset: {id: truthfulqa/truthful_qa}\n  decimals: 2\n  metrics:\n  - {type: mc2, value: 57}\n", encoding="utf-8")
    text = render(load_records(records)).text
    assert "| hellaswag | acc     |  0.60 |   0.01 |\n|           | samples | 10042 |      3 |" in text
    assert "| arc  |         | acc     |  0.50 | ± |   0.02 |\n|      |         | samples |  1172 | ± |      1 |" in text
    assert "| TruthfulQA (0-shot) | 57.00 |" in text


def test_the_results_table_shows_a_benchmark_at_its_shot_counts_together(tmp_path):
    """saucam/Nereus-7B's results (tests/eval_shapes/lm_eval_two_shot_counts/): an undated lm-eval 0.3 run at 0
    shots (arc_challenge, arc_easy, boolq) and a dated 0.4 run of arc_challenge at 25: read in run order, the 25-shot
    result came last, far from the 0-shot one."""
    from generator.cli.main import main

    card = tmp_path / "README.md"
    folder = Path(__file__).resolve().parent / "eval_shapes" / "lm_eval_two_shot_counts"
    assert main(["build", "--eval", str(folder), "-o", str(card)]) == 0
    rows = [line.split("|")[1].strip() for line in card.read_text().splitlines()
            if line.startswith("| ") and line.split("|")[1].strip().strip("-")]
    assert rows[rows.index("Benchmark") + 1:] == ["arc_challenge (0-shot)", "arc_challenge (25-shot)",
                                                   "arc_easy (0-shot)", "boolq (0-shot)"]


def _imported(tmp_path: Path, name: str):
    """The records `modelcard ingest` makes of a real card of tests/card_shapes (its bytes: CRLF kept)."""
    from generator import ingest
    from generator.records.loader import records_from_data

    card = tmp_path / name / "README.md"
    card.parent.mkdir()
    card.write_bytes((Path(__file__).resolve().parent / "card_shapes" / f"{name}.md").read_bytes())
    return records_from_data(ingest(sources=[card], repo_id="org/model").data)


def test_a_metric_value_that_is_a_list_or_mapping_has_no_row(tmp_path):
    """MTEB 1.12's `v_measures: [...]` beside each clustering's v_measure (w601sxs/b1ade-embed, card_shapes/ORIGINS.txt):
    the table shows the scores, not the lists (no one score each), and the card's check finds
    every row as its model-index holds it; an evaluation whose every value is one (a Trainer card's rouge dict) has
    no row, and a card of nothing else no table."""
    from generator.check.validate import validate_card
    from generator.render.card import render
    from generator.render.tables import results_table

    records = _imported(tmp_path, "mteb_v_measures_beside_v_measure")
    table = results_table(records.evaluations)
    assert [(row[0].text, row[1].text) for row in table.rows] == [
        ("MTEB AmazonCounterfactualClassification (en)", "accuracy"), ("", "ap"), ("", "f1"),
        ("MTEB ArxivClusteringP2P", "v_measure"), ("MTEB ArxivClusteringS2S", "v_measure")]
    card = tmp_path / "README.md"
    card.write_text(render(records).text, encoding="utf-8")
    report = validate_card(card)
    assert report.errors == () and report.warnings == ()  # lists beside their scores: data kept, nothing to fix
    assert (report.tables_checked, report.values_checked) == (1, 5)
    rouge = _imported(tmp_path, "trainer_rouge_dict_value")
    assert [m.values is not None for e in rouge.evaluations for m in e.metrics] == [True]
    assert results_table(rouge.evaluations) is None


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES + ["**1**", "***", "****"]), max_size=6).map("".join))
def test_cell_text_takes_a_number_as_the_shown_number_pattern_does(raw):
    """cell_text's short cut (str.strip over the number characters) takes what the pattern of a number as the
    generator shows it, plain or bold, matches whole, and reads it as that pattern's group."""
    import re

    from generator.markdown.tables import cell_text

    number = re.fullmatch(r"\*\*([-+.0-9eE]+)\*\*|([-+.0-9eE]+)", raw)
    if number is not None:
        assert cell_text(raw) == (number[1] or number[2])
