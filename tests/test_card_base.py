"""The base model a card without base_model names in its converter's or mergekit's line (sources/card_base)."""

from __future__ import annotations

import pytest
from test_card_import import import_card, rerender, shape

from generator.sources.card_base import origins


def _base_warnings(got):
    return [w for w in got.warnings if w.code == "base-model-from-card"]


@pytest.mark.parametrize("name, base", [
    ("mlx_vlm_0.1_empty_link_no_base_model", "HuggingFaceM4/idefics2-8b"),  # the id in an empty link's text
    ("mlx_lm_model_index_no_base_model", "ibm-granite/granite-3b-code-base"),  # a link to the model's page
])
def test_an_mlx_conversion_without_base_model_is_read_with_the_model_it_converted(tmp_path, name, base):
    got = import_card(tmp_path, shape(name), repo_id=None)
    model = got.data["model"]
    assert (model["base_model"], model["base_model_relation"]) == (base, "quantized")
    [warning] = _base_warnings(got)
    assert "base_model_relation: quantized" in warning.fix
    meta, body = rerender(tmp_path, got.data)
    assert (meta["base_model"], meta["base_model_relation"]) == (base, "quantized")
    assert f"- **Quantized from:** [{base}](https://huggingface.co/{base})" in body
    # the link to the base is not the card's own repo id (granite's model-index names the base's name)
    assert model.get("repo_id") != base


def test_a_mergekit_card_without_frontmatter_is_read_with_its_base_and_the_models_merged(tmp_path):
    got = import_card(tmp_path, shape("mergekit_no_frontmatter_dare_ties"))
    model = got.data["model"]
    assert model["base_model"] == ["meta-llama/Meta-Llama-3-8B-Instruct", "NousResearch/Hermes-2-Pro-Llama-3-8B",
                                   "aaditya/Llama3-OpenBioLLM-8B"]
    assert model["base_model_relation"] == "merge" and len(_base_warnings(got)) == 1
    meta, _ = rerender(tmp_path, got.data)
    assert meta["base_model_relation"] == "merge" and len(meta["base_model"]) == 3


def test_a_card_whose_metadata_name_a_base_keeps_it(tmp_path):
    """The metadata win over the text (mlx-lm 0.12 copied its original's base_model: a person's choice to keep)."""
    text = shape("mlx_vlm_0.1_empty_link_no_base_model").replace("license: apache-2.0", "license: apache-2.0\n"
                                                                  "base_model: mistralai/Mistral-7B-v0.1")
    got = import_card(tmp_path, text)
    assert got.data["model"]["base_model"] == "mistralai/Mistral-7B-v0.1" and not _base_warnings(got)
    assert "base_model_relation" not in got.data["model"]


def test_mergekit_models_on_a_local_disk_name_no_base(tmp_path):
    """mergekit lists a local path as written (E:\\mergekit\\...): no Hub id, no base_model."""
    text = shape("mergekit_no_frontmatter_dare_ties")
    text = text.replace("[meta-llama/Meta-Llama-3-8B-Instruct](https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct)",
                        "/models/llama3")
    text = text.replace("* [NousResearch/Hermes-2-Pro-Llama-3-8B](https://huggingface.co/NousResearch/Hermes-2-Pro-Llama-3-8B)",
                        "* /models/hermes")
    got = import_card(tmp_path, text)
    # one Hub model left: a base, but no merge of one model
    assert got.data["model"]["base_model"] == "aaditya/Llama3-OpenBioLLM-8B"
    assert "base_model_relation" not in got.data["model"]


def test_a_card_of_ours_is_not_read_again(tmp_path):
    got = import_card(tmp_path, shape("mlx_vlm_0.1_empty_link_no_base_model"))
    data = got.data
    del data["model"]["base_model"], data["model"]["base_model_relation"]
    _, body = rerender(tmp_path, data)
    again = import_card(tmp_path, "---\nlicense: apache-2.0\n---\n" + body)
    assert "base_model" not in again.data["model"] and not _base_warnings(again)


def test_a_lazymergekit_card_is_read_with_the_models_its_config_references(tmp_path):
    got = import_card(tmp_path, shape("lazymergekit_slerp_config_no_base_model"))
    model = got.data["model"]
    assert model["base_model"] == ["mistralai/Mistral-7B-Instruct-v0.2", "Q-bert/MetaMath-Cybertron-Starling"]
    assert model["base_model_relation"] == "merge"
    [warning] = _base_warnings(got)
    assert "mergekit config" in warning.message


def test_the_merge_recipe_in_a_gguf_repos_copied_card_names_no_base(tmp_path):
    """A quantizer's repo whose card is the merge's (KoboldAI/LLaMA2-13B-Psyfighter2-GGUF's: its mergekit recipe, not
    tagged as a merge; LazyMergekit's card as a -GGUF repo's; RichardErkhov's copies under "Original model
    description"): the models merged are not the quantization's base."""
    text = shape("mergekit_recipe_in_gguf_copy")
    got = import_card(tmp_path, text, repo_id="KoboldAI/LLaMA2-13B-Psyfighter2-GGUF")
    assert "base_model" not in got.data["model"] and not _base_warnings(got)
    lazy = shape("lazymergekit_slerp_config_no_base_model")
    got = import_card(tmp_path, lazy, repo_id="someone/MetaMath-Cybertron-Starling-Mistral-7B-Instruct-v0.2-slerp-GGUF")
    assert "base_model" not in got.data["model"] and not _base_warnings(got)
    quoted = "---\ntags:\n- merge\n---\nQuantization made by Richard Erkhov.\n\nOriginal model description:\n\n" \
        + text.split("---\n", 2)[2]
    assert "base_model" not in import_card(tmp_path, quoted, repo_id=None).data["model"]


@pytest.mark.parametrize("name, original, own", [
    # converted from; its title, an id, is what its usage code loads
    ("mlx_lm_conversion_of_another_than_base_model", "ibm-granite/granite-3b-code-instruct",
     "mlx-community/granite-3b-code-instruct-8bit"),
    ("trainer_named_as_its_base", "google/long-t5-tglobal-base", None),  # "a fine-tuned version of"
])
def test_the_model_a_card_was_made_from_is_not_read_as_its_own_repo(tmp_path, name, original, own):
    """A card's link to the model it was made from, named as the card (its model-index name), is not its repo id."""
    text = shape(name)
    assert original in origins(text)
    assert import_card(tmp_path, text, repo_id=None).data["model"].get("repo_id") == own


def test_origins_are_the_lines_naming_the_model_made_from():
    said = ("This is a re-upload of **intfloat/multilingual-e5-large** with ONNX weights.\n"
            "This is forked from IBM's [`granite-20b-code-base-GGUF`](https://huggingface.co/ibm-granite/granite-20b-code-base-GGUF)\n"
            "Refer to the [original model card](https://huggingface.co/ibm-granite/granite-20b-code-base) for more.\n"
            "See [our other model](https://huggingface.co/org/other).\n")
    assert origins(said) == {"intfloat/multilingual-e5-large", "ibm-granite/granite-20b-code-base-gguf",
                                "ibm-granite/granite-20b-code-base"}


def test_a_quantizers_original_model_line_names_the_base(tmp_path):
    """bartowski's card of a GGUF repo: its base from "Original model:", quantized by the repo's name."""
    text = shape("bartowski_gguf_original_model_line_no_base_model")
    got = import_card(tmp_path, text, repo_id="bartowski/Mistral-7B-Instruct-v0.3-GGUF")
    model = got.data["model"]
    assert (model["base_model"], model["base_model_relation"]) == ("mistralai/Mistral-7B-Instruct-v0.3", "quantized")
    # TheBloke's words over a fine-tune's card (which links a GGUF copy): its base, no relation said
    got = import_card(tmp_path, shape("finetune_in_thebloke_header_words"), repo_id="PetroGPT/Breeze-Petro-7B-Instruct-v1")
    assert got.data["model"]["base_model"] == "MediaTek-Research/Breeze-7B-Instruct-v1_0"
    assert "base_model_relation" not in got.data["model"]


def test_an_original_model_line_starts_on_its_own_line():
    """The "Original model:" pattern's line start took newlines too (``\\s``), so a card of 200,000 blank lines was
    searched for minutes (each start ran over the rest); it takes spaces, tabs and list or quote marks alone."""
    from generator.sources.card_base import ORIGINAL

    found = ORIGINAL.search("# m\n\n\n> Original model: [a/b](https://huggingface.co/a/b)\n")
    assert found is not None and found.group(0).startswith("> Original model") and "\n" not in found.group(0)
    for text in ("\n" * 200_000, " \n" * 100_000, "*" * 200_000):
        assert ORIGINAL.search(text) is None and not origins(text)


def test_a_mergekit_config_nested_past_any_parser_is_read_as_none(tmp_path):
    """A card saying it is a merge whose config block nests 50,000 lists: PyYAML's reader raised RecursionError, an
    internal error of `modelcard ingest`; the records' bounded reader refuses it, and the card is read without it."""
    text = ("---\ntags: [merge]\n---\n# m\n\nA merge created using [mergekit](https://github.com/cg123/mergekit).\n\n"
            "```yaml\nmerge_method: slerp\nmodels: " + "[" * 50_000 + "]" * 50_000 + "\n```\n")
    got = import_card(tmp_path, text)
    assert "base_model" not in got.data["model"]


def test_a_converters_link_is_read_within_its_line_and_a_hub_ids_length():
    """The link's text ran to the next closing bracket anywhere: a card saying "converted to MLX format from [" 20,000
    times with none was searched for minutes (each start ran over the rest). It is read within its line, and at most
    300 characters (a Hub id is at most 96 + 96), as every real converter's line has it."""
    from generator.sources.card_base import CONVERTED

    found = CONVERTED.search("converted to MLX format from [`mlx-community/x-4bit`]() using mlx-lm")
    assert found is not None and found.group(1) == "mlx-community/x-4bit"
    assert CONVERTED.search("converted to MLX format from [" + "a" * 400 + "]()") is None
    assert CONVERTED.search("converted to MLX format from [a\nb]()") is None
    assert CONVERTED.search("converted to MLX format from [" * 20_000) is None


def test_a_quantized_copys_own_line_names_its_original_not_its_repo(tmp_path):
    """A GGUF repo whose card is its original's with one line saying so ("This is the GGUF version of the model ...,
    check the [Float16](https://huggingface.co/X) version for the original"): X was read as the card's own repo id
    (a link named as its title); it is the model the copy was made from, its base when the metadata name none."""
    got = import_card(tmp_path, shape("gguf_copy_line_links_the_original_no_frontmatter_base"), repo_id=None)
    model = got.data["model"]
    assert model.get("repo_id") is None
    assert (model["base_model"], model["base_model_relation"]) == ("KoboldAI/LLaMA2-13B-Tiefighter", "quantized")
    [warning] = _base_warnings(got)
    assert "'This is the GGUF version of the model" in warning.message
    # Nous Research's line links the full model after one to llama.cpp's GitHub: the first Hub model on the line
    text = shape("gguf_copy_line_links_the_full_model")
    assert "nousresearch/hermes-3-llama-3.1-8b" in origins(text)
    got = import_card(tmp_path, text, repo_id=None)
    assert got.data["model"].get("repo_id") is None
    assert got.data["model"]["base_model"] == "meta-llama/Meta-Llama-3.1-8B"  # (the metadata's, kept)


def test_a_conversions_leaderboard_links_are_its_originals(tmp_path):
    """GGUF-my-repo's card keeps the metadata of the model it converted, whose model-index links the leaderboard's
    results of that model's own original: the card's repo id is the one its title and usage give, not that."""
    got = import_card(tmp_path, shape("gguf_my_repo_copy_with_the_originals_leaderboard_links"), repo_id=None)
    assert got.data["model"]["repo_id"] == "DavidAU/ANIMA-Phi-Neptune-Mistral-10.7B-Q6_K-GGUF"


def test_a_copy_line_is_read_within_its_line():
    """The copy line's links are read on its own line alone, each bounded (a card of many unclosed brackets)."""
    from generator.sources.card_base import says_converted

    line = "This is the GGUF version of m, see [full](https://huggingface.co/a/b)"
    assert origins(line) == {"a/b"}
    assert origins("This is the GGUF version of m.\n[full](https://huggingface.co/a/b)") == set()
    assert origins("This is the GGUF version " + "[" * 50_000 + "\n" + "(" * 50_000) == set()
    assert says_converted(line) and not says_converted("This is the GGUF version of m.")
