"""Per card: our load + render + validate against huggingface_hub's own path on the same data.

Baseline: ModelCard.from_template(ModelCardData(..., eval_results=[EvalResult...])) and
parsing the result back with ModelCard(content), the way a script using the hub client
builds a card. Both run in this process, on every example, median of 15 runs taken alternately.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import EXAMPLES, Target, clear_result_caches, machine, ms, paired_median_times, summary, table  # noqa: E402

FLAGSHIP, FLAGSHIP_GOAL, EVERY_GOAL = "rogemma2-9b-instruct-dpo", 12, 6


def hub_path(records) -> None:
    from huggingface_hub import EvalResult, ModelCard, ModelCardData

    evals = [EvalResult(task_type=e.task_type, task_name=e.task_name, dataset_type=e.dataset_id,
                        dataset_name=e.benchmark, dataset_config=e.dataset_config, dataset_split=e.dataset_split,
                        dataset_args=e.dataset_args, metric_type=m.type, metric_value=m.value, metric_name=m.name,
                        source_name=e.source_name, source_url=e.source_url)
             for e in records.indexed_evaluations for m in e.metrics]
    m = records.model
    data = ModelCardData(model_name=m.model_index_name, license=m.license if isinstance(m.license, str) else None,
                         language=list(m.language) if isinstance(m.language, tuple) else m.language,
                         base_model=m.base_model if isinstance(m.base_model, str) else list(m.base_model or []) or None,
                         datasets=list(m.datasets) or None, tags=list(m.tags) or None, pipeline_tag=m.pipeline_tag,
                         eval_results=evals or None)
    card = ModelCard.from_template(data, model_id=m.repo_id, model_summary=m.summary)
    ModelCard(str(card))


def our_path(path: str) -> None:
    from generator.check.validate import validate_card

    clear_result_caches()
    report = validate_card(path)  # load the records, render the card, check it
    assert report.ok, report.errors


def main() -> list[Target]:
    from generator.records.loader import load_records

    rows = []
    ratios = {}
    for name in sorted(os.listdir(EXAMPLES)):
        path = os.path.join(EXAMPLES, name)
        records = load_records(path)
        n = sum(len(e.metrics) for e in records.indexed_evaluations)
        hub, ours = paired_median_times(lambda: hub_path(records), lambda: our_path(path), repeat=15)
        ratios[name] = (hub, ours)
        rows.append([name, n, ms(hub), ms(ours), f"{hub / ours:.1f}x"])
    print(table("Per card: huggingface_hub ModelCard.from_template + ModelCard(content) vs modelcard-generator "
                "load + render + validate", ["example", "results", "huggingface_hub", "ours", "ratio (hub/ours)"], rows))
    hub, ours = ratios[FLAGSHIP]
    worst = min(ratios, key=lambda k: ratios[k][0] / ratios[k][1])
    w_hub, w_ours = ratios[worst]
    return [Target(f"per card, {FLAGSHIP}", f">= {FLAGSHIP_GOAL}x", ms(hub), ms(ours), f"{hub / ours:.1f}x",
                   hub / ours >= FLAGSHIP_GOAL),
            Target(f"per card, every example (lowest: {worst})", f">= {EVERY_GOAL}x", ms(w_hub), ms(w_ours),
                   f"{w_hub / w_ours:.1f}x", w_hub / w_ours >= EVERY_GOAL)]


if __name__ == "__main__":
    print(machine())
    print(summary(main()))
