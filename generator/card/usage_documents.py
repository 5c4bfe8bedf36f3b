"""The "Quick start" code of a document model: a LayoutLMv3 classifier of a page's words (FUNSD's or CORD's token
classifiers) or of the page (RVL-CDIP's document classifiers).

Their tokenizer takes the words of a page with their boxes, not a sentence, so transformers' token-classification
and text-classification pipelines, which hand it a sentence, fail on them ("Words must be of type `List[str]`").
The code gives the processor the words and boxes an OCR would find on a page (boxes on the 0-1000 scale the model
reads), with a blank page for the image, and turns the processor's OCR off (``apply_ocr=False``, as the model's docs
do; the OCR needs pytesseract and Tesseract), so that it runs as it is. LayoutLMv2 and LayoutXLM (LayoutLMv2's
classes) build their visual backbone with detectron2, which no pip line installs on its own: they get no code, as a
run whose records name another model's tokenizer or processor (the processor is loaded from the repo whole).
"""

from __future__ import annotations

import json
import re
from typing import Optional

# The classes of the document models whose tokenizer takes words and boxes (DOCUMENT_TASKS: those with code)
LAYOUT_MODEL = re.compile(r"LayoutLMv[23]\w*")  # (LayoutXLM is LayoutLMv2's classes)
# LayoutLMv3's classifiers -> the Auto class of their head, and what the code prints of its output
DOCUMENT_TASKS = {"LayoutLMv3ForTokenClassification": "AutoModelForTokenClassification",
                  "LayoutLMv3ForSequenceClassification": "AutoModelForSequenceClassification"}
# A page's words and their boxes ([x0, y0, x1, y1], 0-1000), as an OCR would give them
WORDS = ("Name:", "Wolfgang", "City:", "Berlin")
BOXES = ((60, 50, 160, 80), (180, 50, 330, 80), (60, 100, 150, 130), (180, 100, 290, 130))


def layout_model(architecture: Optional[str]) -> bool:
    """Whether ``architecture`` (config.json's, model.details') is a model whose tokenizer takes words and boxes."""
    return bool(architecture and LAYOUT_MODEL.fullmatch(architecture))


INTRO = "Its processor reads a page: the page's image, its words and each word's box, which the code below gives it.\n\n"


def document_code(repo_id: str, architecture: Optional[str]) -> tuple[str, str]:
    """The text before the code and the code running a LayoutLMv3 classifier (DOCUMENT_TASKS) on a page's words and
    boxes, or ``("", "")`` for another model."""
    auto = DOCUMENT_TASKS.get(str(architecture))
    if auto is None:
        return "", ""
    head = ("import torch\nfrom PIL import Image\n"
            f"from transformers import {auto}, AutoProcessor\n\n"
            f"processor = AutoProcessor.from_pretrained({json.dumps(repo_id)}, apply_ocr=False)  # the words are given\n"
            f"model = {auto}.from_pretrained({json.dumps(repo_id)})\n\n"
            "page = Image.new(\"RGB\", (1000, 1000), \"white\")  # a scanned page\n"
            f"words = {json.dumps(list(WORDS))}  # its words, as an OCR finds them\n"
            f"boxes = {json.dumps([list(box) for box in BOXES])}  # each word's box, on a 0-1000 scale\n"
            "inputs = processor(page, words, boxes=boxes, return_tensors=\"pt\")\n"
            "with torch.no_grad():\n")
    if auto == "AutoModelForSequenceClassification":
        return INTRO, (head + "    predicted = model(**inputs).logits.argmax(-1).item()\n"
                       "print(model.config.id2label[predicted])")
    return INTRO, (head + "    predicted = model(**inputs).logits.argmax(-1)[0].tolist()\n"
                   "shown = set()\n"
                   "for index, word in enumerate(inputs.word_ids()):  # the label of each word's first token\n"
                   "    if word is not None and word not in shown:\n"
                   "        shown.add(word)\n"
                   "        print(words[word], model.config.id2label[predicted[index]])")
