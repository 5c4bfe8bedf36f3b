"""generator/sources/lighteval.py: the run's setup a lighteval results file says, under the card's results table."""

from __future__ import annotations

import json
from pathlib import Path

from generator import build_card
from generator.sources.lighteval import read_lighteval, run_notes
from generator.sources.lm_eval_model import API_CHAT, CHAT_APPLIED
from generator.sources.readers import read_source

TESTS = Path(__file__).resolve().parent
SHAPES = TESTS / "eval_shapes"
FIXTURES = TESTS / "fixtures" / "versions" / "evals"
BY_TOKENIZER = f"{CHAT_APPLIED} if the tokenizer has one (lighteval's default)"


def _run(path: Path) -> dict:
    return json.loads(path.read_text())["config_general"]


def test_a_lighteval_0_11_api_run_says_its_backend_and_provider(tmp_path):
    """lighteval 0.11+ dumps its backend's model config without the class's name (JoelNiklaus/evaluate-idk's 18
    results files of `lighteval endpoint litellm`): a field only LiteLLMModelConfig has names it, as the command line
    does; its provider beside it. The card says it under the results table, as it does an lm-eval run's backend."""
    path = SHAPES / "lighteval_0.11_hf_filter.json"
    assert {e.get("notes") for e in read_source(path).data["evaluations"]} == {
        f"lighteval; backend endpoint litellm, provider openrouter; {API_CHAT}"}
    card = build_card(evals=[path], repo_id="acme/m").text
    assert f"\nSetup: lighteval; backend endpoint litellm, provider openrouter; {API_CHAT}\n" in card


def test_each_lighteval_backend_is_named_by_a_field_only_its_config_has():
    """The fields of lighteval 0.13's model configs (src/lighteval/models/*): vllm, sglang, the endpoints, a custom
    model, transformers (`lighteval accelerate`, its dtype as written)."""
    run = _run(FIXTURES / "lighteval-0.12.2" / "results" / "tmp" / "mcg-eval-work" / "lighteval-0.12.2" /
               "tiny-llama" / "results_2026-12-04T18-36-59.309701.json")
    assert run_notes(run) == f"lighteval; backend accelerate, dtype float32; {BY_TOKENIZER}"
    base = {"model_name": "org/m", "generation_parameters": {"temperature": 0}, "system_prompt": None}
    shapes = {"vllm": {"dtype": "bfloat16", "tensor_parallel_size": 1, "gpu_memory_utilization": 0.9},
              "sglang": {"dtype": "auto", "tp_size": 1, "mem_fraction_static": 0.8},
              "endpoint inference-providers": {"provider": "novita", "timeout": None, "org_to_bill": None},
              "endpoint inference-endpoint": {"endpoint_name": "m-1", "dtype": None},
              "endpoint tgi": {"inference_server_address": "http://localhost:8080"},
              "custom": {"model_definition_file_path": "my_model.py"}}
    assert {name: run_notes({"model_config": base | fields}) for name, fields in shapes.items()} == {
        "vllm": "lighteval; backend vllm, dtype bfloat16", "sglang": "lighteval; backend sglang",
        "endpoint inference-providers": f"lighteval; backend endpoint inference-providers, provider novita; {API_CHAT}",
        "endpoint inference-endpoint": f"lighteval; backend endpoint inference-endpoint; {API_CHAT}",
        "endpoint tgi": f"lighteval; backend endpoint tgi; {API_CHAT}", "custom": "lighteval; backend custom"}


def test_a_lighteval_run_says_whether_its_prompts_went_through_the_chat_template():
    """lighteval 0.11-0.13 (src/lighteval/models/*): `lighteval accelerate`, vllm and sglang apply the tokenizer's chat
    template by the model config's override_chat_template (true, false, or null: when the tokenizer has one, which
    the file does not say; lighteval 0.11.0's own output of the tiny Llama, whose tokenizer has one); the endpoint
    backends always send chat messages; a vision-language model (its config's use_fast_image_processor) always uses
    its template. The card said nothing of it, where it says lm-eval's --apply_chat_template."""
    [path, *_] = sorted((FIXTURES / "lighteval-0.11.0").rglob("results_*.json"))
    run = _run(path)
    assert run["model_config"]["override_chat_template"] is None
    assert run_notes(run) == f"lighteval; backend accelerate, dtype float32; {BY_TOKENIZER}"
    config = run["model_config"]
    assert run_notes({"model_config": config | {"override_chat_template": True}}) == \
        f"lighteval; backend accelerate, dtype float32; {CHAT_APPLIED}"
    assert run_notes({"model_config": config | {"override_chat_template": False}}) == \
        "lighteval; backend accelerate, dtype float32"
    vlm = {"model_name": "org/vlm", "processor": None, "use_fast_image_processor": None, "model_parallel": None}
    assert run_notes({"model_config": vlm}) == f"lighteval; backend accelerate; {CHAT_APPLIED}"
    card = build_card(evals=[path], repo_id="acme/m").text
    assert f"\nSetup: lighteval; backend accelerate, dtype float32; {BY_TOKENIZER}\n" in card


def test_lighteval_sampling_and_system_prompt_are_said_greedy_is_not():
    """temperature 0 is lighteval's default (greedy): not said; sampling settings and a system prompt are."""
    config = {"model_name": "org/m", "gpu_memory_utilization": 0.9, "system_prompt": "Reason step by step.",
              "generation_parameters": {"temperature": 0.6, "top_p": 0.95, "max_new_tokens": 32768, "seed": None}}
    assert run_notes({"model_config": config}) == ("lighteval; backend vllm; temperature 0.6, top_p 0.95, "
                                                   "max_new_tokens 32768; system prompt: 'Reason step by step.'")


def test_lighteval_before_0_11_names_no_backend_its_dtype_and_sampling_are_said():
    """lighteval 0.3-0.10's config_general: model_name, model_sha, model_dtype (torch.float32, or float32), and from
    0.8 generation_parameters; no backend. A file that says none of these gets no notes (no Setup line)."""
    run = _run(FIXTURES / "lighteval-0.10.0" / "tiny-llama" / "results_2026-12-04T17-13-19.236900.json")
    assert run_notes(run) == "lighteval; dtype float32"
    assert run_notes(run | {"model_dtype": "torch.bfloat16", "generation_parameters": {"temperature": 1.0}}) == (
        "lighteval; dtype bfloat16; temperature 1.0")
    assert run_notes(_run(SHAPES / "lighteval_0.13_max_samples.json")) == ""


def test_lighteval_runs_with_and_without_the_chat_template_are_both_kept(tmp_path):
    """lighteval 0.11.0's own run saved again as two runs of one folder, the first with override_chat_template false,
    the later with true (`lighteval accelerate "model_name=...,override_chat_template=true"`): the later replaced the
    earlier as a rerun, where lm-eval's like pair is kept as two results. Both are kept, the one with the template
    labelled so; a run on lighteval's default (null: the file does not say) is a rerun still."""
    [first, *_] = sorted((FIXTURES / "lighteval-0.11.0").rglob("results_*.json"))
    data = json.loads(first.read_text())
    folder = tmp_path / "results" / "tiny-llama"
    folder.mkdir(parents=True)
    for stamp, override in (("2026-12-04T18-40-43.399283", False), ("2026-12-04T19-40-43.399283", True)):
        data["config_general"]["model_config"]["override_chat_template"] = override
        (folder / f"results_{stamp}.json").write_text(json.dumps(data))
    labels = [e["benchmark"] for e in read_source(tmp_path).data["evaluations"]]
    assert labels == ["community|toy:arith (0-shot)", "community|toy:compare (0-shot)",
                      "community|toy:arith (0-shot), chat template", "community|toy:compare (0-shot), chat template"]
    data["config_general"]["model_config"]["override_chat_template"] = None
    (folder / "results_2026-12-04T20-40-43.399283.json").write_text(json.dumps(data))
    got = read_source(tmp_path)
    assert [e["benchmark"] for e in got.data["evaluations"]] == labels
    assert [w.code for w in got.warnings if w.code == "superseded-run"] == ["superseded-run"]



def test_a_task_key_whose_shots_are_no_decimal_number_is_read(tmp_path):
    """A task key `leaderboard|arc|²` (str.isdigit takes '²', int refuses it) stopped the build with an internal
    error; its shots are not a count, so the key is read as one naming none, as `suite|task|x` is."""
    path = SHAPES / "lighteval_0.11_hf_filter.json"
    data = json.loads(path.read_text())
    key = next(iter(data["results"]))
    parts = key.split("|")
    changed = "|".join(parts[:2] + ["²"] + parts[3:])
    data["results"] = {changed if k == key else k: v for k, v in data["results"].items()}
    (tmp_path / path.name).write_text(json.dumps(data))
    plain = dict(data, results={("|".join(parts[:2] + ["x"] + parts[3:]) if k == key else k): v
                                for k, v in data["results"].items()})
    (tmp_path / "plain.json").write_text(json.dumps(plain))
    got, want = read_source(tmp_path / path.name).data, read_source(tmp_path / "plain.json").data
    assert len(got["evaluations"]) == len(want["evaluations"]) and got["evaluations"][0]["benchmark"] == \
        want["evaluations"][0]["benchmark"]


def test_a_task_config_of_null_hf_repo_names_no_dataset_and_the_task_is_looked_up(tmp_path):
    """A script's conversion to lighteval's file writes `"hf_repo": null` (tests/eval_shapes/
    lighteval_converted_null_hf_repo.json): the warning said "its hf_repo None is not a Hub dataset id (a local
    folder?)"; the file names no dataset, and a task of the bundled table gets that table's dataset."""
    path = SHAPES / "lighteval_converted_null_hf_repo.json"
    got = read_lighteval(path)
    [evaluation] = got.data["evaluations"]
    assert "dataset" not in evaluation or "id" not in evaluation["dataset"]
    [told] = [w for w in got.warnings if w.path == "$.results['external|mcp_bench:single_server|0']"]
    assert "None" not in told.message and "the file does not name its dataset, and the task is not in the bundled " \
        "table of common tasks" in told.message
    data = json.loads(path.read_text())
    for part in ("results", "config_tasks", "summary_tasks"):
        data[part] = {k.replace("external|mcp_bench:single_server", "lighteval|gsm8k"): v for k, v in data[part].items()}
    renamed = tmp_path / path.name
    renamed.write_text(json.dumps(data))
    [evaluation] = read_lighteval(renamed).data["evaluations"]
    assert evaluation["dataset"]["id"] == "openai/gsm8k"
