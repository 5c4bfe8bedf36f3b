"""The shapes of the card metadata keys the Hub reads for its widget, its inference settings and its access gate,
checked as huggingface.js types them (@huggingface/hub ``ApiModelMetadata`` and @huggingface/tasks
``WidgetExample``, 2.17.5 and 0.21.54, npm 2026): no stricter. The Hub's own check of these keys is not public and
it has taken cards of every shape below, so each problem is a warning saying what the Hub shows or reads instead.
"""

from __future__ import annotations

from typing import Any, Callable

from generator.errors import Problem

Warn = Callable[..., None]  # (path, message, fix, *, code)

# The keys a widget example gives its input in (WidgetExample's union; `structuredData` as skops writes it, 2022-23)
WIDGET_INPUTS = ("text", "src", "messages", "table", "structured_data", "structuredData", "context", "prompt",
                 "candidate_labels", "source_sentence", "sentences")
WIDGET_STRINGS = ("text", "src", "context", "prompt", "source_sentence", "example_title", "group")
GATE_TYPES = ("text", "checkbox", "date_picker", "country", "ip_location")
GATE_TEXTS = ("extra_gated_prompt", "extra_gated_heading", "extra_gated_description", "extra_gated_button_content")
# Keys huggingface.js types `string | null`: the Hub holds null for them, so one left empty says nothing
NULLABLE_KEYS = frozenset({"thumbnail", "description", "instance_prompt"})


def _name(value: Any) -> str:
    return type(value).__name__ if value is not None else "empty"


def _items(paths: list[str]) -> str:
    """The first three of ``paths``, and how many more."""
    return "; ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def _widget(value: Any, warn: Warn) -> None:
    if value is None or value == []:
        return  # said once, by the empty-value check
    if isinstance(value, dict):
        examples, prefix = [value], "widget"  # one example not in a list (skops's structuredData): the Hub takes it
    elif isinstance(value, list):
        examples, prefix = value, "widget[{}]"
    else:
        warn("widget", f"is {_name(value)}, not a list of examples: the Hub shows no example from it",
             "write widget as a list, each example a mapping such as - text: ...", code="wrong-type")
        return
    bare: list[str] = []
    no_input: list[tuple[str, str]] = []
    not_text: list[str] = []
    for i, example in enumerate(examples):
        at = prefix.format(i)
        if not isinstance(example, dict):
            bare.append(at)
            continue
        if not any(key in example for key in WIDGET_INPUTS):
            no_input.append((at, ", ".join(map(str, example)) or "nothing"))
        not_text += [f"{at}.{key}" for key in WIDGET_STRINGS if key in example and not isinstance(example[key], str)]
    if bare:
        warn(bare[0], "is not a mapping" + (f" (as {_items(bare[1:])})" if len(bare) > 1 else "") + ": the Hub "
             "reads a widget example's input from its keys, so it shows none for this", "write it as - text: ...",
             code="wrong-type")
    if no_input:
        others = [f"{at}: {keys}" for at, keys in no_input[1:]]
        warn(no_input[0][0], f"holds {no_input[0][1]}" + (f" (as {_items(others)})" if others else "") + ", no input "
             "the widget reads (" + ", ".join(WIDGET_INPUTS[:4]) + "...): the Hub shows an empty example for it",
             "give the example's input under text:, src: or messages:, or move what it holds out of widget", code="wrong-type")
    if not_text:
        warn(not_text[0], "is not a string" + (f" (as {_items(not_text[1:])})" if len(not_text) > 1 else "")
             + ", as huggingface.js types it: the widget does not read it", "write it as one string", code="wrong-type")


def _inference(value: Any, warn: Warn) -> None:
    if value is None or isinstance(value, bool):
        return
    if not isinstance(value, dict):
        warn("inference", f"is {_name(value)} {value!r}, where the Hub reads true, false or parameters:",
             "write inference: false, or its settings under inference.parameters", code="wrong-type")
        return
    others = [str(key) for key in value if key != "parameters"]
    if others:
        near = " (did you mean parameters?)" if "parameter" in others else ""
        warn("inference", f"holds {', '.join(others)}{near}: the Hub reads only inference.parameters, so it does not "
             "use them", "put the settings under inference.parameters", code="wrong-type")
    if "parameters" in value and not isinstance(value["parameters"], dict):
        warn("inference.parameters", f"is {_name(value['parameters'])}, not a mapping of settings",
             "write the settings as key: value lines under it", code="wrong-type")


def _gate(meta: dict, warn: Warn) -> None:
    for key in GATE_TEXTS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            warn(key, f"is {_name(meta[key])}, not text: the access form shows no text for it", "write it as text",
                 code="wrong-type")
    fields = meta.get("extra_gated_fields")
    if fields is None:
        return
    if not isinstance(fields, dict):
        warn("extra_gated_fields", f"is {_name(fields)}, not a mapping of field label to type: the access form "
             "shows no fields from it", "write each field as Label: text (or checkbox, date_picker, country, "
             "ip_location, or type: select with options)", code="wrong-type")
        return
    for label, kind in fields.items():
        at = f"extra_gated_fields.{label}"
        kind_name = kind.get("type") if isinstance(kind, dict) else kind
        if kind_name == "select" and isinstance(kind, dict):
            options = kind.get("options")
            if not isinstance(options, list) or not options or not all(
                    isinstance(o, str) or isinstance(o, dict) and {"label", "value"} <= set(o) for o in options):
                warn(f"{at}.options", "must be a list of options, each text or label: and value:",
                     "list the choices under options", code="wrong-type")
        elif kind_name not in GATE_TYPES:
            warn(at, f"{kind_name!r} is not a field type the access form knows ({', '.join(GATE_TYPES)}, select)",
                 "use one of those types", code="wrong-type")


def check_shapes(meta: dict[str, Any], problems: list[Problem]) -> None:
    """Warnings in ``problems`` for widget, inference and gate metadata the Hub shows or reads otherwise than written."""
    def warn(path: str, message: str, fix: str, *, code: str) -> None:
        problems.append(Problem("", path, message, fix, severity="warning", code=code))

    if "widget" in meta:
        _widget(meta["widget"], warn)
    if "inference" in meta:
        _inference(meta["inference"], warn)
    _gate(meta, warn)
    for key in sorted(NULLABLE_KEYS & meta.keys()):
        if meta[key] is not None and not isinstance(meta[key], str):
            warn(key, f"is {_name(meta[key])}, not text, as huggingface.js types it", "write it as text", code="wrong-type")
