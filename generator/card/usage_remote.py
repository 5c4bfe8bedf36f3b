"""The "Quick start" of a model of its own code: config.json's architecture no class of transformers (transformers'
Auto class would build the class of its model type, another model), which its auto_map may load from the repository's
files with ``trust_remote_code=True`` (transformers' auto_factory: an Auto class named in ``config.auto_map`` imports
the class its entry names, ``module.Class`` in the repo or ``repo--module.Class`` in another, 4.36 to 5.25)."""

from __future__ import annotations

import json
from typing import Optional

from generator.card.usage_tasks import tokenizer_said
from generator.resources import data_list

# The label of model.details naming the Auto class whose entry in config.json's auto_map loads a model of its own code
# (its architecture no class of transformers) from its repository's files, with trust_remote_code=True
REMOTE_CODE = "Remote code"
# The label of model.details naming the pip packages (", "-joined) the model's own code the run saved imports beyond
# transformers and torch: transformers' check_imports raises ImportError without them, so its Quick start installs them
REMOTE_PACKAGES = "Remote code imports"
# The Auto classes a text-generation model of its own code is run with, as its auto_map names them
REMOTE_GENERATION = ("AutoModelForCausalLM", "AutoModelForSeq2SeqLM")
# The Auto class a text classifier of its own code is run with (a fine-tune saved with its modeling_custom.py, its
# auto_map's AutoModelForSequenceClassification entry), through pipeline("text-classification"), which loads it so
REMOTE_CLASSIFICATION = "AutoModelForSequenceClassification"
# The Auto classes of config.json's auto_map a model of its own code of each pipeline tag is run with
REMOTE_CLASSES = {"text-generation": REMOTE_GENERATION, "text2text-generation": REMOTE_GENERATION,
                  "summarization": REMOTE_GENERATION, "translation": REMOTE_GENERATION,
                  "text-classification": (REMOTE_CLASSIFICATION,), "image-text-to-text": ("AutoModelForCausalLM",)}
# The pipeline tags whose model loads through its auto_map's entry even where its architecture is named as a class of
# transformers is: a classifier whose auto_map names its own AutoModelForSequenceClassification is another model than
# transformers' class of that name (DNABERT-2 and MosaicBERT fine-tunes: BertForSequenceClassification of
# zhihan1996/DNABERT-2-117M--bert_layers, a BERT with ALiBi and fused Wqkv weights, which transformers' own BERT
# loads with its encoder's weights left random, silently), a vision-language model's (fine-tunes of microsoft/Florence-2-*
# keep its auto_map, AutoModelForCausalLM -> microsoft/Florence-2-large-ft--modeling_florence2.Florence2ForConditional
# Generation, and its config of DaViT and florence2_language sub-configs, which transformers 5.25's own Florence2Config
# refuses: "Unrecognized model type for subconfig: florence2_language"; such a model gets no Quick start, its code not
# known to run under transformers 5). A text generator's (Phi-3 fine-tunes saved with microsoft/Phi-3-mini-4k-instruct's
# auto_map) is an older copy of the class transformers has, which loads its weights.
SHADOWING_TAGS = ("text-classification", "image-text-to-text")


def own_code(architecture: Optional[str]) -> bool:
    """Whether config.json's architecture is a class of the model's own code, none of transformers' (its Auto class
    would build transformers' class of the config's model_type, with another head: CustomBertForQuestionAnswering)."""
    return bool(architecture) and architecture not in data_list("transformers_classes")


OWN_CODE_FIX = "write how to load it in the records' model.usage"


def own_code_message(architecture: str, auto_map: bool) -> str:
    """What the card does of a model of its own code (own_code), said as its config.json is read."""
    return (f"{architecture} is no class of transformers (4.36 to 5.25) but the model's own code"
            + (", which its auto_map loads with trust_remote_code=True: the card's Quick start loads it so, saying it "
               "runs the repository's code, where the model generates text and the auto_map names "
               f"{' or '.join(REMOTE_GENERATION)}, or classifies text and it names {REMOTE_CLASSIFICATION}, from a "
               "file the run saved; else the card has no Quick start"
               if auto_map else
               ": the card has no Quick start, as transformers' Auto class would build the class of its model type, "
               "another model"))


def _remote_said(architecture: str) -> str:
    if not own_code(architecture):  # (SHADOWING_TAGS)
        return (f"This {architecture} is the model's own code, which config.json's auto_map names, not transformers' "
                "class of that name (without `trust_remote_code=True` transformers would load its own, another model, "
                "leaving the weights it does not have random): `trust_remote_code=True` has transformers download and "
                "run the Python files the auto_map names. Read them before you run it.\n\n")
    return (f"{architecture} is the model's own code, not a class of transformers: `trust_remote_code=True` has "
            "transformers download and run the Python files of its repository, which config.json's auto_map names. "
            "Read them before you run it.\n\n")


def remote_classifier(repo_id: str, architecture: str, tokenizer: Optional[str], text: str) -> tuple[str, str]:
    """A text classifier of its own code, loaded by pipeline("text-classification") through the auto_map's
    AutoModelForSequenceClassification entry with trust_remote_code=True, labelling ``text``: the text before the
    code and the code."""
    tokens = f", tokenizer={json.dumps(tokenizer)}" if tokenizer else ""
    code = ("from transformers import pipeline\n\n"
            f"classifier = pipeline(\"text-classification\", model={json.dumps(repo_id)}{tokens}, trust_remote_code=True)\n"
            f"output = classifier({json.dumps(text)})[0]\n"
            "print(output[\"label\"], output[\"score\"])")
    return _remote_said(architecture) + tokenizer_said(tokenizer), code


def remote_generation(repo_id: str, architecture: str, auto_class: Optional[str], tokenizer: Optional[str],
                      prompt: str) -> Optional[tuple[str, str]]:
    """A text-generation model of its own code, loaded through the Auto class its auto_map names for it with
    trust_remote_code=True (transformers' auto_factory then imports the class from the repository's files), its
    tokenizer likewise (tokenizer_config.json's auto_map, where it has one), completing a plain prompt: a chat
    template is not known to be there: the text before the code and the code; None for an Auto class not of
    REMOTE_GENERATION."""
    if auto_class not in REMOTE_GENERATION:
        return None
    seq2seq = auto_class == "AutoModelForSeq2SeqLM"  # (ChatGLM maps its causal model here: its output holds the prompt)
    code = (f"from transformers import {auto_class}, AutoTokenizer\n\n"
            f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(tokenizer or repo_id)}, trust_remote_code=True)\n"
            f"model = {auto_class}.from_pretrained({json.dumps(repo_id)}, trust_remote_code=True, device_map=\"auto\")\n\n"
            f"inputs = tokenizer({json.dumps(prompt)}, return_tensors=\"pt\").to(model.device)\n"
            "output = model.generate(**inputs, max_new_tokens=32)\n"
            + ("print(tokenizer.decode(output[0], skip_special_tokens=True))" if seq2seq else
               "print(tokenizer.decode(output[0][inputs[\"input_ids\"].shape[1]:], skip_special_tokens=True))"))
    return _remote_said(architecture) + tokenizer_said(tokenizer), code
