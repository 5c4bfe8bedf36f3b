"""training_args.bin -> the training arguments as plain data, without importing or running anything.

``Trainer._save`` writes ``torch.save(self.args, "training_args.bin")``: a zip archive holding
``<name>/data.pkl`` (older torch: a bare pickle stream). A pickle normally imports the classes it
names and calls whatever it says; this reader does neither. :class:`SafeUnpickler` resolves every
global to an inert placeholder that only records ``module.name``, and rebuilds objects as data:
a dataclass such as ``TrainingArguments`` (NEWOBJ + BUILD) becomes its field dict, an enum
(``SchedulerType('cosine')``) its value, ``torch.device('cpu')`` the string ``'cpu'``. Tensor
storages (persistent ids) are skipped. A pickle naming something that only runs code (``os.system``,
``builtins.eval``, ``subprocess.Popen``, ...) is refused as a whole.

:func:`hyperparameters` turns the fields (from this reader, a JSON dump of the arguments, or a recipe
YAML) into the list transformers' own card shows, plus the training method's own settings.
"""

from __future__ import annotations

import io
import pickle
import pickletools
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Optional, Union, cast

from generator.errors import InputError, Problem
from generator.io.files import loads_json

MAX_PICKLE_BYTES = 16 * 1024 * 1024
MAX_NODES = 200_000  # values visited when turning the pickle's objects into plain data
MAX_DEPTH = 64
MAX_GLOBALS = 2_000  # distinct classes and functions one pickle may name (TrainingArguments names ~10)
MAX_INT_BITS = 256  # larger ints are no training argument; their digits would be costly to print
MAX_STRING = 100_000
TORCH_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C  # first pickle of torch.save's pre-1.6 (non-zip) format
LFS_POINTER = b"version https://git-lfs.github.com/spec/"  # what a clone without its LFS content holds instead

UNSAFE_CODE = "unsafe-pickle"
DAMAGED_CODE = "unreadable-training-args"
LFS_CODE = "lfs-pointer"
EMPTY_CODE = "empty-file"


def lfs_pointer_problem(label: str, name: str, lost: str) -> Problem:
    """A run's file ``name`` (reported as ``label``) that is a Git LFS pointer: a clone without its LFS content.
    ``lost``: what the card does without it, which the fix names."""
    return Problem(label, "", "is a Git LFS pointer, not the file itself (the repository was cloned without its LFS "
                   "content)", f"run `git lfs pull` to fetch the real {name}; until then {lost}", code=LFS_CODE)


def empty_file_problem(label: str, name: str, lost: str) -> Problem:
    """A run's file ``name`` (reported as ``label``) that is empty: committed with nothing in it (a placeholder, or a
    file truncated by a failed upload), as LFS pointers are, a stand-in for the file. ``lost``: as for
    :func:`lfs_pointer_problem`."""
    return Problem(label, "", "is empty (0 bytes), not the file itself", f"commit the real {name}, or remove the "
                   f"empty file; until then {lost}", code=EMPTY_CODE)

# Modules whose globals only serve to run code, open files or reach the network: a training-arguments
# pickle never names them, so one that does is refused rather than rebuilt.
_DENIED_MODULES = frozenset({
    "os", "posix", "nt", "posixpath", "ntpath", "subprocess", "sys", "importlib", "imp", "runpy", "shutil", "socket",
    "pty", "code", "codeop", "pickle", "_pickle", "cPickle", "marshal", "ctypes", "multiprocessing", "signal",
    "webbrowser", "pdb", "bdb", "timeit", "platform", "asyncio", "threading", "_thread", "io", "_io", "tempfile",
    "glob", "types", "functools", "operator", "inspect", "commands", "popen2", "pip", "setuptools", "distutils",
    "zipimport", "http", "urllib", "urllib2", "ftplib", "smtplib", "telnetlib", "xmlrpc", "ssl", "select", "mmap",
    "gc", "site", "sysconfig", "_posixsubprocess", "_winapi", "msvcrt", "winreg", "_ctypes", "cffi", "dill",
    "cloudpickle", "joblib", "requests", "httpx", "urllib3", "yaml", "sqlite3", "_sqlite3", "zipfile", "tarfile",
    "shelve", "dbm", "fileinput", "linecache", "tokenize", "ast", "compileall", "py_compile", "trace",
})
_DENIED_PREFIXES = ("numpy.testing", "numpy.f2py", "numpy.distutils", "torch.hub", "torch.serialization",
                    "torch.utils.cpp_extension", "torch.jit", "torch.package", "torch._dynamo", "torch.compiler",
                    "transformers.dynamic_module_utils", "huggingface_hub.file_download")
# builtins a pickle may name for data (rebuilt here, never called); any other builtin is refused.
_DATA_BUILTINS = frozenset({"set", "frozenset", "list", "dict", "tuple", "complex", "bytearray", "bytes", "str", "int",
                            "float", "bool", "slice", "range", "object", "getattr", "NoneType", "Ellipsis"})
# Packages whose enums' values are their members' names in lower case (SchedulerType.COSINE = 'cosine').
_NAME_IS_VALUE = ("transformers.", "trl.")
# ... but for these members, whose values say more than their names (the same in every transformers release from 4.5
# to 5.25 and TRL 0.8 to 1.16, read from their sources): a QLoRA run's optim paged_adamw_32bit is PAGED_ADAMW.
_VALUE_UNLIKE_NAME = {
    ("OptimizerNames", "ADAMW_BNB"): "adamw_bnb_8bit", ("OptimizerNames", "LION"): "lion_32bit",
    ("OptimizerNames", "PAGED_ADAMW"): "paged_adamw_32bit", ("OptimizerNames", "PAGED_LION"): "paged_lion_32bit",
    ("OptimizerNames", "PAGED_ADEMAMIX"): "paged_ademamix_32bit", ("OptimizerNames", "RMSPROP_8BIT"): "rmsprop_bnb_8bit",
    ("OptimizerNames", "RMSPROP_32BIT"): "rmsprop_bnb_32bit", ("SchedulerType", "REDUCE_ON_PLATEAU"): "reduce_lr_on_plateau",
}
_ALIASES = {"__builtin__": "builtins", "exceptions": "builtins", "copy_reg": "copyreg"}


class _Refused(Exception):
    """The pickle names a global that can only run code."""

    def __init__(self, module: str, name: str):
        super().__init__(f"{module}.{name}")
        self.module, self.name = module, name


class _StubMeta(type):
    """Metaclass of the placeholders: calling one (REDUCE) rebuilds data instead of running anything."""

    # Every class of this metaclass is a _Stub subclass, which sets these (see _Stub and _stub_type).
    module: str
    name: str
    qualified: str

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return _reduce(cls, args)

    def __repr__(cls) -> str:
        return f"<global {cls.qualified}>"


class _Stub(metaclass=_StubMeta):
    """An instance of a class the pickle names (NEWOBJ / copyreg._reconstructor), holding its args and state."""

    module = ""
    name = ""
    qualified = ""

    def __new__(cls, *args: Any, **kwargs: Any) -> "_Stub":
        obj = object.__new__(cls)
        object.__setattr__(obj, "_args", args)
        object.__setattr__(obj, "_state", {})
        return obj

    def __setstate__(self, state: Any) -> None:
        """BUILD: a dict, a (dict, slots) pair, or anything else (kept as ``__state__``)."""
        merged: dict[Any, Any] = dict(object.__getattribute__(self, "_state"))
        if isinstance(state, tuple) and len(state) == 2 and (state[0] is None or isinstance(state[0], dict)) \
                and (state[1] is None or isinstance(state[1], dict)):
            merged.update(state[0] or {})
            merged.update(state[1] or {})
        elif isinstance(state, dict):
            merged.update(state)
        else:
            merged["__state__"] = state
        object.__setattr__(self, "_state", merged)


class _Reduced:
    """A call the pickle asks for, recorded and never made (with the state a BUILD gives its result)."""

    __slots__ = ("qualified", "args", "state", "enum")

    def __init__(self, qualified: str, args: tuple, enum: bool = False):
        self.qualified, self.args, self.state, self.enum = qualified, args, None, enum

    def __setstate__(self, state: Any) -> None:
        self.state = state


class _Skipped:
    """A tensor storage (persistent id): not read."""

    __slots__ = ("what",)

    def __init__(self, what: str):
        self.what = what

    def __setstate__(self, state: Any) -> None:
        pass


def _stub_type(module: str, name: str) -> _StubMeta:
    return _StubMeta(name, (_Stub,), {"module": module, "name": name, "qualified": f"{module}.{name}"})


def _new_stub(cls: _StubMeta, *args: Any) -> _Stub:
    """``cls.__new__(cls, *args)``: a placeholder instance, made without the metaclass's __call__ (REDUCE)."""
    # the classes _StubMeta makes at runtime (_Stub, and _stub_type's dynamic subclasses) are all _Stub classes
    stub_cls = cast("type[_Stub]", cls)
    return stub_cls.__new__(stub_cls, *args)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _reduce(cls: _StubMeta, args: tuple) -> Any:
    """What ``cls(*args)`` stands for, as data."""
    module, name = cls.module, cls.name
    if module == "_codecs" and name == "encode" and len(args) == 2 and isinstance(args[0], str) \
            and args[1] in ("latin1", "latin-1"):
        return args[0].encode("latin-1")  # how protocol 2 spells bytes
    if module == "builtins":
        if name in ("set", "frozenset", "list", "tuple") and len(args) <= 1:
            items = list(args[0]) if args and isinstance(args[0], (list, tuple, set, frozenset)) else []
            return set(items) if name in ("set", "frozenset") and all(_hashable(i) for i in items) else items
        if name == "getattr" and len(args) == 2 and isinstance(args[1], str):
            # An enum member pickled by name (Python 3.12+ does so for str enums): getattr(OptimizerNames,
            # 'ADAMW_TORCH'). transformers' and TRL's enums are valued by their lower-cased names ('adamw_torch');
            # other enums (accelerate's DistributedType.NO = 'NO') keep the name.
            owner = args[0] if isinstance(args[0], _StubMeta) else None
            if owner is None or not owner.module.startswith(_NAME_IS_VALUE) or not args[1].isupper():
                return args[1]
            return _VALUE_UNLIKE_NAME.get((owner.name, args[1]), args[1].lower())
        if name in ("str", "int", "float", "bool", "complex") and len(args) <= 2 and all(map(_is_scalar, args)):
            return args[0] if args else None
    if module == "copyreg" and name == "_reconstructor" and args and isinstance(args[0], _StubMeta):
        return _new_stub(args[0])
    if module == "copyreg" and name == "__newobj__" and args and isinstance(args[0], _StubMeta):
        return _new_stub(args[0], *args[1:])
    if module == "collections" and name == "OrderedDict":
        return dict(args[0]) if args and isinstance(args[0], (list, tuple)) else {}
    if module == "torch" and name == "device" and args and all(isinstance(a, (str, int)) for a in args):
        return ":".join(str(a) for a in args)
    if module.startswith("pathlib") and args and all(isinstance(a, str) for a in args):
        return "/".join(a.rstrip("/") if i < len(args) - 1 else a for i, a in enumerate(args))
    if not args and name[:1].isupper():
        return _new_stub(cls)  # an object made with no arguments (INST / OBJ); BUILD fills it in
    if len(args) == 1 and _is_scalar(args[0]) and name[:1].isupper():
        return _Reduced(cls.qualified, args, enum=True)  # IntervalStrategy('steps') -> 'steps', unless BUILD follows
    return _Reduced(cls.qualified, args)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _check_global(module: str, name: str) -> str:
    """``module`` (aliases resolved), or _Refused when the global only serves to run code."""
    module = _ALIASES.get(module, module)
    top = module.split(".", 1)[0]
    if top in _DENIED_MODULES or any(module == p or module.startswith(p + ".") for p in _DENIED_PREFIXES) \
            or (module == "builtins" and name not in _DATA_BUILTINS):
        raise _Refused(module, name)
    return module


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that imports nothing and calls nothing: every global is an inert placeholder."""

    def __init__(self, file: Any) -> None:
        super().__init__(file)
        self._types: dict[tuple[str, str], _StubMeta] = {}

    def find_class(self, module: str, name: str) -> Any:
        key = (_check_global(module, name), str(name))
        if key not in self._types:
            if len(self._types) >= MAX_GLOBALS:
                raise ValueError(f"the pickle names over {MAX_GLOBALS} classes or functions")
            self._types[key] = _stub_type(*key)
        return self._types[key]

    def persistent_load(self, pid: Any) -> Any:
        return _Skipped("tensor storage")


@dataclass(frozen=True)
class TrainingArgs:
    """The training arguments a run saved: the class the pickle names and its fields as plain data."""

    cls: str  # e.g. "trl.trainer.dpo_config.DPOConfig"; "" when the pickle holds a plain dict
    fields: dict[str, Any]


class _Plain:
    """Turns the unpickled placeholders into JSON-like data, bounded in size and depth."""

    def __init__(self) -> None:
        self.nodes = 0
        self.active: set[int] = set()

    def __call__(self, value: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise ValueError("the pickle's data is too large or too deeply nested")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
            return f"<int of {value.bit_length()} bits>"
        if isinstance(value, str) and len(value) > MAX_STRING:
            return f"<string of {len(value)} characters>"
        if _is_scalar(value):
            return value
        if isinstance(value, bytes):
            return value
        if isinstance(value, _Skipped):
            return f"<{value.what}>"
        if isinstance(value, _StubMeta):
            return value.qualified  # a class or function named but not called, e.g. torch.bfloat16
        if id(value) in self.active:
            return "<cycle>"
        self.active.add(id(value))
        try:
            if isinstance(value, _Stub):
                state = object.__getattribute__(value, "_state")
                out = {"__class__": type(value).qualified}
                out.update({str(k): self(v, depth + 1) for k, v in state.items()})
                return out
            if isinstance(value, _Reduced):
                if value.enum and value.state is None:
                    return self(value.args[0], depth + 1)
                call = {"__call__": value.qualified, "args": [self(a, depth + 1) for a in value.args]}
                if value.state is not None:
                    call["state"] = self(value.state, depth + 1)
                return call
            if isinstance(value, dict):
                return {self._key(k): self(v, depth + 1) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [self(v, depth + 1) for v in value]
            if isinstance(value, (set, frozenset)):
                items = [self(v, depth + 1) for v in value]
                try:
                    return sorted(items)
                except TypeError:
                    return items
            if isinstance(value, bytearray):
                return bytes(value)
            return repr(value)
        finally:
            self.active.discard(id(value))

    def _key(self, key: Any) -> Any:
        return key if isinstance(key, (str, int, float, bool)) or key is None else str(self(key))


_MARK = -1
_MUTATORS = frozenset({"APPEND", "APPENDS", "SETITEM", "SETITEMS", "ADDITEMS", "BUILD"})  # change the object below


def _scan(stream: io.BytesIO) -> None:
    """Walk one pickle's opcodes without running them, before the unpickler sees it.

    Refuses the extension-registry opcodes (EXT1/2/4): the unpickler answers them from a
    process-wide cache of real objects, past ``find_class``; refuses a denied GLOBAL early; fails
    on malformed opcodes before anything is built; and bounds how deeply values nest, tracked per
    stack slot, since hashing a tuple nested a million deep (as a dict key) crashes the interpreter.
    """
    start = stream.tell()
    stack: list[int] = []  # nesting depth of each value on the unpickler's stack; _MARK for marks
    memo: dict[Any, int] = {}
    for opcode, arg, _ in pickletools.genops(stream):
        name = opcode.name
        if name in ("EXT1", "EXT2", "EXT4"):
            raise _Refused("copyreg", f"extension code {arg}")
        if name in ("GLOBAL", "INST") and isinstance(arg, str) and " " in arg:
            _check_global(*arg.split(" ", 1))
        if name in ("PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"):
            memo[len(memo) if name == "MEMOIZE" else arg] = stack[-1] if stack else 0
            continue
        if name in ("GET", "BINGET", "LONG_BINGET"):
            stack.append(memo.get(arg, 0))
            continue
        before = list(opcode.stack_before)
        popped: list[int] = []
        if pickletools.stackslice in before:  # everything down to the mark, and the mark
            while stack and stack[-1] != _MARK:
                popped.append(stack.pop())
            if stack:
                stack.pop()
            before = before[:before.index(pickletools.markobject)]
        below = [stack.pop() for _ in range(min(len(before), len(stack)))]
        if name in _MUTATORS and below:
            target = below.pop()  # the list, dict, set or object being filled keeps its place
            depth = max([target] + [d + 1 for d in popped + below])
        else:
            depth = max(popped + below, default=-1) + 1
        if depth > MAX_DEPTH:
            raise ValueError(f"values nest deeper than {MAX_DEPTH} levels")
        for item in opcode.stack_after:
            stack.append(_MARK if item is pickletools.markobject else depth)
    stream.seek(start)
def _load_all(data: bytes) -> list[Any]:
    """Every pickle in ``data``, in order (torch's legacy format is several pickles in a row)."""
    stream = io.BytesIO(data)
    objects: list[Any] = []
    while stream.tell() < len(data) and len(objects) < 8:
        _scan(stream)
        objects.append(SafeUnpickler(stream).load())
    return objects


def _pickle_bytes(path: Path, raw: bytes) -> bytes:
    """data.pkl out of torch's zip archive, or the file itself when it is a bare pickle."""
    return _data_pkl(io.BytesIO(raw)) if raw.startswith(b"PK\x03\x04") else raw


def _data_pkl(source: Union[Path, IO[bytes]]) -> bytes:
    """The data.pkl record of torch's zip archive ``source`` (a file, or its bytes), within MAX_PICKLE_BYTES; a
    ValueError (or zipfile's BadZipFile) says why there is none."""
    with zipfile.ZipFile(source) as archive:
        infos = [i for i in archive.infolist() if i.filename.rsplit("/", 1)[-1] == "data.pkl"
                 and i.filename.count("/") <= 1]
        if len(infos) != 1:
            raise ValueError(f"the zip archive holds {len(infos)} data.pkl records, expected one")
        if infos[0].file_size > MAX_PICKLE_BYTES:
            raise ValueError(f"data.pkl is {infos[0].file_size} bytes, over the {MAX_PICKLE_BYTES} byte limit")
        with archive.open(infos[0]) as handle:
            data = handle.read(MAX_PICKLE_BYTES + 1)
        if len(data) > MAX_PICKLE_BYTES:
            raise ValueError(f"data.pkl is over the {MAX_PICKLE_BYTES} byte limit")
        return data


def tensor_shapes(path: Path) -> Optional[dict[str, list[int]]]:
    """Each tensor's shape in a state dict torch saved in its zip format (PEFT's adapter_model.bin before 0.6 made
    safetensors the default), read as data like the training arguments: nothing imported, no tensor loaded (a tensor is
    the call torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...), kept as recorded). None when the file
    is no such zip (a Git LFS pointer, torch's legacy format) or holds no state dict."""
    try:
        saved = _load_all(_data_pkl(path))[0]  # (the archive read from the file: the weights stay on disk)
    except Exception:  # every way a damaged zip or pickle fails; _Refused: a pickle naming code is no state dict
        return None
    if not isinstance(saved, dict):
        return None
    return {key: list(tensor.args[2]) for key, tensor in saved.items()
            if isinstance(key, str) and isinstance(tensor, _Reduced) and len(tensor.args) > 2
            and tensor.qualified == "torch._utils._rebuild_tensor_v2" and isinstance(tensor.args[2], (tuple, list))}


def _json_arguments(raw: bytes) -> Optional[TrainingArgs]:
    """The arguments of a training_args.bin written as JSON text, not pickled: LLaMA-Factory's PeftTrainer._save
    (llmtuner, May to September 2023) wrote ``self.args.to_json_string()`` under the Trainer's TRAINING_ARGS_NAME
    (hiyouga/LLaMA-Factory's saves/ChatGLM2-6B/lora runs). None for any other file."""
    if not raw.lstrip()[:1] == b"{":
        return None
    try:
        fields = loads_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return TrainingArgs(cls="", fields=fields) if isinstance(fields, dict) and "output_dir" in fields else None


def read_training_args(path: Path, label: Optional[str] = None) -> TrainingArgs:
    """The training arguments in a ``training_args.bin``, read as data: nothing is imported or run.

    Raises InputError with code ``unsafe-pickle`` when the pickle names code-running globals, and
    ``unreadable-training-args`` when the file is damaged or holds no training arguments, ``lfs-pointer`` when it
    is a Git LFS pointer, ``empty-file`` when it is empty (a run folder's empty copy gives way to its checkpoint's
    first, see generator.sources.trainer_files).
    """
    name = label or str(path)

    def damaged(message: str, fix: str = "the file is damaged or not what Trainer saves; hyperparameters are taken "
                "from the other files") -> InputError:
        return InputError([Problem(name, "", message, fix, code=DAMAGED_CODE)])

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise damaged("is not a regular file")
        size = info.st_size
        if size > MAX_PICKLE_BYTES:
            raise damaged(f"is {size} bytes, over the {MAX_PICKLE_BYTES} byte limit for training arguments")
        raw = path.read_bytes()
    except OSError as exc:
        raise damaged(f"cannot be read: {exc.strerror or exc}") from None
    if raw.startswith(LFS_POINTER):
        raise InputError([lfs_pointer_problem(name, path.name, "hyperparameters are taken from the other files")])
    if not raw:  # committed at 0 bytes: said as the run's other empty files are
        raise InputError([empty_file_problem(name, path.name, "hyperparameters are taken from the other files")])
    written = _json_arguments(raw)
    if written is not None:
        return written
    try:
        objects = _load_all(_pickle_bytes(path, raw))
        if len(objects) >= 4 and objects[0] == TORCH_LEGACY_MAGIC:
            objects = objects[3:]  # magic number, protocol version, system info, then the object
        if not objects:
            raise ValueError("no pickle in it")
        plain = _Plain()(objects[0])
    except _Refused as exc:
        raise InputError([Problem(name, "", f"is a pickle that would run {exc.module}.{exc.name}; refused, "
                                  "nothing in it was loaded or run",
                                  "do not load this file with torch.load or pickle; remove it, or re-save the "
                                  "training arguments from a trusted run", code=UNSAFE_CODE)]) from None
    except InputError:
        raise
    except RecursionError:
        raise damaged("is nested too deeply to read") from None
    except Exception as exc:  # every way a damaged pickle or zip fails: truncated, garbage, wrong opcodes
        detail = str(exc) or type(exc).__name__
        raise damaged(f"is not a readable torch.save pickle ({type(exc).__name__}: {detail[:200]})") from None
    if not isinstance(plain, dict) or "__call__" in plain:
        raise damaged("holds no training arguments (expected a TrainingArguments object)")
    cls = str(plain.pop("__class__", ""))
    return TrainingArgs(cls=cls, fields=plain)



__all__ = ["DAMAGED_CODE", "EMPTY_CODE", "LFS_CODE", "UNSAFE_CODE", "SafeUnpickler", "TrainingArgs", "lfs_pointer_problem",
           "read_training_args"]
