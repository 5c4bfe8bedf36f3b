"""The Quick start of a sentence-transformers or SetFit model, as each tool's own card runs it: a SentenceTransformer
(sentence-similarity) embeds sentences and compares them, a CrossEncoder (text-ranking, or text-classification with
more labels) scores pairs of texts, a SetFit model (text-classification) labels texts. Another pipeline tag of theirs
(a SparseEncoder's or a MultiVectorEncoder's feature-extraction, which a sentence-transformers 2.x card gives a
SentenceTransformer too) gets none: its class is not certain."""

from __future__ import annotations

import json
from typing import Optional

LIBRARIES = ("sentence-transformers", "setfit")
SENTENCES = ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")
QUERY = "How many people live in Berlin?"
PASSAGES = ("Berlin has a population of 3,520,031 registered inhabitants in an area of 891.82 square kilometers.",
            "Berlin is well known for its museums.")


def _listed(texts: tuple[str, ...]) -> str:
    return "[\n" + "".join(f"    {json.dumps(text, ensure_ascii=False)},\n" for text in texts) + "]"


def sentence_code(repo_id: str, pipeline_tag: Optional[str], library_name: Optional[str]) -> str:
    """The code (no fence) loading ``repo_id`` with the library's class for ``pipeline_tag``, or "" when no class is
    certain."""
    repo = json.dumps(repo_id)
    if library_name == "setfit" and pipeline_tag == "text-classification":
        return ("from setfit import SetFitModel\n\n"
                f"model = SetFitModel.from_pretrained({repo})\n"
                f"predictions = model.predict({_listed(SENTENCES)})\n"
                "print(predictions)")
    if library_name != "sentence-transformers":
        return ""
    if pipeline_tag == "sentence-similarity":
        return ("from sentence_transformers import SentenceTransformer\n\n"
                f"model = SentenceTransformer({repo})\n"
                f"sentences = {_listed(SENTENCES)}\n"
                "embeddings = model.encode(sentences)\n"
                "print(embeddings.shape)\n\n"
                "similarities = model.similarity(embeddings, embeddings)\n"
                "print(similarities)")
    if pipeline_tag == "text-ranking":
        return ("from sentence_transformers import CrossEncoder\n\n"
                f"model = CrossEncoder({repo})\n"
                f"ranks = model.rank({json.dumps(QUERY)}, {_listed(PASSAGES)})\n"
                "for rank in ranks:\n"
                "    print(f\"{rank['score']:.2f}  {rank['corpus_id']}\")")
    if pipeline_tag == "text-classification":
        return ("from sentence_transformers import CrossEncoder\n\n"
                f"model = CrossEncoder({repo})\n"
                f"scores = model.predict([({json.dumps(SENTENCES[0])}, {json.dumps(SENTENCES[1])})])\n"
                "print(scores)")
    return ""
