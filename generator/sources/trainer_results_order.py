"""The order a run's final results are listed in (the card's "It achieves the following results" list): the results
files and trainer_state.json save their keys sorted, which is not the order the run gave them."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from generator.records.methods import key_metrics, metric_key, split_eval_set


def card_order(results: dict[str, Any], reward: bool) -> dict[str, Any]:
    """The final results in the order the card lists them: a GRPO / RLOO run's key ones first
    (:func:`key_results_first`), else each eval set's together, in the order the sets come, its loss first, as
    transformers' ``evaluate()`` returns them (its prefixing moves compute_metrics' keys after ``eval_loss``) and its
    own card lists them. The rest as they come when a file kept the order the run gave them (a *_no_trainer.py
    example's all_results.json); trainer_state.json and save_metrics' files save the keys sorted, which put
    ``Entropy`` and ``Logits/chosen`` before the loss, so those are listed key metrics first
    (:func:`~generator.records.methods.key_metrics`: a DPO run's reward accuracy and margin)."""
    if reward:
        return key_results_first(results)
    by_set: dict[Optional[str], list[str]] = {}
    for label in results:
        by_set.setdefault(split_eval_set(label)[1], []).append(label)
    first = {key: i for i, key in enumerate(["loss"] + key_metrics(metric_key(label) for label in results))}

    def ordered(labels: list[str]) -> list[str]:
        rest = [label for label in labels if metric_key(label) != "loss"]
        if rest != sorted(rest):  # the order the run gave them, which a file saved unsorted kept: its loss first
            return [label for label in labels if metric_key(label) == "loss"] + rest
        return sorted(labels, key=lambda label: first.get(metric_key(label), len(first)))

    return {label: results[label] for labels in by_set.values() for label in ordered(labels)}


def key_results_first(results: dict[str, Any]) -> dict[str, Any]:
    """A GRPO / RLOO run's final results, the key ones first (its reward, each reward function's mean, KL ...:
    :func:`generator.records.methods.key_metrics`), then its loss, then the rest as logged: nothing is left out, as
    transformers' own card lists every evaluation metric, but its ~20 (clip ratios, completion lengths ...) in key
    order put the reward last."""
    by_key: dict[str, list[str]] = {}
    for label in results:
        by_key.setdefault(metric_key(label), []).append(label)
    first = [label for key in key_metrics(by_key) + ["loss"] for label in by_key.get(key, [])]
    return {**{label: results[label] for label in first}, **results}


def by_set(results: dict[str, Any], logged: Mapping[str, Any]) -> dict[str, Any]:
    """``results`` of several eval sets in the log's order, each set's together (``Loss (a)``, ``Entropy (a)``, ...,
    ``Loss (b)``): the results files, saved with sorted keys, name each set's loss only beside the metrics TRL's
    trainers log without a set's name, which would put every set's loss first. One set's: as they are."""
    if len({split_eval_set(label)[1] for label in logged} - {None}) < 2:
        return results
    return {**{k: results[k] for k in logged if k in results}, **results}
