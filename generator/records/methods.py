"""Training methods: display names (renderer and card importer) and the paper each was introduced in.

The log keys of a GRPO / RLOO run's reward functions (:func:`reward_keys`), the logged values a reader looks for
first (:func:`key_metrics`) and the logged timings that are no metric (:func:`is_timing`) are here too: the Trainer
reader lists the functions and puts a GRPO run's key results first, the renderer shows them among a wide log's key
columns and charts no timing.

A method's paper is what TRL's own card links ("a method introduced in [title](https://huggingface.co/papers/ID)")
and cites; the BibTeX entries live in generator/data/citations.bib under the keys given here.
"""

from __future__ import annotations

from typing import Iterable, Optional

from generator.frozen import dataclass

METHODS = {
    "sft": "Supervised fine-tuning (SFT)",
    "dpo": "Direct Preference Optimization (DPO)",
    "ipo": "Identity Preference Optimization (IPO)",
    "kto": "Kahneman-Tversky Optimization (KTO)",
    "orpo": "Odds Ratio Preference Optimization (ORPO)",
    "simpo": "Simple Preference Optimization (SimPO)",
    "sppo": "Self-Play Preference Optimization (SPPO)",
    "cpo": "Contrastive Preference Optimization (CPO)",
    "ppo": "Proximal Policy Optimization (PPO)",
    "rlhf": "Reinforcement learning from human feedback (RLHF)",
    "grpo": "Group Relative Policy Optimization (GRPO)",
    "rloo": "REINFORCE Leave-One-Out (RLOO)",
    "online-dpo": "Online Direct Preference Optimization (Online DPO)",
    "xpo": "Exploratory Preference Optimization (XPO)",
    "nash-md": "Nash Mirror Descent (Nash-MD)",
    "bco": "Binary Classifier Optimization (BCO)",
    "gkd": "Generalized Knowledge Distillation (GKD)",
    "distillation": "On-policy distillation",
    "reward": "Reward modeling",
    "prm": "Process reward modeling (PRM)",
    "pretraining": "Pretraining",
    "merge": "Model merging",
}


@dataclass(frozen=True)
class Paper:
    """The paper a method or library was introduced in."""

    short: str  # the name TRL's card uses: "DPO"
    title: str
    paper_id: str  # arXiv id, as huggingface.co/papers/<id> serves it
    key: str  # its BibTeX key in generator/data/citations.bib

    @property
    def url(self) -> str:
        return f"https://huggingface.co/papers/{self.paper_id}"


# Titles and ids as TRL's trainers give them (their `_paper`), for the methods TRL has a trainer for.
PAPERS = {
    "dpo": Paper("DPO", "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
                 "2305.18290", "rafailov2023direct"),
    "ipo": Paper("IPO", "A General Theoretical Paradigm to Understand Learning from Human Preferences",
                 "2310.12036", "azar2024general"),
    "kto": Paper("KTO", "KTO: Model Alignment as Prospect Theoretic Optimization", "2402.01306", "ethayarajh2024kto"),
    "orpo": Paper("ORPO", "ORPO: Monolithic Preference Optimization without Reference Model", "2403.07691",
                  "hong2024orpo"),
    "cpo": Paper("CPO", "Contrastive Preference Optimization: Pushing the Boundaries of LLM Performance in Machine "
                 "Translation", "2401.08417", "xu2024contrastive"),
    "simpo": Paper("SimPO", "SimPO: Simple Preference Optimization with a Reference-Free Reward", "2405.14734",
                   "meng2024simpo"),
    "sppo": Paper("SPPO", "Self-Play Preference Optimization for Language Model Alignment", "2405.00675",
                  "wu2024self"),
    "grpo": Paper("GRPO", "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models",
                  "2402.03300", "shao2024deepseekmath"),
    "ppo": Paper("PPO", "Fine-Tuning Language Models from Human Preferences", "1909.08593",
                 "mziegler2019fine-tuning"),
    "rlhf": Paper("RLHF", "Training language models to follow instructions with human feedback", "2203.02155",
                  "ouyang2022training"),
    "rloo": Paper("RLOO", "Back to Basics: Revisiting REINFORCE-Style Optimization for Learning from Human Feedback "
                  "in LLMs", "2402.14740", "ahmadian2024back"),
    "online-dpo": Paper("Online DPO", "Direct Language Model Alignment from Online AI Feedback", "2402.04792",
                        "guo2024direct"),
    "bco": Paper("BCO", "Binary Classifier Optimization for Large Language Model Alignment", "2404.04656",
                 "jung2024binary"),
    "gkd": Paper("GKD", "On-Policy Distillation of Language Models: Learning from Self-Generated Mistakes", "2306.13649",
                 "agarwal2024on-policy"),
    "distillation": Paper("Distillation", "On-Policy Distillation of Language Models: Learning from Self-Generated "
                          "Mistakes", "2306.13649", "agarwal2024on-policy"),
    "prm": Paper("PRM", "Solving math word problems with process-and outcome-based feedback", "2211.14275",
                 "uesato2022solving"),
}

# TRL loss types (DPOConfig / CPOConfig ``loss_type``) that are another paper's method.
LOSS_PAPERS = {"ipo": "ipo", "sppo_hard": "sppo", "simpo": "simpo", "kto_pair": "kto"}

# Libraries and adapter methods a card cites when it used them: name -> (label name, BibTeX key).
LIBRARIES = {
    "trl": ("TRL", "vonwerra2020trl"),
    "peft": ("PEFT", "peft"),
    "lora": ("LoRA", "hu2022lora"),
    "qlora": ("QLoRA", "dettmers2023qlora"),
    "unsloth": ("Unsloth", "unsloth"),
    "lm-eval": ("lm-evaluation-harness", "eval-harness"),
}


def paper(method: Optional[str]) -> Optional[Paper]:
    """The paper ``method`` (a records' training.method, any case) was introduced in, if known."""
    return PAPERS.get(method.lower()) if isinstance(method, str) else None


def reward_keys(keys: Iterable[str]) -> dict[str, str]:
    """The log keys of ``keys`` that hold a reward function's mean score, each with the function's name: TRL logs
    each one's mean as ``rewards/<name>/mean`` (0.17+; ``rewards/<name>`` before, beside ``reward_std``, which DPO
    and KTO, whose ``rewards/chosen`` are no functions, do not log)."""
    keys = list(keys)
    old = "reward_std" in keys
    found: dict[str, str] = {}
    for key in keys:
        parts = key.split("/")
        if parts[0] == "rewards" and (len(parts) == 3 and parts[2] == "mean" or len(parts) == 2 and old) and parts[1]:
            found.setdefault(key, parts[1])
    return found


# What a log entry holds of time and speed, no result of the method: transformers' speed_metrics (each split's
# runtime, samples, steps and tokens per second, JIT compilation and model preparation time: train_runtime,
# eval_a_samples_per_second, ...) and TRL's step_time (GRPO and RLOO 0.2x+, each step's seconds, in every log entry).
TIMINGS = ("runtime", "samples_per_second", "steps_per_second", "tokens_per_second", "jit_compilation_time",
           "model_preparation_time", "step_time")


def is_timing(key: str) -> bool:
    """Whether a logged value or a metric of an eval set (``runtime`` of ``eval_a_runtime``) is a timing."""
    return key in TIMINGS or key.endswith(tuple(f"_{timing}" for timing in TIMINGS))


# The logged values a reader looks for first, by the trainer's key, most wanted first: the rewards and KL of RL and
# preference methods (GRPO's reward, then each reward function's mean: REWARD_FUNCTIONS, and DPO's names; ORPO's
# NLL loss and log odds ratio, the two parts of its loss; then PPO's and TRL 0.x RLOO's `objective/*` and per-part
# losses), then accuracies, then seqeval's scores over every entity type (transformers' run_ner with
# return_entity_level_metrics logs overall_* beside each type's precision, recall, f1 and number, which sort first).
# The training results table's key columns and a GRPO run's evaluation list follow it.
REWARD_FUNCTIONS = "rewards/<function>/mean"
KEY_TRAINING_METRICS = ("reward", "reward_std", REWARD_FUNCTIONS, "kl", "entropy", "completions/mean_length",
                        "rewards/accuracies", "rewards/margins", "rewards/chosen", "rewards/rejected", "nll_loss",
                        "log_odds_ratio", "accuracy", "mean_token_accuracy", "objective/rlhf_reward",
                        "objective/scores", "objective/kl", "objective/entropy", "loss/policy_avg", "loss/value_avg",
                        "overall_precision", "overall_recall", "overall_f1", "overall_accuracy")


def trainer_key(column: str) -> str:
    """A results-table column or result name back to the trainer's key: 'Rewards/chosen' -> 'rewards/chosen'."""
    return "_".join(column.strip().lower().split())


def metric_key(label: str) -> str:
    """A results-table column or result label's trainer key, without the eval set it names: 'Rewards/chosen (a)' ->
    'rewards/chosen'."""
    return trainer_key(split_eval_set(label)[0])


# The set a run's test-split results are named by (``Accuracy (test)``): the Trainer reader's for test_results.json
# and predict_results.json alike; the card lists them under "on the test set", apart from the evaluation set's.
TEST_SET = "test"


def split_eval_set(label: str) -> tuple[str, Optional[str]]:
    """A column or result label and the eval set it names, as the Trainer reader writes them (``{metric} ({set})``):
    ``Accuracy (my set)`` -> ("Accuracy", "my set"); a set's name may hold spaces, underscores and balanced
    parentheses (``Loss (x (1))``: set ``x (1)``), as the Trainer's ``eval_dataset`` keys do. A label without one
    (``Accuracy``): (label, None)."""
    if not label.endswith(")"):
        return label, None
    depth = 0
    for i in range(len(label) - 1, 0, -1):
        depth += {")": 1, "(": -1}.get(label[i], 0)
        if depth == 0:
            named = i > 1 and label[i - 1] == " " and i + 1 < len(label) - 1
            return (label[:i - 1], label[i + 1:-1]) if named else (label, None)
    return label, None


def key_metrics(keys: Iterable[str]) -> list[str]:
    """The :data:`KEY_TRAINING_METRICS` among the log keys ``keys``, most wanted first; each reward function's mean
    (:func:`reward_keys`) where REWARD_FUNCTIONS stands, in the order of ``keys``."""
    keys = list(keys)
    functions = list(reward_keys(keys))
    return [found for k in KEY_TRAINING_METRICS
            for found in (functions if k == REWARD_FUNCTIONS else [k] if k in keys else [])]
