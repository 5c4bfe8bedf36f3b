from conftest import MINIMAL

from generator import render_card, validate_card


def test_rendered_records_validate(write):
    report = validate_card(write("r.yaml", MINIMAL))
    assert report.ok
    assert report.values_checked >= 2


def test_card_whose_tables_disagree_lists_every_problem(write):
    card = render_card(write("r.yaml", MINIMAL))
    card = card.replace("| 58.45 |", "| 58.54 |").replace("| 45.56 |", "| 45.65 |")
    report = validate_card(write("README.md", card))
    assert not report.ok
    messages = [str(p) for p in report.errors]
    assert len(messages) == 2
    assert any("ARC Challenge normalized accuracy = 58.54, model-index says 58.45" in m for m in messages)
    assert any("GSM8K exact_match = 45.65, model-index says 45.56" in m for m in messages)
    assert all("README.md: line " in m for m in messages)


def test_edited_model_index_is_caught_too(write):
    card = render_card(write("r.yaml", MINIMAL)).replace("value: 58.45", "value: 60.0")
    report = validate_card(write("README.md", card))
    assert [p.path for p in report.errors] and "model-index says 60.0" in str(report.errors[0])


def test_card_without_frontmatter_and_bad_metadata(write):
    report = validate_card(write("README.md", "# Just a title\n"))
    assert "no YAML frontmatter" in str(report.errors[0])
    report = validate_card(write("README.md", "---\nlicense: apache2\nlanguage: jp\nlicense: mit\n---\n# x\n"))
    assert "duplicate key 'license'" in str(report.errors[0])
    report = validate_card(write("README.md", "---\nlicense: apache2\nlanguage: jp\n---\n# x\n"))
    assert {p.path for p in report.errors} == {"license", "language"}


def test_leaderboard_average_in_a_card_is_checked(write):
    base = MINIMAL.replace("stderr: 1.44}", "stderr: 1.44}\n    source: {name: LB, url: 'https://x.org'}")
    base = base.replace("value: 45.56}", "value: 45.56}\n    source: {name: LB, url: 'https://x.org'}")
    card = render_card(write("r.yaml", base + "leaderboards: [{source: LB}]\n"))
    assert "| Average       | 52.01 |" in card
    report = validate_card(write("README.md", card.replace("| Average       | 52.01 |", "| Average       | 55.01 |")))
    assert "Average 55.01 is not the mean" in str(report.errors[0])


def _round_trip(text: str) -> list[tuple]:
    """The eval results huggingface_hub finds after it rewrites the card's model-index."""
    from huggingface_hub import ModelCard
    from huggingface_hub.repocard_data import eval_results_to_model_index, model_index_to_eval_results

    data = ModelCard(text).data
    _, results = model_index_to_eval_results(eval_results_to_model_index(data.model_name, data.eval_results))
    return sorted((r.dataset_name, r.task_name, r.source_url, r.metric_type, r.metric_name, r.metric_value)
                  for r in results)


def _flat(text: str) -> list[tuple]:
    from huggingface_hub import ModelCard

    return sorted((r.dataset_name, r.task_name, r.source_url, r.metric_type, r.metric_name, r.metric_value)
                  for r in ModelCard(text).data.eval_results)


def test_results_huggingface_hub_merges_are_reported_only_when_the_merge_loses_something(write):
    """RoGemma's card lists XQuAD twice (exact_match, then f1) with the same task and dataset: huggingface_hub
    regroups them into one result and loses nothing, so the card passes --strict. Two results alike but for
    their dataset name or source lose one of them in the rewrite, and that is reported."""
    from conftest import EXAMPLES

    card = render_card(EXAMPLES / "rogemma2-9b-instruct-dpo")
    assert card.count("name: XQuAD\n") == 2
    assert _round_trip(card) == _flat(card)
    report = validate_card(write("README.md", card))
    assert "duplicate-result" not in {p.code for p in report.problems}
    renamed = card.replace("name: XQuAD\n", "name: XQuAD (ro)\n", 1)
    assert _round_trip(renamed) != _flat(renamed)  # one of the two names is gone
    found = [p for p in validate_card(write("README.md", renamed)).warnings if p.code == "duplicate-result"]
    assert len(found) == 1 and "but not dataset.name" in found[0].message
