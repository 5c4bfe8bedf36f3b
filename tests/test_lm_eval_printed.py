"""lm-evaluation-harness's printed results table, saved alone, read as the run's results (lm_eval_printed)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import InputError
from generator.records.citations import older_citation
from generator.sources.readers import read_source

SHAPES = Path(__file__).resolve().parent / "eval_shapes"
SETTINGS_04 = "hf (pretrained=acme/m,dtype=float32), gen_kwargs: (None), limit: None, num_fewshot: 5, batch_size: 8"
HEADER_04 = "|Tasks|Version|Filter|n-shot|Metric|   |Value |   |Stderr|\n|-----|------:|------|-----:|------|---|-----:|---|-----:|"


def _read(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_source(path)


def test_lm_eval_0_3s_table_is_read_as_its_results_file_would_be(tmp_path):
    """Nous-Hermes-Llama2-70b's GPT4All block (0.3: no filter, no n-shot column): each task and metric with its
    stderr and version, the few-shot count from the settings line, datasets from the table of common tasks, and a
    warning that the scores are as printed."""
    got = read_source(SHAPES / "lm_eval_0.3_printed_table.txt")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert sorted(evaluations) == ["arc_challenge:0-shot", "arc_easy:0-shot", "boolq:0-shot", "hellaswag:0-shot",
                                   "openbookqa:0-shot", "piqa:0-shot", "winogrande:0-shot"]
    arc = evaluations["arc_challenge:0-shot"]
    assert arc["metrics"] == [{"type": "acc", "value": 0.5734, "stderr": 0.0145},
                              {"type": "acc_norm", "value": 0.6015, "stderr": 0.0143}]
    assert arc["dataset"]["id"] == "allenai/ai2_arc" and arc["version"] == 0 and arc["few_shot"] == 0
    assert evaluations["boolq:0-shot"]["version"] == 1
    assert evaluations["openbookqa:0-shot"]["metrics"][1]["value"] == 0.5  # printed 0.5000: no digits added,
    assert evaluations["openbookqa:0-shot"]["metrics"][1]["decimals"] == 4  # its zeros kept to show it so
    rounded = [w for w in got.warnings if w.code == "rounded-scores"]
    assert len(rounded) == 1 and "as printed (rounded to 4 decimals at most)" in rounded[0].message
    assert "--output_path" in rounded[0].fix
    assert got.data["citations"] == [older_citation("lm-eval")]  # 0.3 cites as its results file does


def test_a_table_printed_with_cell_margins_reads_its_filters_shots_and_direction(tmp_path):
    """lm-eval 0.4.x's table as a Markdown formatter leaves it (`| Tasks | Version |`, arrow cells narrower than
    their column): gsm8k's two filters as two metrics, 5-shot, version 3, its backend from the settings line."""
    got = read_source(SHAPES / "lm_eval_0.4_printed_table_spaced.md")
    (gsm8k,) = got.data["evaluations"]
    assert gsm8k["id"] == "gsm8k:5-shot" and gsm8k["few_shot"] == 5 and gsm8k["version"] == 3
    assert gsm8k["dataset"] == {"id": "openai/gsm8k", "config": "main", "split": "test"}
    assert gsm8k["metrics"] == [
        {"type": "exact_match", "value": 0.7832, "name": "exact_match (flexible-extract)", "stderr": 0.0114},
        {"type": "exact_match", "value": 0.3715, "name": "exact_match (strict-match)", "stderr": 0.0133}]
    assert gsm8k["notes"] == "backend llada_dist"


def test_the_settings_line_gives_the_model_and_limit_and_a_lower_is_better_arrow(tmp_path):
    """0.4.13 prints model_args as a dict; a Hub id there is the model scored; --limit is said as for the results
    file; `↓` marks a metric lower-is-better."""
    text = ("hf ({'pretrained': 'acme/m', 'dtype': 'float32'}), gen_kwargs: ({}), limit: 20.0, num_fewshot: None, "
            "batch_size: 1\n" + HEADER_04 + "\n"
            "|wikitext|      2|none  |     0|word_perplexity|↓  |31.2500|±  |   N/A|\n"
            "|arc_easy|      1|none  |     0|acc            |↑  | 0.7000|±  |0.0100|\n")
    got = _read(tmp_path, "eval.log", text)
    assert got.data["model"]["repo_id"] == "acme/m"
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert evaluations["wikitext:0-shot"]["metrics"][0]["higher_is_better"] is False
    assert evaluations["arc_easy:0-shot"]["metrics"][0]["value"] == 0.7
    assert any(w.code == "limited-run" and w.path == "line 1" for w in got.warnings)


def test_a_groups_table_and_indented_aliases_give_the_groups(tmp_path):
    """0.4's Tasks table nests a group's tasks by their indented aliases; its Groups table repeats the aggregates:
    the group's aggregate stands for it once, its tasks are its details. A task shown by its alias under its group
    (mmlu's `  - formal_logic`) is the group's task of that name the bundled table knows (mmlu_formal_logic), as the
    results file names it; a warning names the table's line."""
    got = read_source(SHAPES / "lm_eval_printed_table.md")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert len(evaluations) == len(got.data["evaluations"]) and "mmlu:0-shot" in evaluations
    formal = evaluations["mmlu_formal_logic:0-shot"]
    assert formal["group"] == "humanities" and formal["benchmark"] == "formal_logic (0-shot)"
    assert formal["dataset"] == {"id": "cais/mmlu", "config": "formal_logic", "split": "test"}
    text = (SHAPES / "lm_eval_printed_table.md").read_text().replace("|winogrande ", "|tiny_task  ")
    told = [w for w in _read(tmp_path, "t.md", text).warnings if w.code == "not-in-model-index"]
    assert [w.path for w in told] == ["line 11"]  # tiny_task's row, no dataset known


def test_several_runs_tables_or_a_broken_row_are_refused_naming_the_line(tmp_path, capsys):
    two = f"{SETTINGS_04}\n{HEADER_04}\n|gsm8k|3|strict-match|5|exact_match|↑|0.5|±|0.01|\n\n" * 2
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "two.log", two)
    (problem,) = refused.value.problems
    assert problem.path == "line 7" and "holds 2 results tables lm-eval printed (at lines 2, 7)" in problem.message
    assert "in a file of its own" in problem.fix
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "short.log", f"{SETTINGS_04}\n{HEADER_04}\n|gsm8k|3|strict-match|5|exact_match|0.5|\n")
    assert refused.value.problems[0].path == "line 4" and "has 6 cells" in refused.value.problems[0].message
    out = tmp_path / "README.md"
    assert main(["build", "--eval", str(tmp_path / "two.log"), "--repo-id", "acme/m", "-o", str(out)]) == 1
    assert "line 7: holds 2 results tables" in capsys.readouterr().err and not out.exists()


def test_a_suites_log_of_one_model_is_read_as_one_run(tmp_path):
    """The Nous suite's log (teknium1/LLM-Benchmark-Logs): a table lm-eval 0.3 printed for each suite run one after
    the other on one model, each scoring other tasks under the same settings but the batch size, were refused as
    "several runs". They are read as one run's results: every task of every table, the model and backend from the
    settings line glued to the fence's backticks (no "```" in the backend), no batch size the suites do not share;
    with a settings line above some tables only, or none (most of those logs), alike."""
    got = read_source(SHAPES / "lm_eval_0.3_printed_suites.md")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert sorted(evaluations) == ["agieval_aqua_rat:0-shot", "agieval_logiqa_en:0-shot", "agieval_sat_math:0-shot",
                                   "arc_challenge:0-shot", "bigbench_causal_judgement:0-shot", "boolq:0-shot",
                                   "hellaswag:0-shot", "piqa:0-shot", "winogrande:0-shot"]
    assert evaluations["agieval_aqua_rat:0-shot"]["metrics"][1] == {"type": "acc_norm", "value": 0.236,
                                                                    "stderr": 0.0267, "decimals": 4}  # 0.2360
    assert evaluations["arc_challenge:0-shot"]["dataset"]["id"] == "allenai/ai2_arc"
    assert got.data["model"]["repo_id"] == "acme/suite-7b"
    assert evaluations["boolq:0-shot"]["notes"] == "backend hf-causal-experimental, dtype float16"
    bare = "\n".join("```" if "limit:" in line else line
                     for line in (SHAPES / "lm_eval_0.3_printed_suites.md").read_text().splitlines())
    unsaid = sorted(e["id"] for e in _read(tmp_path, "bare.md", bare).data["evaluations"])  # no few-shot count
    assert unsaid == sorted(name.partition(":")[0] for name in evaluations)
    text = (SHAPES / "lm_eval_0.3_printed_suites.md").read_text()
    once = text.replace(text.splitlines()[1], "```").replace(text.splitlines()[16], "```", 1)
    assert once.count("limit:") == 1
    got = _read(tmp_path, "once.md", once)
    assert sorted(e["id"] for e in got.data["evaluations"]) == sorted(evaluations)
    assert got.data["model"]["repo_id"] == "acme/suite-7b"


def test_an_average_in_percent_beside_lm_evals_own_table_is_no_script_summary(tmp_path):
    """A suites log's `Average: 76.00%` line (teknium1/LLM-Benchmark-Logs Nous-Hermes-2-Yi-34B.md) was taken for
    llm-autoeval's summary and the log refused: beside lm-eval's own 4-decimal scores it is the person's note, and the
    log is read; with scores in percent with 2 decimals it is still that summary."""
    text = (SHAPES / "lm_eval_0.3_printed_suites.md").read_text().replace("Average: 67.20", "Average: 67.20%")
    got = _read(tmp_path, "percent.md", text)
    assert len(got.data["evaluations"]) == 9
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "summary.md", re.sub(r"(\d\.\d\d)\d\d\|", r"\1  |", text))  # 2 decimals
    assert "a script wrote from lm-eval's results" in refused.value.problems[0].message


def test_a_table_whose_rows_lost_their_line_breaks_is_refused_not_left_out(tmp_path):
    """teknium1/LLM-Benchmark-Logs Hermes-2-Pro-Llama-3-8B-SFT.md pasted its GPT4All table's first rows onto the
    separator's line, padded with spaces: the table was not seen and its scores left out, unsaid, while the other
    suites were read. The log is refused naming that line."""
    lines = (SHAPES / "lm_eval_0.3_printed_suites.md").read_text().splitlines()
    lines[3:6] = [lines[3] + " " * 40 + lines[4] + " " * 40 + lines[5]]
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "glued.md", "\n".join(lines) + "\n")
    (problem,) = refused.value.problems
    assert problem.path == "line 4" and "separator line of the results table lm-eval printed at line 3" in \
        problem.message and "line of its own" in problem.fix


@pytest.mark.parametrize("change", ["pretrained=acme/other-7b", "num_fewshot: 5", "|boolq  "])
def test_tables_of_two_models_settings_or_scoring_one_task_twice_are_several_runs(tmp_path, change):
    """The suites' tables are several runs, refused as before, when a settings line names another model or few-shot
    count, or a task is in two tables."""
    text = (SHAPES / "lm_eval_0.3_printed_suites.md").read_text()
    last = text.rindex("```hf-causal")
    old = {"pretrained=acme/other-7b": "pretrained=acme/suite-7b", "num_fewshot: 5": "num_fewshot: 0",
           "|boolq  ": "|bigbench_causal_judgement"}[change]
    text = text[:last] + text[last:].replace(old, change, 1)
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "log.md", text)
    assert "holds 3 results tables lm-eval printed" in refused.value.problems[0].message


def test_notes_of_several_models_runs_without_settings_lines_are_several_runs(tmp_path):
    """Notes of runs of several models, each table under the `lm_eval --model_args pretrained=...` command that made
    it and no settings line (a public notes file of AWQ quants' gsm8k/asdiv/hendrycks_math runs): tables scoring
    other tasks are still several runs, as two models are named."""
    header = "|Tasks|Version|Filter|n-shot|Metric|   |Value |   |Stderr|\n|-----|------:|------|-----:|------|---|-----:|---|-----:|"
    text = (f"lm_eval --model vllm --model_args pretrained=acme/a-awq,add_bos_token=True --tasks gsm8k\n\n{header}\n"
            "|gsm8k|3|strict-match|5|exact_match|↑|0.8640|±|0.0217|\n\n####\n\n"
            f"lm_eval --model vllm --model_args pretrained=acme/b-awq,add_bos_token=True --tasks asdiv\n\n{header}\n"
            "|asdiv|1|none|10|acc|↑|0.0004|±|0.0004|\n")
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "notes.txt", text)
    assert "holds 2 results tables lm-eval printed" in refused.value.problems[0].message
    one = text.replace("acme/b-awq", "acme/a-awq")
    assert len(_read(tmp_path, "one.txt", one).data["evaluations"]) == 2  # one model's two runs: read together


@pytest.mark.parametrize("text", [
    SETTINGS_04[:3] + "x" * (1 << 20) + SETTINGS_04[3:] + "\n" + HEADER_04 + "\n|a|1|none|0|acc|↑|0.5|±|0.1|\n",
    "hf (" + "{" * 15_000 + "}" * 15_000 + "), gen_kwargs: (None), limit: None, num_fewshot: 0, batch_size: 1\n"
    + HEADER_04 + "\n|a|1|none|0|acc|↑|0.5|±|0.1|\n",
    (HEADER_04.splitlines()[0] + "\n") * 20_000 + HEADER_04 + "\n|a|1|none|0|acc|↑|0.5|±|0.1|\n",
    HEADER_04 + "\n|a|1|none|0|acc|↑|0.5|±|0.1|\n" + "|" + "  " * 25_000 + "- b|1|none|0|acc|↑|0.5|±|0.1|\n",
    "\ufeff" + (SETTINGS_04 + "\n" + HEADER_04 + "\n|a|1|none|0|acc|↑|0.5|±|0.1|\n").replace("\n", "\r\n"),
    HEADER_04 + "\n|a|1|none|0|acc|↑|0.5|±|0.1|\n|b|1|none|0|acc|↑|" + "1" * 1_000_000 + "|±|0.1|\n",
])
def test_bad_input_is_read_or_refused_with_the_file_and_line(tmp_path, text):
    """A 1 MB settings line, a model_args nesting 15,000 braces, 20,000 headers without their separator, an alias
    indented 50,000 spaces, CRLF with a BOM, a value of a million digits (int() raised ValueError past 4,300): each
    read (task `a` scored 0.5) or refused naming the file, never a crash."""
    try:
        got = _read(tmp_path, "eval.log", text)
    except InputError as refused:
        assert all(p.file.endswith("eval.log") and p.fix for p in refused.problems)
        return
    assert any(m["value"] == 0.5 for e in got.data["evaluations"] for m in e["metrics"])


def test_binary_bytes_are_no_printed_table(tmp_path):
    path = tmp_path / "eval.log"
    path.write_bytes(bytes(range(256)) * 100)
    with pytest.raises(InputError):
        read_source(path)


def test_a_scripts_percent_table_under_lm_evals_header_is_refused(tmp_path):
    """llm-autoeval writes lm-eval 0.3's header over scores in percent (54.44 for acc 0.5444), or 0.4's keys as
    metrics (`acc,none`, `alias`): read as lm-eval's table, acc would be 54.44. Refused, naming the line."""
    with pytest.raises(InputError) as refused:
        read_source(SHAPES / "llm_autoeval_percent_table.md")
    (problem,) = refused.value.problems
    assert problem.path == "line 4" and "scores in percent with 2 decimals" in problem.message
    assert problem.fix.endswith(f"`modelcard ingest {SHAPES / 'llm_autoeval_percent_table.md'} --format card`")
    keys = ("|   Task   |Version|    Metric     |  Value   |   |Stderr|\n|----------|------:|---------------|----------|---|"
            "------|\n|winogrande|      1|acc,none       |      0.74|   |      |\n"
            "|          |       |alias          |winogrande|   |      |\n")
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "winogrande.md", keys)
    assert refused.value.problems[0].path == "line 3"


def test_a_leaderboard_table_nests_its_groups_by_each_levels_dash():
    """0.4.13 prints `-  - leaderboard_bbh` under `leaderboard` and `  -   - leaderboard_bbh_boolean_expressions` under
    it: the task is leaderboard_bbh_boolean_expressions in the group BBH, as the results file's reading has it (the
    first `- ` alone stripped, it was a task `- leaderboard_bbh...` of a group `- leaderboard_bbh`)."""
    got = read_source(SHAPES / "lm_eval_0.4.13_printed_leaderboard.log")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert evaluations["leaderboard_bbh_boolean_expressions:3-shot"]["group"] == "BBH"
    assert evaluations["leaderboard_gpqa_diamond:0-shot"]["group"] == "GPQA"
    assert [m["type"] for m in evaluations["leaderboard_ifeval:0-shot"]["metrics"]] == [
        "inst_level_loose_acc", "inst_level_strict_acc", "prompt_level_loose_acc", "prompt_level_strict_acc"]
    assert got.data["model"]["repo_id"] == "Qwen/Qwen3-8B"


def test_a_count_over_1_is_no_percentage(tmp_path):
    """An integer Value (`sample_len 20`, as an older make_table prints 0.4.12's results; `0` for exact_match) beside
    scores of 2 decimals is a count, not a percentage: the table is read (it was refused as llm-autoeval's)."""
    text = ("|     Tasks     |Version|Filter|n-shot|   Metric   |   |Value|   |Stderr|\n"
            "|---------------|------:|------|-----:|------------|---|-----|---|-----:|\n"
            "|tiny_compare_mc|      2|none  |     3|acc         |↑  | 0.55|±  |0.1141|\n"
            "|               |       |      |     3|sample_len  |   |   20|   |      |\n")
    (got,) = _read(tmp_path, "eval.log", text).data["evaluations"]
    assert got["metrics"][0]["value"] == 0.55


def test_a_log_of_megabytes_of_progress_bars_before_its_table_is_read(tmp_path):
    """tqdm's progress bars fill a `| tee` log before the table lm-eval prints last: 3 MB of them (the file's
    first megabyte alone was looked at, so the log was refused as no format read)."""
    bars = "Running loglikelihood requests:  50%|#####     | 30/60 [00:11<00:05,  4.65it/s]\n" * 40_000
    got = _read(tmp_path, "eval.log", bars + SETTINGS_04 + "\n" + HEADER_04 + "\n|arc_easy|1|none|5|acc|↑|0.7|±|0.01|\n")
    assert got.data["evaluations"][0]["id"] == "arc_easy:5-shot"


def test_lm_eval_0_4_0s_table_without_the_arrow_and_its_yaml_version(tmp_path):
    """0.4.0 prints no arrow column and `Yaml` for a task's version (a placeholder its results file holds too, left
    out); gsm8k's `get-answer` filter names its metric. The shape of a 2024 note's gsm8k and coqa runs."""
    text = ("hf (pretrained=meta-llama/Llama-2-7b-hf), gen_kwargs: (), limit: None, num_fewshot: 5, batch_size: 1\n"
            "|Tasks|Version|  Filter  |n-shot|  Metric   |Value |   |Stderr|\n"
            "|-----|-------|----------|-----:|-----------|-----:|---|-----:|\n"
            "|gsm8k|Yaml   |get-answer|     5|exact_match|0.1342|±  |0.0094|\n")
    (gsm8k,) = _read(tmp_path, "gsm8k.log", text).data["evaluations"]
    assert gsm8k["metrics"] == [{"type": "exact_match", "value": 0.1342, "name": "exact_match (get-answer)",
                                 "stderr": 0.0094}]
    assert "version" not in gsm8k and gsm8k["few_shot"] == 5


def test_a_problem_is_placed_at_its_tasks_line_by_looking_up_its_own_path():
    """A table of 20,000 rows gave 20,000 warnings, and each was held to all 20,000 tasks' keys (35 s): a problem's
    line is now found from its path's own prefixes, the longest key first, as before."""
    from generator.errors import Problem
    from generator.sources.lm_eval_printed import at_line

    class Looked(dict):
        looked = 0

        def __contains__(self, key):
            Looked.looked += 1
            return super().__contains__(key)

        def __iter__(self):
            raise AssertionError("every key was walked")

    lines = Looked({"$.config": 3, "$.results['mmlu']": 7, "$.results['a]b']": 9, '$.results["it\'s"]': 11,
                    **{f"$.results['t{n}']": n for n in range(20, 20_000)}})
    at = {path: at_line(Problem("f.log", path, "m", code="c"), lines).path for path in (
        "$.results['mmlu'].acc,none", "$.results['a]b']", '$.results["it\'s"].acc', "$.config.limit", "$.versions")}
    assert at == {"$.results['mmlu'].acc,none": "line 7", "$.results['a]b']": "line 9",
                  '$.results["it\'s"].acc': "line 11", "$.config.limit": "line 3", "$.versions": "$.versions"}
    assert Looked.looked <= 10


def test_a_folder_holding_only_the_printed_table_is_read_as_the_table_is(tmp_path, capsys):
    """A run's folder where lm-eval's output was kept (`lm_eval ... | tee out/eval.log`) and no results file: passed
    as a folder it was "a folder with no Trainer output, records or results", where the log passed alone is read. It
    is read as the log is; two such logs are refused naming them (which run each is, the folder does not say), and
    lighteval's table alone is refused as it is passed alone."""
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(SHAPES / "lm_eval_0.4.4_printed_table.txt", folder / "eval.log")
    (folder / "notes.txt").write_text("learning rate 2e-5, 3 epochs\n")
    assert main(["build", "--eval", str(folder / "eval.log"), "--repo-id", "acme/m", "-o", str(tmp_path / "a.md")]) == 0
    assert main(["build", "--eval", str(folder), "--repo-id", "acme/m", "-o", str(tmp_path / "b.md")]) == 0
    assert (tmp_path / "a.md").read_text() == (tmp_path / "b.md").read_text()
    assert "is the results table lm-eval printed, read as the run's results" in capsys.readouterr().err
    assert read_source(folder).data == read_source(folder / "eval.log").data
    shutil.copy(SHAPES / "lm_eval_0.3_printed_table.txt", folder / "other.txt")
    with pytest.raises(InputError) as refused:
        read_source(folder)
    problem = refused.value.problems[0]
    assert problem.file == str(folder) and "2 results tables lm-eval printed (eval.log, other.txt)" in problem.message
    assert f"--eval {folder / 'eval.log'} {folder / 'other.txt'}" in problem.fix
    lighteval = tmp_path / "lighteval"
    lighteval.mkdir()
    shutil.copy(SHAPES / "lighteval_leaderboard_v1_printed.log", lighteval / "run.log")
    assert read_source(lighteval).data == read_source(lighteval / "run.log").data
    assert read_source(lighteval).format == "lighteval"


@pytest.mark.parametrize("name", ["qwen1.5_moe_merged_cluster_30", "Llama-3.1-8B", "gemma-2.0b"])
def test_a_table_saved_under_a_model_name_with_a_dot_is_read_as_one_with_no_extension(tmp_path, name):
    """zhy617/SMoE eval-results/qwen/qwen1.5_moe_merged_group_3_cluster_30 (commit 33aadd0d): lm-eval 0.4's output
    saved under the model's name, no extension, a dot in the name (`| tee qwen1.5_moe_...`). What follows that dot
    was taken for the file's extension, and the log refused as "not a format the generator reads"; a file with no
    extension is read as a saved log. Passed alone and in its folder, it is read as `eval.log` is."""
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(SHAPES / "lm_eval_0.4.4_printed_table.txt", folder / name)
    got = read_source(folder / name)
    assert got.format == "lm-eval"
    assert got.data == _read(tmp_path, "eval.log", (SHAPES / "lm_eval_0.4.4_printed_table.txt").read_text()).data
    assert read_source(folder).data == got.data


def test_scores_printed_with_zeros_after_their_last_digit_are_shown_with_them(tmp_path):
    """zhy617/SMoE eval-results/qwen/Qwen1.5-MoE-A2.7B.md (commit f87ec02a; lm-eval 0.4.x): `0.4220`, a stderr
    `0.0040`, were shown `0.422` and `0.004` beside `0.6153`, as if known to fewer decimals than lm-eval printed.
    They are shown as printed, and model-index writes the value so (as for .eval_results' `57.50`); the card
    passes the check. A value printed without such zeros (0.6153, 0.0156) is shown as before."""
    text = (SETTINGS_04 + "\n" + HEADER_04 + "\n"
            "|arc_challenge|      1|none  |     5|acc     |↑  |0.4220|±  |0.0156|\n"
            "|             |       |none  |     5|acc_norm|↑  |0.6153|±  |0.0040|\n")
    (tmp_path / "eval.log").write_text(text)
    card = tmp_path / "README.md"
    assert main(["build", "--eval", str(tmp_path / "eval.log"), "-o", str(card)]) == 0
    written = card.read_text()
    assert re.search(r"\| arc_challenge \(5-shot\) +\| acc +\| 0\.4220 \| 0\.0156 \|", written)
    assert re.search(r"\| +\| acc_norm +\| 0\.6153 \| 0\.0040 \|", written)
    assert "value: 0.4220\n" in written and "value: 0.6153\n" in written
    assert main(["validate", str(card), "--strict"]) == 0


def test_the_harness_scripts_percent_tables_of_a_folder_are_refused_as_a_scripts(tmp_path):
    """EleutherAI/lm-evaluation-harness results/llama/llama-7B/README.md (commit afbf8e66), by the harness's
    scripts/make_table_results.py: a percent table for each results file of the folder, some repeating a task. It
    was refused as "the results of several runs ... keep the table of the run in a file of its own", a fix that only
    led to the refusal of that table as a script's: it is refused as a script's table at once, naming its first
    percent score."""
    with pytest.raises(InputError) as refused:
        read_source(SHAPES / "lm_eval_0.3_make_table_results.md")
    (problem,) = refused.value.problems
    assert problem.path == "line 6" and "scores in percent with 2 decimals" in problem.message
    assert "make_table_results.py" in problem.message and "several runs" not in problem.message


def test_the_arithmetic_tasks_of_a_0_4_table_take_their_hub_dataset():
    """lm-eval 0.4.0 to 0.4.10 score arithmetic_* on EleutherAI/arithmetic (the task's name as config, the validation
    split), so a printed 0.4 table's arithmetic rows go to model-index with that dataset, as its mmlu does."""
    got = read_source(SHAPES / "lm_eval_0.4_printed_arithmetic.md")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert evaluations["arithmetic_1dc:0-shot"]["dataset"] == {
        "id": "EleutherAI/arithmetic", "config": "arithmetic_1dc", "split": "validation"}
    assert evaluations["arithmetic_2da:0-shot"]["dataset"]["config"] == "arithmetic_2da"
    assert evaluations["arithmetic_2da:0-shot"]["metrics"][0]["value"] == 1.0
    assert evaluations["arithmetic_1dc:0-shot"].get("model_index", True)
    assert not [w for w in got.warnings if w.code == "not-in-model-index"]
