"""The card's "Quick start": how to run the model, from its pipeline_tag, library_name and base_model_relation.

Six ways are known, each written as the Hub and the tool's own docs show it, with the card's repo id:
a GGUF quantization (library or tag ``gguf``, GGUF-my-repo's tag ``gguf-my-repo``, or a repo named ``*-GGUF`` as
quantizers name them) of a text-generation model runs with llama.cpp (``llama-cli -hf REPO``); a PEFT adapter loads
onto its base model (``PeftModel.from_pretrained``, as the Hub's PEFT page does) with the auto class transformers'
pipeline uses for its pipeline_tag (SEQ2SEQ_TAGS: ``AutoModelForSeq2SeqLM``; text-generation:
``AutoModelForCausalLM``, unless config.json's architecture, in ``model.details``, is an encoder-decoder one, or the
adapter's PEFT task type is SEQ_2_SEQ_LM): an
adapter whose card names no task gets none (an
adapter of google/flan-t5-base or bert-base-cased is no causal LM: no loader is better than a wrong one); a
transformers encoder-decoder model (those tags, or that architecture) generates with AutoModelForSeq2SeqLM; a
transformers text-generation model answers a
chat message through ``pipeline`` (as TRL's own card does), or completes a plain prompt when the records say its
tokenizer has no chat template (``model.chat_template: false``; a run saved without a tokenizer has it only when its
base model's name says it chats), where a chat message would fail; a transformers
text-classification model classifies a sentence through ``pipeline``, a reward model (tag ``reward-trainer``, with
that pipeline tag or none, as TRL's card has it) giving its raw score (as TRL's reward card does, the pipeline's
sigmoid turned off), a reward model's adapter loading onto its base as AutoModelForSequenceClassification with one
label; a process reward model (tag ``prm``, token-classification: TRL's PRMTrainer) scores each step of a
solution, tokenized as PRMTrainer does; a vision-language model
(image-text-to-text) answers a question on an image through ``pipeline``, its adapter through AutoProcessor and
AutoModelForImageTextToText (TRL's own card shows its text-generation pipeline for these: a text alone), a
PaliGemma, whose processor has no chat template, with a plain prompt beside its image. MLX weights
(library or tag ``mlx``) get none, whatever ``library_name`` says, as does a model of its own code (config.json's
architecture no class of transformers: its Auto class would build another model) unless it generates text and
model.details names the Auto class its auto_map loads it with (REMOTE_CODE: usage_remote, trust_remote_code=True),
or classifies text and that class is AutoModelForSequenceClassification (through pipeline);
anything else gets no section: a
wrong example is worse than none. ``model.usage`` in the records switches it off (``false``) or replaces it
(markdown); usage_import reads an imported card's section back. The decoding defaults the model ships
(``model.generation``, from generation_config.json) follow under their own heading, each as written: numbers and
booleans plain, texts and lists as code.

A sentence-transformers or SetFit model runs as the tool's own card shows it (usage_sentence).

A text model or adapter whose run saved no tokenizer loads the tokenizer of the model ``model.details`` names under
"Tokenizer from" (TOKENIZER: its base model, which ingest names there), where AutoTokenizer of the repo would find none.

A transformers model of another of transformers' standard pipelines (speech recognition, fill-mask, question
answering, ...) gets the code of usage_tasks, where it knows a certain one, as do a question-answering adapter and a
sequence or token classification adapter whose saved head's number of labels model.details holds, and an
image-to-text model (TrOCR, BLIP, GIT) whose architecture it names. A LayoutLMv3 classifier, whose tokenizer takes a
page's words and boxes, gets the code of usage_documents; LayoutLMv2's none.
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional, Sequence

from generator.card.usage_documents import document_code, layout_model
from generator.card.usage_remote import OWN_CODE_FIX as OWN_CODE_FIX
from generator.card.usage_remote import (
    REMOTE_CLASSIFICATION,
    REMOTE_CODE,
    own_code,
    remote_classifier,
    remote_generation,
)
from generator.card.usage_remote import own_code_message as own_code_message
from generator.card.usage_sentence import LIBRARIES as SENTENCE_LIBRARIES
from generator.card.usage_sentence import sentence_code
from generator.card.usage_tasks import pipeline_tokenizer, task_code, tokenizer_said
from generator.card.usage_transformers import TRANSFORMERS, own_model, pinned
from generator.records.hubrules import REPO_ID, namespaced_id
from generator.records.model import Model
from generator.records.numbers import exact

HEADING = "Quick start"
GENERATION_HEADING = "Generation defaults"
TASK_TYPE = "PEFT task type"  # the label of model.details that holds a PEFT adapter's task_type
# The label of model.details naming the model whose processor a vision-language adapter or an image-to-text model is
# run with, or whose image processor or feature extractor a vision or audio model's pipeline loads, when none was saved
# with it (its Quick start then loads that one, a Hub id: the repo would hold none to load).
PROCESSOR = "Processor from"
# The label of model.details holding the number of labels of the classifier head a SEQ_CLS / TOKEN_CLS adapter saved
# (its Quick start loads the base with that many: the head would not fit another)
LABELS = "Number of labels"
# The label of model.details naming the model whose tokenizer a model or adapter is run with when its run saved none
# (its Quick start loads that one, a Hub id: the repo's own AutoTokenizer would find no tokenizer to load)
TOKENIZER = "Tokenizer from"
GENERATION_INTRO = ("The model's `generation_config.json` sets these defaults, which transformers' `generate` and "
                    "`pipeline` use unless a call overrides them:")
QUESTION = "What is the capital of France?"
PROMPT = "The capital of France is"
ANSWER = "The capital of France is Paris."
# What a summarization model is given to summarize (a question is no text to summarize): the passage transformers'
# own summarization docs use.
PASSAGE = ("The tower is 324 metres (1,063 ft) tall, about the same height as an 81-storey building, and the tallest "
           "structure in Paris. Its base is square, measuring 125 metres (410 ft) on each side.")


def _python(code: str) -> str:
    return f"```python\n{code}\n```"


def _gguf(repo_id: str) -> str:
    return ("Run it with [llama.cpp](https://github.com/ggml-org/llama.cpp), which downloads the quantization "
            f"from the Hub:\n\n```bash\nllama-cli -hf {repo_id}\n```")


def _seq2seq_input(pipeline_tag: Optional[str]) -> str:
    return PASSAGE if pipeline_tag == "summarization" else QUESTION


def _adapter_intro(base: str, tokenizer: Optional[str]) -> str:
    """The sentence before an adapter's code: the base model it loads onto (``base``; "" for the one its
    adapter_config.json names), and whose tokenizer it runs with where the run saved none (``tokenizer``)."""
    if base:
        intro = f"This is a PEFT adapter: load it onto its base model, {base}" + (
            ", with the base model's tokenizer (the run saved none)." if tokenizer == base else ".")
    else:
        intro = "This is a PEFT adapter: PEFT loads it onto the base model its adapter_config.json names."
    return intro + (f" {tokenizer_said(tokenizer).strip()}" if tokenizer and tokenizer != base else "")


def _adapter(repo_id: str, base: str, chat: bool, seq2seq: bool = False, text: str = QUESTION,
             tokenizer: Optional[str] = None) -> str:
    kind = "Seq2SeqLM" if seq2seq else "CausalLM"
    tokens = f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(tokenizer or repo_id)})"
    if base:
        load = (f"base_model = AutoModelFor{kind}.from_pretrained({json.dumps(base)}, device_map=\"auto\")\n"
                f"model = PeftModel.from_pretrained(base_model, {json.dumps(repo_id)})\n{tokens}")
        imports = f"from peft import PeftModel\nfrom transformers import AutoModelFor{kind}, AutoTokenizer"
    else:  # the adapter's own config names its base model
        load = f"model = AutoPeftModelFor{kind}.from_pretrained({json.dumps(repo_id)}, device_map=\"auto\")\n{tokens}"
        imports = f"from peft import AutoPeftModelFor{kind}\nfrom transformers import AutoTokenizer"
    intro = _adapter_intro(base, tokenizer)
    if seq2seq:  # an encoder-decoder answers the prompt alone: its output holds no copy of the input to cut off
        code = (f"{imports}\n\n{load}\n\n"
                f"inputs = tokenizer({json.dumps(text)}, return_tensors=\"pt\").to(model.device)\n"
                "output = model.generate(**inputs, max_new_tokens=128)\n"
                "print(tokenizer.decode(output[0], skip_special_tokens=True))")
        return f"{intro}\n\n{_python(code)}"
    if chat:
        ask = (f"messages = [{{\"role\": \"user\", \"content\": {json.dumps(QUESTION)}}}]\n"
               "inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors=\"pt\", "
               "return_dict=True).to(model.device)\n")
    else:
        ask = f"inputs = tokenizer({json.dumps(PROMPT)}, return_tensors=\"pt\").to(model.device)\n"
    code = (f"{imports}\n\n{load}\n\n{ask}"
            "output = model.generate(**inputs, max_new_tokens=128)\n"
            "print(tokenizer.decode(output[0][inputs[\"input_ids\"].shape[1]:], skip_special_tokens=True))")
    return f"{intro}\n\n{_python(code)}"


def _seq2seq(repo_id: str, text: str = QUESTION, tokenizer: Optional[str] = None) -> str:
    """An encoder-decoder (T5, BART, mT5, ...) under the Hub's text-generation, which folded text2text-generation into
    it: transformers' text-generation pipeline loads AutoModelForCausalLM, which it is not; AutoModelForSeq2SeqLM
    answers the prompt alone (no copy of the input to cut off)."""
    code = ("from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n\n"
            f"model = AutoModelForSeq2SeqLM.from_pretrained({json.dumps(repo_id)}, device_map=\"auto\")\n"
            f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(tokenizer or repo_id)})\n\n"
            f"inputs = tokenizer({json.dumps(text)}, return_tensors=\"pt\").to(model.device)\n"
            "output = model.generate(**inputs, max_new_tokens=128)\n"
            "print(tokenizer.decode(output[0], skip_special_tokens=True))")
    return tokenizer_said(tokenizer) + _python(code)


def _pipeline(repo_id: str, chat: bool, tokenizer: Optional[str] = None) -> str:
    ask = (f"messages = [{{\"role\": \"user\", \"content\": {json.dumps(QUESTION)}}}]\n"
           "output = generator(messages, max_new_tokens=128, return_full_text=False)[0]\n") if chat else \
        f"output = generator({json.dumps(PROMPT)}, max_new_tokens=32, return_full_text=False)[0]\n"
    code = ("from transformers import pipeline\n\n"
            f"generator = pipeline(\"text-generation\", model={json.dumps(repo_id)}{pipeline_tokenizer(tokenizer)}, "
            "device_map=\"auto\")\n"
            f"{ask}"
            "print(output[\"generated_text\"])")
    return tokenizer_said(tokenizer) + _python(code)


IMAGE = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/p-blog/candy.JPG"
IMAGE_QUESTION = "What animal is on the candy?"


# The vision-language models whose processor has no chat template and puts the image's tokens before a plain prompt
# itself: PaliGemma's (google/paligemma-3b-pt-224's and paligemma2's processors, 4.41 to 5.25), whose Quick start
# asks its question so (apply_chat_template raises ValueError "this processor does not have a chat template"), as the
# Hub's own card of google/paligemma2-3b-pt-224 does; an adapter's base named so where no config.json says it
_PROMPTED_ARCHITECTURES = ("PaliGemmaForConditionalGeneration",)
_PROMPTED_BASE = re.compile(r"^[^/]+/paligemma", re.I)


def _prompted(architecture: Optional[str], base: str) -> bool:
    """Whether the vision-language model (config.json's ``architecture``) or adapter of ``base`` is asked with a plain
    prompt beside its image, not a chat message (_PROMPTED_ARCHITECTURES)."""
    return architecture in _PROMPTED_ARCHITECTURES or bool(base and _PROMPTED_BASE.match(base))


def _vision(repo_id: str, adapter: bool, base: str, processor: Optional[str] = None, prompted: bool = False) -> str:
    """A vision-language model (image-text-to-text) answering a question on an image, as the Hub's transformers
    snippet for the task asks it: through ``pipeline`` for a model, with AutoProcessor and AutoModelForImageTextToText
    for an adapter loaded onto its base (the processor saved with the adapter, as TRL saves it, or ``processor``'s
    where none was). The adapter loads through transformers' ``load_adapter``, which maps the names of the layers of
    an adapter saved before transformers 4.52 moved a VLM's language model under ``model.language_model`` (its
    ``_checkpoint_conversion_mapping``): PEFT 0.21's PeftModel.from_pretrained does not, and under transformers 5.25
    loads none of such an adapter's weights (a warning of missing adapter keys; a real LLaMA-Factory LoRA of
    Qwen2.5-VL-3B-Instruct saved by 4.51.3, gr-peng/FinTechathon's, ran as its base). ``prompted``: a model whose
    processor has no chat template (_prompted) is given the image and the question as a plain prompt."""
    messages = ("messages = [{\"role\": \"user\", \"content\": [\n"
                f"    {{\"type\": \"image\", \"url\": {json.dumps(IMAGE)}}},\n"
                f"    {{\"type\": \"text\", \"text\": {json.dumps(IMAGE_QUESTION)}}},\n]}}]\n")
    if not adapter:
        ask = f"output = pipe(images={json.dumps(IMAGE)}, text={json.dumps(IMAGE_QUESTION)}, " if prompted else \
            f"{messages}output = pipe(text=messages, "
        code = ("from transformers import pipeline\n\n"
                f"pipe = pipeline(\"image-text-to-text\", model={json.dumps(repo_id)}, device_map=\"auto\")\n"
                f"{ask}max_new_tokens=128, return_full_text=False)[0]\n"
                "print(output[\"generated_text\"])")
        return _python(code)
    if prompted:  # (the processor puts the image's tokens before the prompt)
        imports = "from transformers import AutoModelForImageTextToText, AutoProcessor\n" \
            "from transformers.image_utils import load_image\n\n"
        ask = (f"image = load_image({json.dumps(IMAGE)})\n"
               f"inputs = processor(images=image, text={json.dumps(IMAGE_QUESTION)}, return_tensors=\"pt\")"
               ".to(model.device)\n")
    else:
        imports = "from transformers import AutoModelForImageTextToText, AutoProcessor\n\n"
        ask = (f"{messages}"
               "inputs = processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, "
               "return_dict=True, return_tensors=\"pt\").to(model.device)\n")
    code = (f"{imports}"
            f"model = AutoModelForImageTextToText.from_pretrained({json.dumps(base)}, device_map=\"auto\")\n"
            f"model.load_adapter({json.dumps(repo_id)})  # renames the layers of one saved before transformers 4.52\n"
            f"processor = AutoProcessor.from_pretrained({json.dumps(processor if namespaced_id(processor) else repo_id)})"
            "\n\n"
            f"{ask}"
            "output = model.generate(**inputs, max_new_tokens=128)\n"
            "print(processor.decode(output[0][inputs[\"input_ids\"].shape[1]:], skip_special_tokens=True))")
    return f"This is a PEFT adapter: load it onto its base model, {base}.\n\n{_python(code)}"


def _classifier(repo_id: str, reward: bool, tokenizer: Optional[str] = None) -> str:
    """A text classifier through ``pipeline("text-classification")``; a reward model (TRL's reward trainer, an
    AutoModelForSequenceClassification with one label) shows its raw score, which the pipeline would squash with a
    sigmoid: ``function_to_apply="none"``."""
    if reward:
        code = ("from transformers import pipeline\n\n"
                f"rewarder = pipeline(\"text-classification\", model={json.dumps(repo_id)}"
                f"{pipeline_tokenizer(tokenizer)}, device_map=\"auto\")\n"
                f"output = rewarder({json.dumps(ANSWER)}, function_to_apply=\"none\")[0]\n"
                "print(output[\"score\"])  # the reward: higher is better")
    else:
        code = ("from transformers import pipeline\n\n"
                f"classifier = pipeline(\"text-classification\", model={json.dumps(repo_id)}"
                f"{pipeline_tokenizer(tokenizer)}, device_map=\"auto\")\n"
                f"output = classifier({json.dumps(ANSWER)})[0]\n"
                "print(output[\"label\"], output[\"score\"])")
    return tokenizer_said(tokenizer) + _python(code)


def _reward_adapter(repo_id: str, base: str, tokenizer: Optional[str] = None) -> str:
    """A PEFT adapter of a reward model (TRL's RewardTrainer given a peft_config: a SEQ_CLS LoRA, its one-label score
    head saved with it) loaded onto its base as the sequence classifier it trained, scoring a text; without a base
    model named, onto the one its adapter_config.json names."""
    if base:
        imports = "from peft import PeftModel\nfrom transformers import AutoModelForSequenceClassification, AutoTokenizer"
        load = (f"base_model = AutoModelForSequenceClassification.from_pretrained({json.dumps(base)}, num_labels=1, "
                "device_map=\"auto\")\n"
                f"model = PeftModel.from_pretrained(base_model, {json.dumps(repo_id)})\n")
    else:
        imports = "from peft import AutoPeftModelForSequenceClassification\nfrom transformers import AutoTokenizer"
        load = (f"model = AutoPeftModelForSequenceClassification.from_pretrained({json.dumps(repo_id)}, num_labels=1, "
                "device_map=\"auto\")\n")
    intro = _adapter_intro(base, tokenizer)
    code = (f"{imports}\n\n{load}"
            f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(tokenizer or repo_id)})\n\n"
            f"inputs = tokenizer({json.dumps(ANSWER)}, return_tensors=\"pt\").to(model.device)\n"
            "print(model(**inputs).logits[0, 0].item())  # the reward: higher is better")
    return f"{intro}\n\n{_python(code)}"


def _process_reward(repo_id: str, tokenizer: Optional[str] = None) -> str:
    """A process reward model (TRL's PRMTrainer: an AutoModelForTokenClassification with two labels, 1 a correct
    step) scoring each step of a solution as it was trained: the prompt after the tokenizer's BOS token, each step
    tokenized alone and followed by the step separator's tokens (PRMConfig's step_separator, a newline by default), the
    label read on each step's last token. TRL's own card shows a text-generation pipeline, which cannot load it."""
    code = ("import torch\n"
            "from transformers import AutoModelForTokenClassification, AutoTokenizer\n\n"
            f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(tokenizer or repo_id)})\n"
            f"model = AutoModelForTokenClassification.from_pretrained({json.dumps(repo_id)}, device_map=\"auto\")\n\n"
            "prompt = \"What is 2 + 3 * 4?\"\n"
            "steps = [\"3 * 4 = 12\", \"2 + 12 = 14\", \"The answer is 14.\"]\n"
            "separator = tokenizer.encode(\"\\n\", add_special_tokens=False)  # the step_separator it was trained with\n"
            "ids = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []\n"
            "ids += tokenizer(prompt, add_special_tokens=False)[\"input_ids\"]\n"
            "ends = []  # each step's last token, where its label is read\n"
            "for step in steps:\n"
            "    ids += tokenizer(step, add_special_tokens=False)[\"input_ids\"] + separator\n"
            "    ends.append(len(ids) - 1)\n"
            "with torch.no_grad():\n"
            "    logits = model(torch.tensor([ids], device=model.device)).logits[0]\n"
            "scores = logits[ends].softmax(-1)[:, 1]  # label 1: the step is correct\n"
            "for step, score in zip(steps, scores.tolist()):\n"
            "    print(f\"{score:.2f}  {step}\")")
    return ("A process reward model scores each step of a solution: the probability that the step is correct.\n\n"
            + tokenizer_said(tokenizer) + _python(code))


# The pipeline tags whose transformers pipelines (text2text-generation, summarization, translation) load the model
# with AutoModelForSeq2SeqLM; the architectures of config.json that are encoder-decoder text models.
SEQ2SEQ_TAGS = ("text2text-generation", "summarization", "translation")
_SEQ2SEQ_ARCHITECTURE = re.compile(r"(?:T5|MT5|UMT5|LongT5|Bart|MBart|Pegasus|PegasusX|Marian|MarianMT|M2M100|NllbMoe|LED|"
                                   r"BigBirdPegasus|PLBart|ProphetNet|FSMT|SwitchTransformers|EncoderDecoder)"
                                   r"(?:ForConditionalGeneration|Model)$")


def trl_generative(pipeline_tag: Optional[str], tags: Sequence[str]) -> bool:
    """TRL's card of a model trained by a generative method: it names no pipeline_tag, and TRL's own Quick start in it
    runs pipeline("text-generation"); its tags say so (``trl``, not a reward or PRM model's ``reward-trainer``, ``prm``)."""
    lowered = {t.lower() for t in tags if isinstance(t, str)}
    return pipeline_tag is None and "trl" in lowered and not lowered & {"reward-trainer", "prm"}


def quick_start(repo_id: str, pipeline_tag: Optional[str], library_name: Optional[str],
                base_model_relation: Optional[str], base_models: Sequence[str] = (), tags: Sequence[str] = (),
                chat: bool = True, architecture: Optional[str] = None, task_type: Optional[str] = None,
                processor: Optional[str] = None, labels: Optional[str] = None, tokenizer: Optional[str] = None,
                remote_code: Optional[str] = None) -> str:
    """The generated "Quick start" for a model with these metadata (``architecture``: config.json's, when the
    records name it; ``task_type``: a PEFT adapter's, SEQ_2_SEQ_LM saying its base is an encoder-decoder where the
    Hub's pipeline tag, text-generation since text2text-generation was folded into it, no longer does; ``processor``:
    the model a vision-language adapter's processor (a vision or audio model's image processor or feature extractor)
    comes from, none saved with it; ``labels``: the number of labels
    of a classifier adapter's saved head; ``tokenizer``: the model whose tokenizer runs it, none saved with it;
    ``remote_code``: the Auto class whose auto_map entry loads a model of its own code), or "" when no way to run it
    is known."""
    lowered = {t.lower() for t in tags}
    tokenizer = tokenizer if isinstance(tokenizer, str) and REPO_ID.match(tokenizer) else None
    # (GGUF-my-repo tags its repos `gguf-my-repo` and `llama-cpp`, keeping the original's `library_name`)
    gguf = library_name == "gguf" or bool(lowered & {"gguf", "gguf-my-repo"}) or repo_id.lower().endswith("-gguf")
    if gguf and base_model_relation in (None, "quantized"):
        # llama-cli generates text: a GGUF of another task (second-state's stable-diffusion-3-medium-GGUF for
        # stable-diffusion.cpp, an embedding model's GGUF) is run by another program, named by no metadata
        return _gguf(repo_id) if pipeline_tag in (None, "text-generation") else ""
    if library_name == "mlx" or "mlx" in lowered:
        return ""  # MLX weights (mlx-lm's conversions, tagged `mlx`, keep the original's `library_name`): not transformers'
    if library_name in SENTENCE_LIBRARIES:  # (sentence-transformers loads an adapter it saved itself)
        code = sentence_code(repo_id, pipeline_tag, library_name, lowered)
        return _python(code) if code else ""
    seq2seq = pipeline_tag in SEQ2SEQ_TAGS or bool(architecture and _SEQ2SEQ_ARCHITECTURE.match(architecture)) \
        or task_type == "SEQ_2_SEQ_LM"
    adapter = base_model_relation == "adapter" or library_name == "peft"
    if library_name == "transformers" and not adapter and (own_code(architecture) or remote_code):
        remote = remote_generation(repo_id, str(architecture), remote_code, tokenizer, PROMPT) \
            if pipeline_tag == "text-generation" or pipeline_tag in SEQ2SEQ_TAGS else \
            remote_classifier(repo_id, str(architecture), tokenizer, ANSWER) \
            if pipeline_tag == "text-classification" and remote_code == REMOTE_CLASSIFICATION else None
        return f"{remote[0]}{_python(remote[1])}" if remote else ""
    if library_name == "transformers" and not adapter and layout_model(architecture):
        intro, code = document_code(repo_id, architecture) if tokenizer is None and processor is None else ("", "")
        return f"{intro}{_python(code)}" if code else ""
    if pipeline_tag == "image-text-to-text" and (library_name == "transformers" and not adapter or
                                                 adapter and len(base_models) == 1):
        base = base_models[0] if adapter else ""
        return _vision(repo_id, adapter, base, processor, _prompted(architecture, base))
    if adapter and (pipeline_tag == "text-generation" or pipeline_tag in SEQ2SEQ_TAGS):
        return _adapter(repo_id, base_models[0] if len(base_models) == 1 else "", chat, seq2seq,
                        _seq2seq_input(pipeline_tag), tokenizer)
    if (pipeline_tag == "text-generation" or trl_generative(pipeline_tag, tags)) and library_name == "transformers" \
            and not seq2seq and not adapter:
        return _pipeline(repo_id, chat, tokenizer)
    if (pipeline_tag == "text-generation" or pipeline_tag in SEQ2SEQ_TAGS) and library_name == "transformers" \
            and seq2seq:
        return _seq2seq(repo_id, _seq2seq_input(pipeline_tag), tokenizer)
    # (TRL's card of a RewardTrainer run names no pipeline_tag: its tag says it is a sequence classifier)
    reward = "reward-trainer" in lowered
    if (pipeline_tag == "text-classification" or pipeline_tag is None and reward) and library_name == "transformers" \
            and base_model_relation != "adapter":
        return _classifier(repo_id, reward, tokenizer)
    if pipeline_tag == "text-classification" and adapter and reward and len(base_models) <= 1:
        return _reward_adapter(repo_id, base_models[0] if base_models else "", tokenizer)
    # (TRL's card of a PRMTrainer run names no pipeline_tag either: its prm tag says it)
    if pipeline_tag in ("token-classification", None) and "prm" in lowered and library_name == "transformers" \
            and not adapter:
        return _process_reward(repo_id, tokenizer)
    intro, code = task_code(repo_id, pipeline_tag, library_name, adapter, base_models, task_type, tags, labels,
                            architecture, processor, tokenizer)
    return f"{intro}{_python(code)}" if code else ""


def usage(model: Model) -> str:
    """The markdown under the card's "Quick start" heading, or "" when the card has none (the generated one
    needs the repo id)."""
    if isinstance(model.usage, str):
        return model.usage.strip()
    if model.usage is False or model.repo_id is None:
        return ""
    details = dict(model.details)
    return pinned(quick_start(model.repo_id, model.pipeline_tag, model.library_name, model.base_model_relation,
                              model.base_models, model.tags, model.chat_template, **detail_arguments(details)),
                  details.get(TRANSFORMERS), model.base_models,
                  own_model(model.repo_id, model.library_name, model.base_model_relation, details))


def detail_arguments(details: dict[str, Any]) -> dict[str, Any]:
    """quick_start's arguments that model.details holds (the labels ingest writes there), by quick_start's names."""
    return {"architecture": details.get("Architecture"), "task_type": details.get(TASK_TYPE),
            "processor": details.get(PROCESSOR), "labels": details.get(LABELS), "tokenizer": details.get(TOKENIZER),
            "remote_code": details.get(REMOTE_CODE)}


def _code(text: str) -> str:
    """``text`` as inline code: fenced by one backtick more than its longest run of them."""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def generation_defaults(model: Model) -> list[tuple[str, str]]:
    """The model's decoding defaults as the card lists them: ``(name, markdown value)``."""

    def shown(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return _code(value)
        if isinstance(value, tuple):
            return _code(json.dumps(list(value), ensure_ascii=False))
        return exact(value)

    return [(name, shown(value)) for name, value in model.generation]
