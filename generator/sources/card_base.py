"""The base model a card without ``base_model`` names in the line its conversion or merge tool wrote.

mlx-lm and mlx-vlm ("converted to MLX format from [`Qwen/Qwen3-VL-2B-Instruct`]()"), GGUF-my-repo ("converted to GGUF
format from [`X`](https://huggingface.co/X)") and other quantizers ("quantized version of [X](https://huggingface.co/X)")
name the model they converted, as does a quantizer's "Original model: X" (TheBloke's, bartowski's); mergekit's card
names its base ("using [X](https://huggingface.co/X) as a base") and the models merged (a list under "### Models
Merged"); a card that says it is a merge and shows a mergekit config (LazyMergekit's) names them there. Their older
versions, or a card copied without its frontmatter, left ``base_model`` out, so the Hub's model tree does not link the
model to the one it came from. Such a card is read with the base models its text names and the relation the text says
(the Hub counts a format conversion as ``quantized``), with a warning. The model a card says it was made from is never
read as the card's own repo id (``origins``), though a copy's card may be named as it is.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.errors import InputError
from generator.io.yamlio import parse_yaml
from generator.markdown.fences import fenced_blocks
from generator.sources.common import HUB_ID, Ingested
from generator.sources.trainer_sections import without_fences

# a link's text on its line, at most a Hub id's length or so, and its target: bounded, so that a card saying "converted
# to MLX format from [" many times over with no closing bracket is searched in linear time (it took minutes)
_LINK = r"\[`?([^\]`\n]{1,300}?)`?\]\(([^)\s]{0,2000})\)"
# the tool's own line about the model it converted, or a quantizer's (the first one the card gives)
CONVERTED = re.compile(r"\bconverted to (?:MLX|GGUF) format from " + _LINK
                       + r"|\bquantized version of (?:the (?:original )?(?:model )?)?" + _LINK, re.I)
# A quantizer's "Original model:" line (TheBloke's, bartowski's, RichardErkhov's): a link or a bare page address
ORIGINAL = re.compile(r"^[-*#> \t]*Original model\**[ \t]*:?\**\s*(?:" + _LINK + r"|https://huggingface\.co/([^\s/?#]+/[^\s/?#)]+)/?)",
                      re.I | re.M)
# Other ways a card names the model it was made from or copied: a fine-tune's, a re-upload's or fork's line, a link to
# "the original model card"
MADE_FROM = re.compile(r"(?:fine-?tuned version of|re-?upload of|fork(?:ed)? (?:of|from)(?: [\w'’]+)?)\s+"
                       r"(?:\*\*([\w.-]+/[\w.-]+)\*\*|" + _LINK + ")"
                       r"|\[original model card\]\(https://huggingface\.co/([\w.-]+/[\w.-]+)/?\)", re.I)
# A copy's own line saying it is a quantization, and a link on that line to the model it copies: Nous Research's
# "This is the GGUF quantized version of Hermes 8B, for use with [llama.cpp](...). For the Full HF BF16 Model, click
# [here](https://huggingface.co/X)", KoboldAI's "This is the GGUF version of the model ..., check the
# [Float16](https://huggingface.co/X) version for the original" (the line's links are read one by one: bounded)
COPY_LINE = re.compile(r"^[-*#> \t]*This is (?:the |an? )?(?:[\w.-]+ ){0,3}(?:GGUF|GGML|GPTQ|AWQ|EXL2|EXL3)\b", re.I | re.M)
# mergekit's template (mergekit/card.py): the base, then the models merged, one item each (linked when on the Hub)
MERGE_BASE = re.compile(r"merge method using " + _LINK + r" as a base")
MERGED_HEADING = re.compile(r"^#{2,6}\s+Models Merged\s*$", re.M)
MERGEKIT = "created using [mergekit]("


def _converted(match: re.Match[str]) -> Optional[str]:
    return _hub_id(match.group(1) or match.group(3), match.group(2) or match.group(4) or "")


def _original(match: re.Match[str]) -> Optional[str]:
    return _hub_id(match.group(1), match.group(2)) if match.group(1) is not None else match.group(3)


def origins(text: str) -> set[str]:
    """The Hub ids a card names as the model it was converted, quantized, fine-tuned, re-uploaded or forked from,
    lower-cased: none is the card's own repo (the Hub's ``duplicated_from`` may be: Lykon's cards name themselves)."""
    found = [_converted(m) for m in CONVERTED.finditer(text)] + [_original(m) for m in ORIGINAL.finditer(text)]
    copied = _copied(text)
    found.append(copied[0] if copied else None)
    for match in MADE_FROM.finditer(text):
        bold, text_, target, original = match.groups()
        found.append(bold or original or (_hub_id(text_, target) if text_ is not None else None))
    return {f.lower() for f in found if f and HUB_ID.match(f)}


def _copied(text: str) -> Optional[tuple[str, str]]:
    """The Hub model a copy's own line says it is a quantization of (COPY_LINE), the first linked on that line, and
    the line up to that link."""
    for match in COPY_LINE.finditer(text):
        end = text.find("\n", match.end())
        line = text[match.start():end if end >= 0 else len(text)]
        for link in re.finditer(_LINK, line):
            found = _hub_id(link.group(1), link.group(2)) if link.group(2) else None
            if found:
                return found, " ".join(line[:link.end()].split())
    return None


def says_converted(text: str) -> bool:
    """The card is a conversion's or quantization's, by its tool's line, a quantizer's "Original model:" or its own
    line saying so (not a fine-tune's)."""
    return bool(CONVERTED.search(text) or ORIGINAL.search(text)) or _copied(text) is not None


def _hub_id(text: str, target: str) -> Optional[str]:
    """The Hub id a link names: its target's, a model page on the Hub, else its text when it is an id and the link
    goes nowhere (mlx's ``[`id`]()``)."""
    page = re.fullmatch(r"https://huggingface\.co/([^/?#]+/[^/?#]+)/?", target)
    found = page.group(1) if page else text.strip() if not target else None
    return found if found and HUB_ID.match(found) else None


def _merged(body: str) -> list[str]:
    """mergekit's base and merged models that its card links on the Hub (its metadata list those alone, too)."""
    if MERGEKIT not in body:
        return []
    base = MERGE_BASE.search(body)
    found = [_hub_id(base.group(1), base.group(2))] if base else []
    heading = MERGED_HEADING.search(body)
    for line in body[heading.end():].splitlines() if heading else []:
        if not line.strip() or line.lstrip().startswith("The following models"):
            continue
        if not line.lstrip().startswith(("* ", "- ")):
            break
        found += [_hub_id(text, target) for text, target in re.findall(_LINK, line)]  # (a model, + its LoRA)
    return list(dict.fromkeys(f for f in found if f))


def _references(value: Any) -> list[str]:
    """The model paths a mergekit config's model reference names (``X``, ``X+LORA``, ``{model: X}``, ``{path: X}``)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("+")]
    if isinstance(value, dict):
        return _references(value.get("model", value.get("path")))
    return []


def _config_models(body: str) -> list[str]:
    """The Hub models the mergekit config a card shows in a code block references (its base_model, models and
    slices' sources, also under modules), as mergekit's card lists them in its base_model: the paths that are no
    local ones (mergekit's is_hf; a config of LazyMergekit's or a person's card without mergekit's text)."""
    lines = body.splitlines()
    for block in fenced_blocks(lines):
        code = "\n".join(lines[block.start + 1:block.end])
        if block.end is None or "merge_method" not in code:
            continue
        try:  # (the records' reader: bounded, as a card is anyone's text)
            config = parse_yaml(code, "mergekit config")
        except InputError:
            continue
        if not isinstance(config, dict) or "merge_method" not in config:
            continue
        parts = [config, *[m for m in (config.get("modules") or {}).values() if isinstance(m, dict)]] \
            if isinstance(config.get("modules"), dict) else [config]
        found = _references(config.get("base_model"))
        for part in parts:
            for model in part.get("models") or []:
                found += _references(model)
            for piece in part.get("slices") or []:
                for source in (piece.get("sources") or []) if isinstance(piece, dict) else []:
                    found += _references(source)
        return list(dict.fromkeys(f for f in found if HUB_ID.match(f)))
    return []


# A repo of quantized weights, by its name, tags or title (a quantizer's copy of its original's card)
QUANTIZED_NAME = re.compile(r"[-_.](?:gguf|awq|gptq|exl2|exl3|mlx|bnb|fp8|int[48]|\d(?:\.\d+)?-?bits?|\d+bpw)(?![a-z])",
                            re.I)
QUANTIZED_WORDS = re.compile(r"quantiz|\b(?:gguf|ggml|gptq|awq|exl2|exl3)\b", re.I)
QUANTIZED_TAGS = {"gguf", "awq", "gptq", "exl2", "exl3", "mlx", "4-bit", "8-bit", "quantized"}
# A card's own word for a merge: mergekit's and LazyMergekit's tags, their lines
MERGE_TAGS = {"merge", "mergekit", "lazymergekit"}
ORIGINAL_CARD = re.compile(r"original model (?:card|description)", re.I)


def _quantized_copy(model: dict[str, Any]) -> bool:
    """The card's repo holds quantized weights, by its repo id or title, tags or quantizer's key."""
    names = [str(model.get(key) or "") for key in ("repo_id", "name")]
    tags = {str(t).lower() for t in model.get("tags") or []}
    quantizer = isinstance(model.get("metadata"), dict) and "quantized_by" in model["metadata"]  # (bartowski's key)
    return any(QUANTIZED_NAME.search(n) for n in names) or bool(tags & QUANTIZED_TAGS) or quantizer \
        or bool(QUANTIZED_WORDS.search(names[1]))  # (its title: bartowski's "Llamacpp imatrix Quantizations of X")


def _says_merge(model: dict[str, Any], text: str) -> bool:
    """The card says it is a merge (its tags, mergekit's or LazyMergekit's line), not in an original card it quotes."""
    tags = {str(t).lower() for t in model.get("tags") or []}
    return not ORIGINAL_CARD.search(text) and (bool(tags & MERGE_TAGS) or MERGEKIT in text
                                               or "using [LazyMergekit](" in text)


def base_from_text(model: dict[str, Any], body: str, result: Ingested) -> None:
    """Set model.base_model (and base_model_relation) to what the card's conversion or merge line names, when its
    metadata give no base_model; said, with the fix."""
    if model.get("base_model") or model.get("base_model_relation"):
        return
    text = without_fences(body)
    converted = CONVERTED.search(text)
    if converted:
        found = _converted(converted)
        bases, relation = ([found], "quantized") if found else ([], None)
        said = f"the card's line {converted.group(0)!r}"
    elif original := ORIGINAL.search(text):
        found = _original(original)
        bases = [found] if found and HUB_ID.match(found) else []
        # (a quantization by its name or tags; the same line over a fine-tune (PetroGPT's, in TheBloke's words) or an
        # inpainting model's names its base alone)
        relation = "quantized" if _quantized_copy(model) else None
        said = f"the card's line {' '.join(original.group(0).split())!r}"
    elif copied := _copied(text):
        bases, relation = [copied[0]], "quantized"
        said = f"the card's line {copied[1]!r}"
    elif _quantized_copy(model):
        return  # a quantizer's copy of a merge's card (Psyfighter2-GGUF): the merge's models are not its base
    else:
        bases = _merged(text)
        said = "the models its mergekit text lists"
        if not bases and _says_merge(model, text):
            bases, said = _config_models(body), "the models its mergekit config references"
        relation = "merge" if len(bases) > 1 else None
    own = str(model.get("repo_id") or "").lower()
    if not bases or own in {b.lower() for b in bases}:
        return
    model["base_model"] = bases[0] if len(bases) == 1 else bases
    if relation:
        model["base_model_relation"] = relation
    written = f"base_model: {model['base_model']}" if len(bases) == 1 else f"base_model: [{', '.join(bases)}]"
    result.warn("base_model", f"is not in the card's metadata; read as {', '.join(bases)}"
                + (f" ({relation})" if relation else "") + f" from {said}",
                f"write {written}" + (f" and base_model_relation: {relation}" if relation else "")
                + " in the card's metadata, or set model.base_model in the records", code="base-model-from-card")
