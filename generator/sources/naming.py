"""The pipeline's last step when no source names the model's Hub repo id: the name a tool would have titled its own
card with (a run's output_dir, the local folder results were scored from, a recipe's hub_model_id), else
the placeholder ``modelcard ingest`` writes, else the error ``build`` stops with."""

from __future__ import annotations

from typing import Any, Optional

from generator.errors import Problem, UsageError

# Where a title the pipeline gave the model came from, and the warning's code (a run folder's reader says so itself)
SCORED = ("the name of the local folder the results name the model scored by (of the run's, for a checkpoint, step "
          "or epoch folder in it), as a Trainer's card is titled after its output_dir", "title-from-folder")
RECIPE = ("the name the recipe's hub_model_id gives the model it pushes (it names no organization), as the Trainer "
          "titles its own card", "title-from-recipe")


def name_the_model(data: dict[str, Any], title: Optional[str], said: Optional[tuple[str, str]],
                   placeholder_repo_id: Optional[str]) -> list[Problem]:
    """Title the model of ``data`` that names no repo id with ``title`` when nothing names it (``said``: where the
    title is from and the warning's code, SCORED or RECIPE; None when its source warned), and the warnings that
    follow; a UsageError when no source names the model at all and there is no ``placeholder_repo_id``."""
    model = data.get("model", {})
    if "repo_id" in model:
        return []
    warnings: list[Problem] = []
    if not model.get("name") and title:
        data["model"] = model = {**model, "name": title}
        if said:
            warnings.append(Problem("ingest", "$.model.name", f"no source names the model: the card is titled "
                                    f"{title!r}, {said[0]}",
                                    "set model.name in your records, or pass --repo-id ORG/NAME", severity="warning",
                                    code=said[1]))
    if model.get("name") or model.get("name") is False:  # false: a card without a title, read as it is
        warnings.append(Problem("ingest", "$.model.repo_id", "no source names the model's Hub repo id (a local "
                                "path, or a name without its organization such as gpt2, is not one): the card "
                                "has no generated Quick start, and publishing needs a repo id",
                                "pass --repo-id ORG/NAME, or set model.repo_id in the records",
                                severity="warning", code="no-repo-id"))
    elif placeholder_repo_id:
        data["model"] = {"repo_id": placeholder_repo_id, **model}
        warnings.append(Problem("ingest", "$.model.repo_id", "no source names the model's Hub repo id or its "
                                f"name (a local path, or a name without its organization such as gpt2, is "
                                f"not one); the records hold the placeholder {placeholder_repo_id}",
                                "replace it with the model's repo id, or pass --repo-id ORG/NAME",
                                severity="warning", code="missing-field"))
    else:
        raise UsageError([Problem("build", "$.model.repo_id", "no source names the model's Hub repo id or its "
                                  "name", "pass --repo-id ORG/NAME or set model.repo_id in your records",
                                  code="missing-field")])
    return warnings
