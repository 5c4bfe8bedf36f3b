"""Which training method a Trainer / TRL output folder's files name, and the GRPO / RLOO reward functions its log names.

The method comes, most reliable first, from the TRL config class pickled in training_args.bin (:func:`config_method`),
the tags of TRL's README (:data:`METHOD_TAGS`), and the keys the trainer logged (:func:`log_method`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator, Optional, Sequence

from generator.records.methods import reward_keys
from generator.sources.common import Ingested

# The tags TRL's trainers add (their ``_tag_names``) that name the method; "reward-trainer" is the reward model's.
METHOD_TAGS = ("dpo", "sft", "orpo", "kto", "grpo", "rloo", "ppo", "cpo", "simpo", "sppo", "ipo", "online-dpo", "xpo",
               "nash-md", "bco", "gkd", "distillation", "prm", "reward-trainer")

# TRL's RewardTrainer trains a sequence classifier (one label, the reward), its PRMTrainer a token classifier (a score
# per step): their cards name no pipeline (the Hub infers it from config.json, which a README alone lacks) or, before
# TRL 0.24, show the text-generation pipeline of every TRL card in their Quick start
_TAG_PIPELINES = {"reward-trainer": "text-classification", "prm": "token-classification"}

# Log keys that name the method, most specific first: GRPO logs kl too (beta > 0), and ORPO (TRL's log_odds_ratio,
# LLaMA-Factory's odds_ratio_loss), KTO and TRL's online methods (XPO's loss/xpo, Nash-MD's mixture_coef, Online DPO's
# val/contain_eos_token) log rewards/margins as DPO does; TRL 0.x PPO logs a value loss, its PPO-style RLOO does not.
# (TRL 0.2x+ RLOO logs what GRPO logs: only its config class or README tells them apart.)
_LOG_MARKERS = (("grpo", "reward_std"), ("xpo", "loss/xpo"), ("nash-md", "mixture_coef"),
                ("online-dpo", "val/contain_eos_token"), ("ppo", "loss/value_avg"), ("rloo", "policy/approxkl_avg"),
                ("orpo", "log_odds_ratio"), ("orpo", "odds_ratio_loss"), ("kto", "kl"), ("dpo", "rewards/margins"))

# TRL config classes whose name is not the method's tag: OnlineDPOConfig is "online-dpo", NashMDConfig "nash-md".
_CONFIG_METHODS = {"onlinedpo": "online-dpo", "nashmd": "nash-md"}


def config_method(cls: str) -> Optional[str]:
    """The training method a TRL config class names: ``trl.trainer.dpo_config.DPOConfig`` -> ``dpo``; also Unsloth's
    compiled subclasses of them (``unsloth_compiled_cache.UnslothSFTTrainer.UnslothSFTConfig`` -> ``sft``) and ms-swift's
    (``swift.rlhf_trainers.arguments.DPOConfig``; swift's SFT runs with Seq2SeqTrainingArguments, no method)."""
    name = cls.rsplit(".", 1)[-1]
    if name.startswith("Unsloth") and "unsloth" in cls.lower().rsplit(".", 1)[0]:
        name = name[len("Unsloth"):]
    elif not cls.startswith(("trl.", "swift.")):  # ms-swift's subclasses of TRL's (swift.rlhf_trainers.arguments)
        return None
    if not name.endswith("Config"):
        return None
    method = name[: -len("Config")].lower()
    method = _CONFIG_METHODS.get(method, method)
    return method if method_tag(method) in METHOD_TAGS else None


def method_tag(method: str) -> str:
    """The tag TRL's README gives a run of ``method``: the method's name, RewardTrainer's ``reward-trainer``."""
    return "reward-trainer" if method == "reward" else method


def trl_pipeline(tags: Sequence[str], text_generation: bool = False) -> Optional[str]:
    """The pipeline of the model a TRL card (``tags``: its tags) names none for: a reward or PRM model's, its tag
    says; else text-generation where TRL's Quick start runs that pipeline (``text_generation``), as every trainer but
    those two trains a causal LM (an adapter of one too: PEFT 0.16+ tags a CAUSAL_LM adapter text-generation itself,
    but not one saved without its task_type), else None."""
    found = next((task for tag, task in _TAG_PIPELINES.items() if tag in tags), None)
    return found or ("text-generation" if text_generation else None)


def log_method(history: list[Any]) -> Optional[str]:
    """The method the keys of a trainer_state.json log_history name (training or evaluation keys), if any."""
    keys = {k for entry in history if isinstance(entry, dict) for k in entry}
    return next((m for m, marker in _LOG_MARKERS if marker in keys or f"eval_{marker}" in keys), None)


def reward_functions(history: list[Any]) -> list[str]:
    """The names of the reward functions a GRPO / RLOO run logged, in the order logged
    (:func:`generator.records.methods.reward_keys`). They are the trainer's ``reward_funcs``, not in its arguments."""
    keys = [k for entry in history if isinstance(entry, dict) for k in entry if isinstance(k, str)]
    return list(dict.fromkeys(reward_keys(keys).values()))


__all__ = ["METHOD_TAGS", "config_method", "log_method", "reward_functions", "tags_given", "trl_run_tags",
           "trl_tag_order"]


def stale_method_tags(method: str, cls: str, result: Ingested, args_file: str) -> None:
    """A README whose method tags do not name the method training_args.bin's config class names is of an earlier run
    in the same output_dir (an SFT run's card beside a later GRPO run's checkpoints): its method tags give way to the
    method that ran, and a warning names both."""
    tags = result.data.get("model", {}).get("tags") or []
    named = [t for t in tags if t in METHOD_TAGS]
    actual = method_tag(method)
    if named and actual not in named:
        result.data["model"]["tags"] = [t for t in tags if t not in named] + [actual]
        result.warn("README.md", f"the trainer's README tags the method {', '.join(named)}, but {args_file} holds "
                    f"{cls.rsplit('.', 1)[-1]}, a {method} run: the README is likely of an earlier run in the same "
                    f"folder; the card tags {actual}", "save the run's own README (trainer.create_model_card) or "
                    "remove the old one", code="conflicting-values")


def trl_run_tags(method: str, cls: str, result: Ingested) -> None:
    """Tags a run whose training_args.bin holds a TRL config class (``cls``) as TRL's trainers tag the model they
    train (``_tag_names``, ``trl`` and the method, which push_to_hub writes into the card), when no card of the run
    gave tags: with them the card cites TRL (records.citations.used_citations), as TRL's own card does."""
    model = result.data.setdefault("model", {})
    if not cls.startswith("trl.") or model.get("tags"):
        return
    model["tags"] = ["trl", method_tag(method)]


# The tags a live process passed to the trainer's create_model_card, in the order given (see :func:`tags_given`).
_GIVEN: ContextVar[tuple[str, ...]] = ContextVar("tags_given", default=())


@contextmanager
def tags_given(tags: Sequence[str]) -> Iterator[None]:
    """Within it, a TRL card read orders the tags given (``create_model_card(tags=...)``, ``push_to_hub(tags=...)``:
    what the callback saw the trainer given) as given, which TRL 0.19+ wrote in a set's order."""
    token = _GIVEN.set(tuple(tags))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def trl_tag_order(tags: list[str], set_order: bool = False) -> list[str]:
    """A card's tags with TRL's own in its trainers' order: ``generated_from_trainer``, ``trl``, then the method
    tags (``_tag_names``: trl, sft), then the others. TRL 0.19+ writes ``generated_from_trainer`` and then a set
    (huggingface/trl d17ec7ad7; 1.16's BaseTrainer.create_model_card), so run to run its card said ``trl, sft`` or
    ``sft, trl``, and so did ours; a person's tags (``push_to_hub(tags=[...])``) came in the set's order too. Of a card
    so written (``set_order``: its TRL 0.19 or later), the others are in the order the live process gave them
    (:func:`tags_given`), then sorted: the same card whatever the hash seed. Before 0.19 TRL kept them as given: as
    read. A card without ``trl`` is left as it is."""
    if "trl" not in tags:
        return tags
    own = [t for t in ("generated_from_trainer", "trl") if t in tags] + [t for t in tags if t in METHOD_TAGS]
    rest = [t for t in tags if t not in own]
    if not set_order:
        return own + rest
    given = [t for t in dict.fromkeys(_GIVEN.get()) if t in rest]
    return own + given + sorted(t for t in rest if t not in given)
