"""README front matter: parsing (for ``cardData``) and the Hub's ``/api/validate-yaml`` rules.

The Hub parses metadata with js-yaml, which rejects duplicated mapping keys; PyYAML silently keeps
the last one, so the loader here is strict about duplicates. The rules checked are a small subset
of the Hub's: license id in the Hub's list, ``base_model`` not empty (an empty list passes), ``base_model_relation`` enum,
``datasets`` ids, a model's ``language`` codes, ``model-index[i].name`` and ``.results`` required. Tests can add
rules with ``LocalHub.yaml_rules``.
Messages imitate the Hub's Joi-style wording (``"license" must be one of [...]``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import yaml

# Same shape as huggingface_hub.repocard.REGEX_YAML_BLOCK.
YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
DATA = Path(__file__).resolve().parents[2] / "generator" / "data"
LICENSES_FILE = DATA / "hub_licenses.txt"
# the language codes the Hub takes, as its refusal words them ("It must be an ISO 639-1, 639-2 or 639-3 code"):
# ISO 639-1, 639-2 (B and T, collective ones) and 639-3, as generator/data lists them; its special values; and
# 639-2/3's range for local use. A family code of ISO 639-5 alone (opus-mt-tc's `gmq`) is none of them
LANGUAGE_FILES = ("hub_languages_iso639_1.txt", "hub_languages_iso639_3.txt", "hub_languages_not_listed.txt")
SPECIAL_LANGUAGES = ("code", "multilingual")
LOCAL_USE_LANGUAGE = re.compile(r"^q[a-t][a-z]$")  # qaa-qtz
BASE_MODEL_RELATIONS = ("adapter", "merge", "quantized", "finetune")
DATASET_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")  # a Hub id: namespace/name, or a legacy name
MISSING_METADATA_WARNING = (
    "empty or missing yaml metadata in repo card (https://huggingface.co/docs/hub/model-cards#model-card-metadata)"
)

Rule = Callable[[dict, str], list[str]]  # (metadata, repo_type) -> error messages


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: a Hub answers fast
    pass


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicated mapping key ({mark.line + 1}:{mark.column + 1})", mark)
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class MetadataError(ValueError):
    pass


def split_front_matter(text: str) -> str | None:
    """The YAML text between the leading ``---`` fences, or None if there is no front matter."""
    match = YAML_BLOCK.search(text)
    return match.group(2) if match else None


def parse_metadata(text: str) -> dict | None:
    """Parsed front matter (a dict), None when absent/empty; MetadataError when it is not valid YAML."""
    block = split_front_matter(text)
    if block is None:
        return None
    try:
        data = yaml.load(block, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise MetadataError(f"Error parsing YAML metadata: {exc}") from exc
    if data is None:
        return None
    if not isinstance(data, dict):
        raise MetadataError("Error parsing YAML metadata: the metadata must be a YAML mapping")
    return data


def card_data(readme: bytes | None) -> dict | None:
    """``cardData`` for repo info: parsed front matter, or None (also when it does not parse)."""
    if readme is None:
        return None
    try:
        return parse_metadata(readme.decode("utf-8", errors="replace"))
    except MetadataError:
        return None


_licenses: tuple[str, ...] | None = None
_languages: frozenset[str] | None = None


def hub_licenses() -> tuple[str, ...]:
    global _licenses
    if _licenses is None:
        _licenses = tuple(line.strip() for line in LICENSES_FILE.read_text(encoding="utf-8").splitlines()
                          if line.strip() and not line.startswith("#"))
    return _licenses


def hub_languages() -> frozenset[str]:
    global _languages
    if _languages is None:
        _languages = frozenset(line.strip() for name in LANGUAGE_FILES
                               for line in (DATA / name).read_text(encoding="utf-8").splitlines()
                               if line.strip() and not line.startswith("#")) | frozenset(SPECIAL_LANGUAGES)
    return _languages


def _language_errors(value: Any) -> list[str]:
    """The Hub's words for a model's language that is no ISO 639 code (espnet/espnet_model_zoo#92, 2026: `"language"
    with value "noinfo" is not valid. It must be an ISO 639-1, 639-2 or 639-3 code ...`; the rest of the sentence as
    huggingface_hub's ModelCardData documents the key and mteb's comment quotes the Hub: `value "python" is not
    valid`). Refused: `noinfo`, `jp`, `es-ES`, `zh-CN`, `en_unnorm` (espnet_model_zoo#102), a language's name, an ISO
    639-5 family code (`gmq`: no 639-1, 639-2 or 639-3 code). A null `language`, or a null item, is refused (espnet
    PR #102, hub_rules.md: no words observed; these are Joi's for a value of none of the allowed types). A value no
    string (YAML 1.1's `no`, read as false here and as "no" by the Hub's js-yaml) is not judged here."""
    values = value if isinstance(value, list) else [value]
    errors = []
    for i, code in enumerate(values):
        where = f'"language[{i}]"' if isinstance(value, list) else '"language"'
        if code is None:
            errors.append(f"{where} does not match any of the allowed types")
        elif isinstance(code, str) and code not in hub_languages() and not LOCAL_USE_LANGUAGE.match(code):
            errors.append(f'{where} with value "{code}" is not valid. It must be an ISO 639-1, 639-2 or 639-3 code '
                          '(two/three letters), or a special value like "code", "multilingual".')
    return errors


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0) or (
        isinstance(value, str) and not value.strip())


def default_rules(meta: dict, repo_type: str) -> list[str]:
    errors: list[str] = []
    if "license" in meta:
        licenses = hub_licenses()
        values = meta["license"] if isinstance(meta["license"], list) else [meta["license"]]
        for i, lic in enumerate(values):
            where = '"license"' if not isinstance(meta["license"], list) else f'"license[{i}]"'
            if not isinstance(lic, str) or lic not in licenses:
                errors.append(f"{where} must be one of [{', '.join(licenses)}]")
    if "base_model" in meta:
        base = meta["base_model"]
        # an empty list passes: the Hub keeps mergekit's `base_model: []` (MarinaraSpaghetti/NemoMix-Unleashed-12B's
        # README on the Hub, as YinanWusoymilk/hf-readme mirrors it); its "not allowed to be empty" is said of "" (Joi's
        # string.empty: transformers#25961, a card of `base_model: ''`)
        if base != [] and _is_empty(base) or (isinstance(base, list) and any(_is_empty(b) for b in base)):
            errors.append('"base_model" is not allowed to be empty')
        elif not isinstance(base, (str, list)) or (isinstance(base, list) and
                                                   not all(isinstance(b, str) for b in base)):
            errors.append('"base_model" must be a string or an array of strings')
    if isinstance(meta.get("datasets"), (str, list)):
        # the Hub's words (huggingface/autotrain-advanced#648, a card of `datasets: [/var/hf/images/]`); prose
        # (`librispeech 960h`) is refused alike. Cards edited before the check (2022-23) still hold such names
        named = meta["datasets"] if isinstance(meta["datasets"], list) else [meta["datasets"]]
        for i, dataset in enumerate(named):
            if isinstance(dataset, str) and dataset and not DATASET_ID.match(dataset):
                where = f'"datasets[{i}]"' if isinstance(meta["datasets"], list) else '"datasets"'
                errors.append(f'{where} with value "{dataset}" is not valid. If possible, use a dataset id from '
                              "https://hf.co/datasets.")
    if repo_type == "model" and "language" in meta:
        errors += _language_errors(meta["language"])
    if "base_model_relation" in meta and meta["base_model_relation"] not in BASE_MODEL_RELATIONS:
        errors.append(f'"base_model_relation" must be one of [{", ".join(BASE_MODEL_RELATIONS)}]')
    if repo_type == "model" and "model-index" in meta:
        index = meta["model-index"]
        if not isinstance(index, list):
            errors.append('"model-index" must be an array')
        else:
            for i, entry in enumerate(index):
                if not isinstance(entry, dict):
                    errors.append(f'"model-index[{i}]" must be of type object')
                    continue
                if "name" not in entry or entry["name"] is None:
                    errors.append(f'"model-index[{i}].name" is required')
                elif not isinstance(entry["name"], str):
                    errors.append(f'"model-index[{i}].name" must be a string')
                elif not entry["name"]:  # the Hub's words, quoted in transformers PR #20496 (2022)
                    errors.append(f'"model-index[{i}].name" is not allowed to be empty')
                if "results" not in entry or entry["results"] is None:
                    errors.append(f'"model-index[{i}].results" is required')
                elif not isinstance(entry["results"], list):
                    errors.append(f'"model-index[{i}].results" must be an array')
    return errors


def validate(content: str, repo_type: str = "model", extra_rules: list[Rule] | tuple[Rule, ...] = ()
             ) -> tuple[list[str], list[str]]:
    """(errors, warnings) the way /api/validate-yaml sees a README."""
    try:
        meta = parse_metadata(content)
    except MetadataError as exc:
        return [str(exc)], []
    if meta is None:
        return [], [MISSING_METADATA_WARNING]
    errors = default_rules(meta, repo_type)
    for rule in extra_rules:
        errors.extend(rule(meta, repo_type))
    return errors, []
