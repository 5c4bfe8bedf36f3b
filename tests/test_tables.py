from decimal import Decimal

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
    plain = Training(results=(TrainingRow(0.5, 1.0, 10, None),))
    assert "Validation Loss" in training_results_table(plain).header
