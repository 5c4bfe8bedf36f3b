"""The Quick start of a sentence-transformers or SetFit model, as each tool's own card runs it: a SentenceTransformer
(sentence-similarity) or a SparseEncoder embeds sentences and compares them, a MultiVectorEncoder embeds a query and
documents token by token and scores them, a CrossEncoder (text-ranking, or text-classification with more labels)
scores pairs of texts, a SetFit model (text-classification) labels texts. A SparseEncoder's and a MultiVectorEncoder's
feature-extraction, which a sentence-transformers 2.x card gives a SentenceTransformer too, is told by the tag their
cards give (``sparse-encoder``, ``multi-vector``); feature-extraction without one gets none: its class is not
certain."""

from __future__ import annotations

import json
from typing import Collection, Optional

LIBRARIES = ("sentence-transformers", "setfit")
SENTENCES = ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")
QUERY = "How many people live in Berlin?"
PASSAGES = ("Berlin has a population of 3,520,031 registered inhabitants in an area of 891.82 square kilometers.",
            "Berlin is well known for its museums.")
# sentence-transformers 6's MultiVectorEncoder card's example (multi_vector_encoder/model_card.py): a query, documents
PLANETS = ("Which planet is known as the Red Planet?",
           "Venus is often called Earth's twin because of its similar size and proximity.",
           "Mars, known for its reddish appearance, is often referred to as the Red Planet.",
           "Saturn, famous for its rings, is sometimes mistaken for the Red Planet.")
# the tag each class's card gives (its model_card.py's default tags) -> the class
ENCODER_TAGS = {"sparse-encoder": "SparseEncoder", "multi-vector": "MultiVectorEncoder"}


def _listed(texts: tuple[str, ...]) -> str:
    return "[\n" + "".join(f"    {json.dumps(text, ensure_ascii=False)},\n" for text in texts) + "]"


def sentence_code(repo_id: str, pipeline_tag: Optional[str], library_name: Optional[str],
                  tags: Collection[str] = ()) -> str:
    """The code (no fence) loading ``repo_id`` with the library's class for ``pipeline_tag`` (and ``tags``, lower
    case, for feature-extraction), or "" when no class is certain."""
    repo = json.dumps(repo_id)
    if library_name == "setfit" and pipeline_tag == "text-classification":
        return ("from setfit import SetFitModel\n\n"
                f"model = SetFitModel.from_pretrained({repo})\n"
                f"predictions = model.predict({_listed(SENTENCES)})\n"
                "print(predictions)")
    if library_name != "sentence-transformers":
        return ""
    encoder = next((ENCODER_TAGS[t] for t in ENCODER_TAGS if t in tags), None) \
        if pipeline_tag == "feature-extraction" else "SentenceTransformer"
    if encoder == "MultiVectorEncoder":
        return ("from sentence_transformers import MultiVectorEncoder\n\n"
                f"model = MultiVectorEncoder({repo})\n"
                f"queries = {_listed(PLANETS[:1])}\n"
                f"documents = {_listed(PLANETS[1:])}\n"
                "query_embeddings = model.encode_query(queries)\n"
                "document_embeddings = model.encode_document(documents)\n\n"
                "similarities = model.similarity(query_embeddings, document_embeddings)\n"
                "print(similarities)")
    if pipeline_tag in ("sentence-similarity", "feature-extraction") and encoder:
        return (f"from sentence_transformers import {encoder}\n\n"
                f"model = {encoder}({repo})\n"
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
