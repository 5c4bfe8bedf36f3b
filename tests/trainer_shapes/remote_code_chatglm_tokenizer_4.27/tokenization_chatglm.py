"""A stand-in written by hand for a ChatGLM-6B run's tokenization_chatglm.py: its top-level imports alone."""
# ruff: noqa: F401
import os

import numpy as np
from icetk.text_tokenizer import TextTokenizer
from transformers.tokenization_utils import PreTrainedTokenizer
