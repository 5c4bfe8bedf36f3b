"""The Quick start of a document model (card/usage_documents.py): a LayoutLMv3 classifier reads a page's words with
their boxes, which the token-classification pipeline's sentence is not."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from test_usage_tasks import _printed, _torch_or_skip, code_of

from generator import build_card
from generator.card.usage import quick_start
from generator.card.usage_documents import WORDS

SHAPES = Path(__file__).parent / "trainer_shapes"
FUNSD = SHAPES / "layoutlmv3_funsd_token_classifier_4.20"  # ORIGINS.txt: dinergie/layoutlmV3


def _section(card: str) -> str:
    return card.split("## Quick start\n\n", 1)[1].split("\n<!--", 1)[0]


def _layoutlmv3(folder: Path, kind: str, config: dict) -> None:
    """A tiny LayoutLMv3 of ``config`` (a real one's labels and settings) with a byte-level BPE tokenizer of single
    characters, saved with the real run's preprocessor_config.json."""
    import transformers

    letters = [chr(c) for c in range(33, 127)]
    vocab = {token: i for i, token in enumerate(["<s>", "<pad>", "</s>", "<unk>", "<mask>", *letters,
                                                 *(f"Ġ{c}" for c in letters)])}
    if "vocab_file" in inspect.signature(transformers.LayoutLMv3Tokenizer.__init__).parameters:  # transformers 4
        (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
        (folder / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
        tokenizer = transformers.LayoutLMv3Tokenizer(vocab_file=str(folder / "vocab.json"),
                                                     merges_file=str(folder / "merges.txt"))
    else:
        tokenizer = transformers.LayoutLMv3Tokenizer(vocab=vocab, merges=[])
    tokenizer.save_pretrained(folder)
    (folder / "preprocessor_config.json").write_text((FUNSD / "preprocessor_config.json").read_text())
    settings = {k: v for k, v in config.items() if k not in ("architectures", "model_type", "transformers_version")}
    settings.update(vocab_size=len(vocab), hidden_size=24, coordinate_size=4, shape_size=4, intermediate_size=20,
                    num_hidden_layers=1, num_attention_heads=2)
    getattr(transformers, kind)(transformers.LayoutLMv3Config(**settings)).save_pretrained(folder)


def test_a_layoutlmv3_token_classifiers_code_labels_a_pages_words(tmp_path):
    """The real FUNSD-style run: before, its Quick start was the token-classification pipeline on a sentence, which
    LayoutLMv3's tokenizer refuses; now the processor is given words and boxes, and each word's label is printed."""
    section = _section(build_card(trainer_dir=FUNSD, repo_id="acme/m").text)
    assert 'pipeline("token-classification"' not in section
    intro, code = section.split("\n\n", 1)
    assert intro.startswith("Its processor reads a page")
    _torch_or_skip()
    import torch

    torch.manual_seed(0)
    model = tmp_path / "model"
    model.mkdir()
    config = json.loads((FUNSD / "config.json").read_text())
    _layoutlmv3(model, "LayoutLMv3ForTokenClassification", config)
    out = _printed(code_of(code).replace('"acme/m"', json.dumps(str(model))), "<Quick start of LayoutLMv3>")
    lines = out.splitlines()
    assert [line.split(" ")[0] for line in lines] == list(WORDS)
    assert all(line.split(" ")[1] in config["id2label"].values() for line in lines), out


def test_a_layoutlmv3_document_classifiers_code_labels_the_page(tmp_path):
    section = quick_start("acme/m", "text-classification", "transformers", None,
                          architecture="LayoutLMv3ForSequenceClassification")
    assert 'pipeline("text-classification"' not in section
    _torch_or_skip()
    model = tmp_path / "model"
    model.mkdir()
    labels = {"0": "letter", "1": "invoice"}
    _layoutlmv3(model, "LayoutLMv3ForSequenceClassification", {"id2label": labels, "label2id": {v: int(k) for k, v in labels.items()}})
    out = _printed(code_of(section.split("\n\n", 1)[1]).replace('"acme/m"', json.dumps(str(model))), "<LayoutLMv3>")
    assert out in ("letter\n", "invoice\n")


def test_no_code_for_layoutlmv2_which_needs_detectron2_nor_with_another_models_processor():
    assert quick_start("acme/m", "token-classification", "transformers", None,
                       architecture="LayoutLMv2ForTokenClassification") == ""
    assert quick_start("acme/m", "token-classification", "transformers", None, processor="org/base",
                       architecture="LayoutLMv3ForTokenClassification") == ""
    assert quick_start("acme/m", "token-classification", "transformers", None, architecture="LiltForTokenClassification")

