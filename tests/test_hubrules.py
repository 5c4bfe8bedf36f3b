from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.hubrules import check_metadata

SHAPES = Path(__file__).resolve().parent / "hub_shapes"  # which public file showed each: hub_shapes/ORIGINS.txt


def errors(meta):
    return {p.path: p.message for p in check_metadata(meta) if p.severity == "error"}


def warnings(meta):
    return {p.path: p.message for p in check_metadata(meta) if p.severity == "warning"}


def test_valid_metadata_passes():
    meta = {"language": ["en", "ro", "mul"], "license": "apache-2.0", "pipeline_tag": "text-generation",
            "base_model": ["org/a", "org/b"], "base_model_relation": "merge", "datasets": ["org/d"], "tags": ["x"],
            "model-index": [{"name": "m", "results": []}]}
    assert errors(meta) == {}


@pytest.mark.parametrize("meta, path, fragment", [
    ({"license": "apache2"}, "license", "not a Hub license id"),
    ({"license": ["mit", "nope"]}, "license[1]", "not a Hub license id"),
    ({"language": "jp"}, "language", "not an ISO 639-1"),
    ({"language": ["en", "es-ES"]}, "language[1]", "region"),
    ({"language": None}, "language", "is empty"),
    ({"base_model": "/workspace/out/parent"}, "base_model", "not a Hub model id"),
    ({"base_model": "Kokoro 82M"}, "base_model", "not a Hub model id"),
    ({"base_model": ""}, "base_model", "is empty"),
    ({"base_model": "a/b", "base_model_relation": "distill"}, "base_model_relation", "not one of"),
    ({"base_model_relation": "finetune"}, "base_model_relation", "without base_model"),
    ({"datasets": ["/var/data"]}, "datasets[0]", "not a Hub dataset id"),
    # a result's dataset given as a name, not the mapping the Hub types (not left out, which the Hub takes)
    ({"model-index": [{"name": "m", "results": [{"task": {"type": "x"}, "dataset": "squad",
                                                 "metrics": [{"type": "f1", "value": 1}]}]}]},
     "model-index[0].results[0].dataset", "is not a mapping"),
    # Helsinki-NLP/opus-mt-tc-big-en-gmq lists `- false` (Norwegian's `no` after a YAML 1.1 round trip) as a language
    ({"language": ["da", False, "sv"]}, "language[1]", "False is not a string"),
    ({"datasets": [None]}, "datasets[0]", "is empty"),
    ({"model-index": [{"results": []}]}, "model-index[0].name", "required"),
    ({"model-index": [{"name": None, "results": []}]}, "model-index[0].name", "required"),
    # transformers wrote `name: ''` when the Trainer's output_dir was "./" (Maniac/wav2vec2-xls-r-urdu, 2022, a card
    # from before the Hub checked metadata): the Hub rejects such a push, "is not allowed to be empty" (transformers
    # PR #20496 quotes it)
    ({"model-index": [{"name": "", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "n"},
                                                "metrics": [{"type": "wer", "value": 67.48}]}]}]},
     "model-index[0].name", "is empty: the Hub refuses"),
    ({"model-index": [{"name": "m"}]}, "model-index[0].results", "required"),
    ({"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d"},
                                                 "metrics": [{"type": "acc", "value": 1}]}]}]},
     "model-index[0].results[0].dataset.name", "required"),
    ({"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "n", "config": 1},
                                                 "metrics": [{"type": "acc", "value": 1}]}]}]},
     "model-index[0].results[0].dataset.config", "must be a string"),
    ({"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "n"},
                                                 "metrics": [{"type": "acc"}], "source": {"name": "x"}}]}]},
     "model-index[0].results[0].metrics[0].value", "required"),
])
def test_hub_rejections(meta, path, fragment):
    found = errors(meta)
    assert path in found, found
    assert fragment in found[path]


def test_warnings():
    assert "license" in warnings({"license": "other"})
    assert "library_name" in warnings({"library_name": "transformer"})  # a near miss of a name the Hub knows


@pytest.mark.parametrize("meta, path, fragment", [
    # t5 cards of 2021-2023 keep text2text-generation, chat models of 2023 conversational: the Hub takes them
    ({"pipeline_tag": "conversational"}, "pipeline_tag", "removed"),
    ({"pipeline_tag": "text2text-generation"}, "pipeline_tag", "removed"),
    ({"pipeline_tag": "text-gen"}, "pipeline_tag", "not a Hub pipeline tag"),
    # spaCy's cards (spacy-huggingface-hub 0.0.x, 2021-2024) give no dataset: the Hub takes them
    ({"model-index": [{"name": "m", "results": [{"task": {"type": "token-classification", "name": "NER"},
                                                 "metrics": [{"type": "f_score", "value": 0.88}]}]}]},
     "model-index[0].results[0].dataset", "huggingface_hub cannot load"),
    # openai/whisper-*.en (2022-2024) leave a metric's `value:` empty: huggingface.js types a value as `unknown`
    ({"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "n"},
                                                 "metrics": [{"type": "wer", "value": None}]}]}]},
     "model-index[0].results[0].metrics[0].value", "is empty"),
])
def test_what_the_hub_takes_is_only_a_warning(meta, path, fragment):
    assert errors(meta) == {}
    assert fragment in warnings(meta)[path]


def test_a_repo_id_of_a_long_namespace_and_a_name_of_96_is_an_id():
    # huggingface_hub's validate_repo_id: the name at most 96 characters, the namespace apart
    assert errors({"base_model": "some-organization/" + "n" * 96}) == {}
    assert "not a Hub model id" in errors({"base_model": "org/" + "n" * 97})["base_model"]


@pytest.mark.parametrize("tag", ["conversational", "text2text-generation", "text-gen"])
def test_a_pipeline_tag_the_hub_does_not_list_is_an_error_when_authoring(tag):
    # records -> card: a typo or a removed task is the author's to fix before the card is written
    [problem] = check_metadata({"pipeline_tag": tag}, authoring=True)
    assert problem.severity == "error" and problem.path == "pipeline_tag"


@pytest.mark.parametrize("meta, warned", [
    # keys outside the Hub's typed ones, left empty (cards of 2021-2023): the Hub keeps the card
    ({"thumbnail": "", "tags": None, "instance_prompt": ""}, {"thumbnail", "tags", "instance_prompt"}),
    ({"base_model": [], "datasets": []}, {"base_model", "datasets"}),  # mergekit's, for local models: said once
    ({"tags": "autonlp"}, {"tags"}),  # AutoNLP's cards of 2021: huggingface_hub reads it as [autonlp]
])
def test_what_the_hub_keeps_is_a_warning_said_once(meta, warned):
    found = check_metadata(meta)
    assert errors(meta) == {} and {p.path for p in found} == warned and len(found) == len(warned)


@pytest.mark.parametrize("meta, path", [({"language": None}, "language"), ({"base_model": ""}, "base_model"),
                                        ({"license": None}, "license"), ({"model-index": []}, "model-index"),
                                        ({"license": ""}, "license"), ({"language": ""}, "language")])
def test_empty_values_the_hub_rejects_stay_errors_said_once(meta, path):
    assert [(p.path, p.severity, p.code) for p in check_metadata(meta)] == [(path, "error", "empty-value")]


def test_an_empty_language_list_is_said_once():
    """sentence-transformers 3.x writes `language: []` when no language is given (cards46's huudan123/model_stage2):
    one warning that it is empty, not a second calling an empty list no list; in records, one error."""
    assert [(p.path, p.severity, p.code) for p in check_metadata({"language": []})] == [
        ("language", "warning", "empty-value")]
    assert [(p.path, p.severity) for p in check_metadata({"language": []}, authoring=True)] == [("language", "error")]


# facebook/seamless-m4t-large (YinanWusoymilk/hf-readme) names Meta's fairseq2, which is not a typo of fairseq;
# Metformin/dummy_img_captioning (Wenxin-Jiang/CS577-NLP, _noArch/) names tensorflow, which is not TensorFlowTTS's
# tensorflowtts with a word missing, nor is lightning lightning-ir's; `other` is no task written as a library
@pytest.mark.parametrize("library, near", [("cleanrl", None), ("rl-algo-impls", None), ("ctranslate2", None),
                                           ("fairseq2", None), ("tensorflow", None), ("lightning", None),
                                           ("other", None), ("diffuser", "diffusers"),
                                           ("transformer", "transformers"), ("Transformers", "transformers"),
                                           # a library huggingface.js added in 2026-09 (@huggingface/tasks 0.21.54)
                                           ("gliformers", "gliformer")])
def test_a_library_name_is_free_form_but_a_near_miss_is_warned(library, near):
    found = check_metadata({"library_name": library})
    assert [(p.code, p.fix) for p in found] == ([("unknown-library", f"did you mean {near!r}?")] if near else [])


def test_iso_639_2_and_retired_codes_the_hub_list_lacks_are_warned_not_refused():
    """The Hub's check names ISO 639-1, 639-2 and 639-3 codes (its error: "It must be an ISO 639-1, 639-2 or 639-3
    code"): mBERT's `inc`, `roa`, opus-mt's `gem`, MADLAD's `ber`, NLLB's `ajp` (hub_shapes/ORIGINS.txt) are no error;
    huggingface.js's language list has no page for them, which is worth a warning."""
    from generator.check.validate import validate_card

    report = validate_card(SHAPES / "collective_language_codes.md")
    assert report.errors == ()
    assert [(p.code, p.path) for p in report.warnings] == [("unlisted-language", f"language[{i}]") for i in range(2, 7)]


def test_withdrawn_and_made_up_language_codes_are_errors_naming_the_code_to_use():
    from generator.check.validate import validate_card

    report = validate_card(SHAPES / "withdrawn_language_codes.md")
    assert [(p.code, p.path, p.fix) for p in report.errors] == [
        ("unknown-language", "language[2]", "use 'jv'"), ("unknown-language", "language[3]", "use 'he'"),
        ("unknown-language", "language[4]", "use 'hbs'"), ("unknown-language", "language[5]", "use 'zh'")]


# Real cards whose model-index holds a metric value that is a list or mapping (card_shapes/ORIGINS.txt), and whether it
# stands where the metric's score should be: MTEB 1.12's v_measures beside v_measure is data kept on purpose
STANDS_FOR_A_SCORE = {"mteb_v_measures_beside_v_measure": False, "trainer_rouge_dict_value": True,
                      "xlsr_template_dict_value": True, "keras_empty_list_values": True, "xlsr_list_of_text_value": True}


@pytest.mark.parametrize("name", sorted(STANDS_FOR_A_SCORE))
def test_a_metric_value_that_is_a_list_is_taken_by_the_hub_so_only_warned_where_a_score_should_be(name):
    """huggingface.js types a model-index value as `unknown`, and the Hub took these cards, showing no score for such a
    value. MTEB's per-fold v_measures beside their v_measure are data a person keeps on purpose: warning there (as
    before) failed every `validate --strict` of such a card with nothing to fix. `[]`, `[18.55%]`, the XLSR template's
    `{ wer_result_on_test }` and a Trainer card's lone rouge dict leave the metric without a score: still warned."""
    from generator.check.validate import validate_card

    report = validate_card(Path(__file__).resolve().parent / "card_shapes" / f"{name}.md")
    assert report.errors == ()
    said = [p for p in report.warnings if p.code == "not-a-number"]
    assert len(said) == STANDS_FOR_A_SCORE[name]
    assert all(p.fix == "write the metric's score as one number, or leave the metric out" for p in said)


def test_verified_is_warned_only_when_it_claims_a_verification_without_the_token():
    from generator.check.validate import validate_card

    report = validate_card(SHAPES / "autoevaluate_verified.md")
    assert [(p.code, p.path, p.severity) for p in report.problems] == [
        ("set-by-hub", "model-index[0].results[0].metrics[2].verified", "warning")]


@pytest.mark.parametrize("code", ["code", "multilingual"])
def test_the_special_language_values_huggingface_hub_documents_are_taken(code):
    # bigscience/bloom's `code`, 115 multilingual cards' `multilingual` (YinanWusoymilk/hf-readme): ModelCardData
    # documents both beside the ISO codes, and huggingface_hub#3862 asks, after the 2026 tightening, for more
    # "special values like `code`"
    assert check_metadata({"language": ["en", code]}) == []


def test_a_missing_cell_in_a_tabular_widget_row_is_no_warning(tmp_path):
    """skops's `widget: - structuredData:` rows (hub_shapes/ORIGINS.txt) hold a DataFrame's missing cells as `.nan`,
    which the Hub's widget reads as missing; a `.nan` score elsewhere is still a warning."""
    from generator.check.validate import validate_card

    card = SHAPES / "tabular_widget_missing_cells.md"
    assert validate_card(card).problems == ()
    # one example not in a list (merve/my-awesome-model-blog): its `$.widget.structuredData` cells were warned of
    assert validate_card(SHAPES / "tabular_widget_one_example.md").problems == ()
    scored = tmp_path / "README.md"
    scored.write_text(card.read_text().replace("---\n\n#", "model-index:\n- name: m\n  results:\n  - task: {type: "
                                               "tabular-regression}\n    dataset: {type: org/d, name: D}\n    "
                                               "metrics:\n    - {type: mae, value: .nan}\n---\n\n#", 1))
    assert [(p.code, p.path) for p in validate_card(scored).problems] == [
        ("not-finite", '$["model-index"][0].results[0].metrics[0].value')]


def test_a_language_given_by_its_name_is_an_error_naming_its_code():
    from generator.check.validate import validate_card

    [problem] = validate_card(SHAPES / "language_by_name.md").problems
    assert (problem.code, problem.path, problem.fix) == ("unknown-language", "language",
                                                         "use 'es', the code of the language it names")
    assert check_metadata({"language": ["French", "Deustch"]})[1].fix == "use a code like en, fr, ro"


def test_a_language_family_code_and_an_upper_case_license_are_errors_saying_what_to_write():
    from generator.check.validate import validate_card

    family = validate_card(SHAPES / "language_family_codes.md")
    assert [(p.code, p.path) for p in family.problems] == [("unknown-language", "language[1]"),
                                                            ("unknown-language", "language[3]")]
    assert "ISO 639-5" in family.problems[0].message
    [license] = validate_card(SHAPES / "license_upper_case.md").problems
    assert (license.code, license.fix) == ("unknown-license", "use 'mit': the Hub's license ids are lower case")


def test_a_code_of_the_local_use_range_is_a_warning_as_the_hub_takes_it():
    """ISO 639-2/3's qaa-qtz are codes the Hub's check takes (the local Hub too: test_hubserver), so a person's `qtd`
    must not stop a publish; the warning says that no one else knows what it names."""
    [problem] = check_metadata({"language": ["en", "qtd"]})
    assert (problem.severity, problem.code, problem.path) == ("warning", "unlisted-language", "language[1]")
    assert "local use" in problem.message
    assert [p.code for p in check_metadata({"language": "qza"})] == ["unknown-language"]  # past qtz: no code


def test_results_huggingface_hub_cannot_load_are_not_said_to_merge():
    """spaCy's cards (hub_shapes/ORIGINS.txt) give results no dataset: huggingface_hub cannot load such a model-index
    at all, so it never merges its results; that it cannot load it is said once, naming every result without one."""
    from generator.check.validate import validate_card

    report = validate_card(SHAPES / "model_index_without_datasets.md")
    assert [(p.code, p.path) for p in report.problems] == [("missing-field", "model-index[0].results[0].dataset")]
    assert "is missing (as in results[1], results[2])" in report.problems[0].message


def test_results_huggingface_hub_would_merge_are_one_warning_a_card():
    """opus-mt-tc's cards (hub_shapes/ORIGINS.txt) tell a benchmark's language pairs apart by task name and
    dataset args alone: huggingface_hub merges each benchmark's into one result when it rewrites the card. Said
    once, at the first group, naming every result of it that would lose what told it apart, and the other groups."""
    from generator.check.validate import validate_card

    report = validate_card(SHAPES / "results_per_language_pair.md")
    assert report.errors == ()
    assert [(p.code, p.path, p.message.split(":")[0]) for p in report.warnings] == [
        ("duplicate-result", "model-index[0].results[1]", "shares task, dataset, config, split and revision with "
         "results[0] (as do results[2]) but not task.name, dataset.args; so does 1 more group of results (as in "
         "results[6] with results[5])")]
    assert "merges each group when it rewrites the card" in report.warnings[0].message
    assert report.warnings[0].fix.endswith("or give them the same task.name and dataset.args")


def test_an_mteb_cards_23_groups_huggingface_hub_would_merge_are_one_warning():
    """jinaai/jina-embeddings-v3 (hub_shapes/ORIGINS.txt, trimmed to the results concerned): 23 groups of MTEB results
    that differ by dataset.name alone (`MTEB MLSUMClusteringP2P (de)`, `(fr)`...) were 23 warnings; one now says how
    many, names the first few, and gives the fix once."""
    from generator.check.validate import validate_card

    (warned,) = validate_card(SHAPES / "mteb_groups_merged_by_huggingface_hub.md").problems
    assert (warned.code, warned.severity, warned.path) == ("duplicate-result", "warning", "model-index[0].results[1]")
    assert warned.message.startswith("shares task, dataset, config, split and revision with results[0] but not "
                                     "dataset.name; so do 22 more groups of results (as in results[5] and results[6] "
                                     "with results[2], results[4] with results[3], results[11] with results[7] and 19 "
                                     "more): huggingface_hub merges each group")
    assert warned.fix.endswith("or give them the same dataset.name")


def test_a_frontmatter_line_of_only_a_tab_is_an_empty_line_as_the_hub_reads_it():
    """ai4bharat's headline cards (hub_shapes/ORIGINS.txt) end their metadata with a line holding one tab: YAML 1.2
    and js-yaml, the Hub's reader, take it as an empty line; libyaml refused it as indentation (a false error)."""
    from generator.check.validate import validate_card
    from generator.io.yamlio import parse_yaml

    report = validate_card(SHAPES / "frontmatter_tab_only_line.md")
    assert report.errors == () and report.metadata["tags"] == ["multilingual", "indicnlp"]
    assert parse_yaml("a:\n  b: 1\n \t \n  c: 2\n", "t") == {"a": {"b": 1, "c": 2}}
    assert parse_yaml("a:\r\n- x\r\n\t\r\nb: 1\r\n", "t") == {"a": ["x"], "b": 1}  # a card saved with CRLF
    assert parse_yaml("a: |\n  x\n  \t\n  y\n", "t") == {"a": "x\n\t\ny\n"}  # a tab past the indent is text
    with pytest.raises(Exception, match="line 2"):  # a tab indenting a key is still refused, at its line
        parse_yaml("a:\n\tb: 1\n", "t")


def test_keys_huggingface_js_types_as_nullable_may_be_null_and_an_empty_widget_is_only_warned():
    """NeMo's template writes `thumbnail: null` (150 real cards), which huggingface.js types `string | null`: no
    warning. `widget:` left empty was an error, yet the Hub took such cards with their model-index checked at push
    (hub_shapes/ORIGINS.txt): a warning, as huggingface.js types widget as a list."""
    from generator.check.validate import validate_card

    report = validate_card(SHAPES / "widget_left_empty.md")
    assert [(p.severity, p.code, p.path) for p in report.problems] == [("warning", "empty-value", "widget")]
    assert check_metadata({"thumbnail": None, "description": None, "instance_prompt": None}) == []
    assert [p.severity for p in check_metadata({"widget": None}, authoring=True)] == ["error"]


def shapes(card):
    from generator.check.validate import validate_card

    return [(p.severity, p.code, p.path, p.message) for p in validate_card(SHAPES / card).problems]


def test_widget_items_that_give_no_input_are_one_warning_for_each_kind():
    found = shapes("widget_items_without_input.md")
    assert [(severity, code, path) for severity, code, path, _ in found] == [
        ("warning", "wrong-type", "widget[3]"), ("warning", "wrong-type", "widget[1]")]
    assert "holds type (as widget[2]: inference)" in found[1][3] and "empty example" in found[1][3]


@pytest.mark.parametrize("card, fragment", [("inference_settings_misplaced.md", "holds do_sample, top_k"),
                                            ("inference_parameter_typo.md", "did you mean parameters?")])
def test_inference_settings_outside_parameters_are_warned_as_unread(card, fragment):
    [(severity, code, path, message)] = shapes(card)
    assert (severity, code, path) == ("warning", "wrong-type", "inference") and fragment in message


def test_a_real_access_gate_passes_and_a_field_type_the_form_lacks_is_warned():
    assert shapes("gated_fields_select.md") == []
    found = check_metadata({"extra_gated_fields": {"Name": "text", "Mail": "email", "Role": {"type": "select"}},
                            "extra_gated_button_content": ["Submit"], "inference": "yes", "widget": "text"})
    assert [(p.severity, p.path) for p in found] == [
        ("warning", "widget"), ("warning", "inference"), ("warning", "extra_gated_button_content"),
        ("warning", "extra_gated_fields.Mail"), ("warning", "extra_gated_fields.Role.options")]


def test_skops_single_widget_example_and_typed_shapes_pass():
    # skops (2022-23) writes one example as a mapping, `widget: structuredData: {...}` (53 real cards)
    assert check_metadata({"widget": {"structuredData": {"age": [1, 2]}}, "inference": {"parameters": {"top_k": 5}},
                           "thumbnail": "https://example.org/t.png"}) == []


@pytest.mark.parametrize("meta, path, fragment", [({"library_name": "text-generation"}, "library_name", "pipeline_tag: "),
                                                  ({"pipeline_tag": "diffusers"}, "pipeline_tag", "library_name: ")])
def test_a_task_and_a_library_written_in_each_others_key_say_where_each_goes(meta, path, fragment):
    [problem] = check_metadata(meta)
    assert problem.severity == "warning" and problem.path == path and fragment in problem.fix


def test_verified_claims_without_a_token_are_one_warning_naming_the_others():
    """AutoTrain's cards (pszemraj/long-t5-tglobal-base-16384-book-summary, facebook/bart-large-xsum: up to 48 metrics
    each) set verified: true on every metric without a token: one warning a model-index, said where the first is
    (it was one a metric: 514 warnings on 43 real cards)."""
    result = {"task": {"type": "summarization"}, "dataset": {"type": "kmfoda/booksum", "name": "BookSum"},
              "metrics": [{"type": t, "value": 1.0, "verified": True} for t in ("rouge", "loss", "gen_len")]}
    other = {"task": {"type": "text-classification"},
             "metrics": [{"type": "accuracy", "value": 0.9, "verified": True}]}  # no dataset, as spaCy's
    found = check_metadata({"model-index": [{"name": "m", "results": [result, other, result, result]}]})
    assert [(p.code, p.path) for p in found] == [
        ("set-by-hub", "model-index[0].results[0].metrics[0].verified"),
        ("missing-field", "model-index[0].results[1].dataset")]
    assert "(as in results[0].metrics[1], results[0].metrics[2], results[1].metrics[0] and 6 more)" in found[0].message


@pytest.mark.parametrize("meta, fragment", [({"tags": ["asr", False, "nb"]}, "False is not a string"),
                                            ({"tags": ["asr", None]}, "is empty")])
def test_a_tag_that_is_no_text_is_a_warning_as_the_hub_took_such_cards(meta, fragment):
    """NbAiLab's robust-speech-event cards (2022) list `- false` among their tags (huggingface_hub read `- no` as YAML
    1.1's false and wrote it back), and the Hub took them with their model-index checked at push: tags are free-form,
    so a tag that is no text is a warning (it was an error on 8 real cards); records are still refused."""
    [problem] = check_metadata(meta)
    assert (problem.severity, problem.code, problem.path) == ("warning", "wrong-type", "tags[1]")
    assert fragment in problem.message and "took such cards" in problem.message
    assert [p.severity for p in check_metadata(meta, authoring=True)] == ["error"]


def test_scores_that_are_lists_are_one_warning_a_model_index():
    """keras-io's and the XLSR week's cards wrote `value: []` on their metrics; MTEB 1.12 (2024) wrote `v_measures:
    [...]` on each clustering result beside its v_measure (up to 18 a card, Lajavaness/bilingual-embedding-large):
    one warning for the values that stand where a score should be, naming the others, said where the first is (was
    one a metric: 35 warnings on 6 real cards); none for the lists beside a score."""
    def clustering(i, scored=True):
        return {"task": {"type": "Clustering"}, "dataset": {"type": f"mteb/c{i}", "name": f"C{i}"},
                "metrics": [{"type": "v_measure", "value": 40.1 if scored else []},
                            {"type": "v_measures", "value": [0.4, 0.41] if scored else {"v": None}}]}

    found = check_metadata({"model-index": [{"name": "m", "results": [clustering(i) for i in range(6)]}]})
    assert found == []
    found = check_metadata({"model-index": [{"name": "m", "results": [clustering(i, i > 2) for i in range(6)]}]})
    assert [(p.severity, p.code, p.path) for p in found] == [
        ("warning", "not-a-number", "model-index[0].results[0].metrics[0].value")]
    assert found[0].message.startswith("is a list, not a score (as in results[0].metrics[1], results[1].metrics[0], "
                                       "results[1].metrics[1] and 2 more): the Hub takes it")



_DAMAGE = st.sampled_from([
    None, ("task",), ("task", "type"), ("dataset",), ("dataset", "type"), ("dataset", "name"), ("metrics",),
    ("metrics", 0, "type"), ("metrics", 0, "value"), (("task",), None), (("task",), "text-generation"),
    (("task", "type"), None), (("dataset",), []), (("dataset", "name"), None), (("metrics",), {}), (("metrics",), []),
    (("metrics", 0), "acc"), (("metrics", 0, "value"), None), (("metrics", 0, "type"), 3), ((), "a result")])


@settings(max_examples=200, deadline=None)
@given(st.lists(_DAMAGE, max_size=4))
def test_merges_are_looked_for_exactly_when_huggingface_hub_loads_every_result(damage):
    """_model_index finds whether huggingface_hub can load every result (the keys model_index_to_eval_results indexes)
    in its own pass over them, not in a second walk with _loadable: held equal to that walk on results with a key
    dropped or of another type. results[0] and [1] are alike but for task.name, so a duplicate-result warning shows
    that merges were looked for."""
    import copy

    from generator.records.hubrules import _loadable

    def result(name: str) -> dict:
        return {"task": {"type": "text-generation", "name": name}, "dataset": {"type": "gsm8k", "name": "GSM8K"},
                "metrics": [{"type": "acc", "value": 1.5}]}

    results: list = [result("a"), result("b")]
    for hurt in damage:
        item: Any = result("c")
        if hurt is not None and isinstance(hurt[0], str):  # a key dropped
            *parents, last = hurt
            part = item
            for key in parents:
                part = part[key]
            del part[last]
        elif hurt is not None:  # a value replaced
            path, value = hurt
            if not path:
                item = value
            else:
                part = item
                for key in path[:-1]:
                    part = part[key]
                part[path[-1]] = value
        results.append(item)
    problems = check_metadata({"model-index": [{"name": "m", "results": copy.deepcopy(results)}]})
    assert any(p.code == "duplicate-result" for p in problems) == all(_loadable(r) for r in results)


@pytest.mark.parametrize("shape, fix", [
    ("language_pair_tags.md", "list 'en' and 'de' as two items if it names a language pair, else use 'en'"),
    ("language_code_mixed_pair.md", "'ma' is no ISO 639 code: give each language's ISO 639 code as an item"),
])
def test_a_language_pair_in_one_tag_is_named_so(shape, fix):
    """TransQuest's `language: en-de` and CNERG's `ma-en` (hub_shapes/ORIGINS.txt) give two languages in one tag, not a
    language and its region: the Hub rejects either, and the fix names both codes (or that the first is none) instead
    of telling to drop the second."""
    from generator.markdown.frontmatter import split_card

    meta, _ = split_card((SHAPES / shape).read_text(), shape)
    [problem] = check_metadata(meta or {})
    assert (problem.code, problem.severity, problem.path) == ("language-subtag", "error", "language")
    assert "or two languages in one" in problem.message and problem.fix.startswith(fix)
    [subtag] = check_metadata({"language": "sv-SE"})
    assert "two languages" not in subtag.message and subtag.fix.startswith("use the bare code 'sv'")


def test_license_other_without_a_name_asks_only_for_what_is_missing():
    """THUDM/CogVideoX-5b (YinanWusoymilk/hf-readme) gives `license: other` and license_link, no license_name: the fix
    asks for the name alone."""
    [linked] = check_metadata({"license": "other", "license_link": "https://huggingface.co/org/m/blob/main/LICENSE"})
    [bare] = check_metadata({"license": "other"})
    assert (linked.code, linked.fix) == ("missing-license-name", "add license_name")
    assert (bare.code, bare.fix) == ("missing-license-name", "add license_name and license_link")


def test_a_null_dataset_config_is_refused_as_the_hub_refuses_it_with_a_fix_that_removes_it():
    # transformers' Trainer (4.26 on) writes `config: null` for an eval set of no known config; the Hub refuses the
    # push: 'Error: "model-index[0].results[0].dataset.config" must be a string' (a Whisper fine-tune's write-up, code
    # index read_file id 17481617961). Quoting it, the old fix, would name a config "None"
    meta = {"model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "metrics": [{"type": "wer", "value": 1}],
                                                       "dataset": {"type": "d", "name": "n", "config": None}}]}]}
    [problem] = [p for p in check_metadata(meta) if p.severity == "error"]
    assert (problem.path, problem.code) == ("model-index[0].results[0].dataset.config", "wrong-type")
    assert problem.message == "is null, and must be a string" and problem.fix == "remove the line, or write the config"
