"""Reading text and JSON strictly, loading YAML or JSON data files, and writing files atomically.

Strict means: UTF-8 only (a BOM is dropped), no duplicate keys, no NaN or
infinities, and bounded size so hostile input cannot hang us. YAML itself is
yamlio's; the limits all data shares are in io/data.py.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from generator.errors import InputError, Problem, UsageError
from generator.io.data import MAX_DEPTH, MAX_INT_DIGITS, check_plain_data
from generator.io.yamlio import parse_yaml

MAX_FILE_BYTES = 16 * 1024 * 1024
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def git_blob_sha(data: bytes) -> str:
    """The id git (and the Hub) gives a file's content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def utf8_size(text: str) -> int:
    """``len(text.encode("utf-8"))`` without the copy when the text is ASCII (a card with 100,000 results is 26 MB:
    each encoded copy was 26 MB more memory for the process to get from the system, twice per render and check)."""
    return len(text) if text.isascii() else len(text.encode("utf-8"))


# Within read_once(): path -> text of each file read_text read, and folder -> entries of each folder listed
_READ_ONCE: ContextVar[Optional[dict[tuple[str, str], Any]]] = ContextVar("read_once", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    """Within it (in this thread), each file :func:`read_text` reads and each folder :func:`folder_entries` lists is
    read once: a check of a record set looks at its files twice (whether they are .eval_results, then the records),
    and every system call is dear on a VM. Nested, the outer one holds."""
    if _READ_ONCE.get() is not None:
        yield
        return
    token = _READ_ONCE.set({})
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def folder_entries(folder: Path) -> list[os.DirEntry]:
    """The entries of a folder, in the order the system lists them (each knows its kind from the listing)."""
    memo = _READ_ONCE.get()
    key = ("folder", os.fspath(folder))
    if memo is not None and key in memo:
        return memo[key]
    with os.scandir(folder) as listing:
        entries = list(listing)
    if memo is not None:
        memo[key] = entries
    return entries


def read_text(path: Path, label: str | None = None) -> str:
    """Read a UTF-8 text file, with one clear error for every way that can fail."""
    memo = _READ_ONCE.get()
    if memo is None:
        return _read_text(path, label)
    key = ("file", os.fspath(path))
    text = memo.get(key)
    if text is None:
        text = memo[key] = _read_text(path, label)
    return text


def _read_text(path: Path, label: str | None = None) -> str:
    name = label or str(path)
    try:
        status = os.stat(path)  # once, for the kind and the size (a missing path or a link loop raises here)
        if stat.S_ISDIR(status.st_mode):
            raise InputError([Problem(name, "", "is a directory, expected a file", "pass a file path",
                                      code="is-a-directory")])
        if not stat.S_ISREG(status.st_mode):
            raise InputError([Problem(name, "", "is not a regular file (a device, pipe or socket)",
                                      "pass a regular file", code="not-a-regular-file")])
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise InputError([Problem(name, "", f"is {size} bytes, over the {MAX_FILE_BYTES} byte limit",
                                      "split it or remove bulk data", code="too-large")])
        # os.open, not open(): no fstat, isatty or seek calls (a system call is dear on a VM). read(n) reserves n
        # bytes up front: ask for what stat saw plus one, and read on in bounded steps only if the file grew (a
        # regular file reads short only at its end)
        fd = os.open(path, os.O_RDONLY | _O_BINARY)
        try:
            data = os.read(fd, size + 1)
            while size < len(data) <= MAX_FILE_BYTES:
                more = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - len(data)))
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
        if len(data) > MAX_FILE_BYTES:
            raise InputError([Problem(name, "", f"is over the {MAX_FILE_BYTES} byte limit",
                                      "split it or remove bulk data", code="too-large")])
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError([Problem(name, "", "no such file", "check the path", code="no-such-file")]) from None
    except RuntimeError as exc:  # pathlib's symlink loop report on some versions
        raise InputError([Problem(name, "", f"cannot be read: {exc}", "fix the symlink",
                                  code="broken-symlink")]) from None
    except PermissionError:
        raise InputError([Problem(name, "", "permission denied", "make the file readable",
                                  code="permission-denied")]) from None
    except OSError as exc:
        loop = exc.errno == errno.ELOOP
        reason = "a symlink loop" if loop else (exc.strerror or str(exc))
        raise InputError([Problem(name, "", f"cannot be read: {reason}", "check the path",
                                  code="broken-symlink" if loop else "unreadable-file")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _utf16(data):
            raise _utf16_problem(name) from None
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, f"line {line}", f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                                  "save the file as UTF-8", code="not-utf8")]) from None
    if "\x00" in text:
        if _utf16(data):
            raise _utf16_problem(name)
        raise InputError([Problem(name, "", "contains NUL bytes; not a text file",
                                  "pass the text file itself (a card, records, or the results file a tool wrote)",
                                  code="not-text")])
    return text


def _utf16(data: bytes) -> bool:
    """Whether ``data`` reads as UTF-16 text: a byte-order mark, or a NUL in every other byte of its start (Windows
    tools save text so, with or without the mark: a README.md in UTF-16 LE on the Hub)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = data[:256]
    half = len(head) // 2
    return half >= 2 and (head[1::2].count(0) >= 0.9 * half or head[0::2].count(0) >= 0.9 * half)


def _utf16_problem(name: str) -> InputError:
    return InputError([Problem(name, "", "is UTF-16 text, not UTF-8",
                               "save it as UTF-8 (iconv -f UTF-16 -t UTF-8, or your editor's encoding setting)",
                               code="not-utf8")])


class _JSONProblem(ValueError):
    def __init__(self, message: str, fix: str, pattern: str, code: str):
        super().__init__(message)
        self.fix = fix
        self.pattern = pattern
        self.code = code


def _reject_constant(token: str) -> float:
    raise _JSONProblem(f"{token} is not a finite number", "write a real number, or leave the field out",
                       r"(?<![\w\"])-?" + re.escape(token) + r"(?![\w\"])", code="not-finite")


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS and len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _JSONProblem(f"number with {len(text.lstrip('-'))} digits is too large", "write a realistic number",
                           r"\d{" + str(MAX_INT_DIGITS + 1) + ",}", code="too-large")
    return int(text)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result: dict = dict(pairs)
    if len(result) == len(pairs):  # no key twice: the dict the loop below would build
        return result
    result = {}
    for key, value in pairs:
        if key in result:
            raise _JSONProblem(f"duplicate key {key!r} (each key may appear once)", "remove or rename one of them",
                               json.dumps(key) + r"\s*:", code="duplicate-key")
        result[key] = value
    return result


class JSONTooDeep(ValueError):
    """A JSON text nesting deeper than Python's decoder goes (its recursion limit, about 1,000 levels)."""


def loads_json(text: str | bytes) -> Any:
    """``json.loads`` for other tools' files: nesting too deep for the decoder is a ValueError (JSONTooDeep), as a
    syntax error is, so that each reader's refusal or fallback covers it (it was a RecursionError, an internal
    error: a results file of 100,000 ``[``)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise JSONTooDeep("nesting is too deep") from None


def parse_json(text: str, name: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs, parse_constant=_reject_constant, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(name, f"line {exc.lineno}, column {exc.colno}", exc.msg,
                                  "fix the JSON syntax", code="json-syntax")]) from None
    except _JSONProblem as exc:
        matches = list(re.finditer(exc.pattern, text))
        # a duplicate key is the second occurrence; other problems the first
        match = matches[1] if exc.code == "duplicate-key" and len(matches) > 1 else (matches[0] if matches else None)
        where = f"line {text.count(chr(10), 0, match.start()) + 1}" if match else ""
        raise InputError([Problem(name, where, str(exc), exc.fix, code=exc.code)]) from None
    except RecursionError:
        raise InputError([Problem(name, "", "nesting is too deep", f"keep nesting under {MAX_DEPTH} levels",
                                  code="too-deep")]) from None
    check_plain_data(data, name)
    return data


def load_data_file(path: Path, label: str | None = None, duplicates: list | None = None, finite: bool = True) -> Any:
    """Load one YAML or JSON file (by extension; YAML otherwise) strictly; ``duplicates`` and ``finite`` (YAML
    only): see parse_yaml."""
    return load_data_text(path, label, duplicates, finite)[0]


def load_data_text(path: Path, label: str | None = None, duplicates: list | None = None,
                   finite: bool = True) -> tuple[Any, str]:
    """load_data_file's data, and the text it was read from."""
    name = label or str(path)
    text = read_text(path, name)
    if path.suffix.lower() == ".json":
        return parse_json(text, name), text
    return parse_yaml(text, name, finite=finite, duplicates=duplicates), text


def present(path: Path, file: bool = False) -> bool:
    """Whether ``path`` exists (``file``: is a regular file), False for a path no file can have: a name a record or
    recipe gave that is too long for the system (ENAMETOOLONG) or holds a NUL, which pathlib raises on."""
    try:
        return path.is_file() if file else path.exists()
    except (OSError, ValueError):
        return False


def is_devnull(path: Path) -> bool:
    """Whether ``path`` is the null device (``/dev/null``), which is written into, never replaced."""
    try:
        return os.path.samefile(path, os.devnull)
    except (OSError, ValueError):
        return False


def check_output_target(path: Path, fix: str = "write to a regular file") -> None:
    """Refuse an existing target that is neither a regular file, a folder nor the null device.

    Writing replaces the target (a temporary file renamed over it): done to a device, FIFO or
    socket that would swap the special file for a regular one (``-o /dev/null`` as root would
    break the machine's /dev/null). Folders are the callers' to report, with their own fix.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return  # a new path (or one the write itself reports)
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or is_devnull(path):
        return
    kind = ("a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
            else "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    raise UsageError([Problem(os.fspath(path), "", f"is {kind}, not a regular file: writing would replace it", fix,
                              code="not-a-regular-file")])


def atomic_write(path: Path, text: Union[str, bytes]) -> None:
    """Write text (as UTF-8) or bytes so that the file appears whole or not at all.

    Only regular files and new paths are written (replaced atomically); the null device is
    written into; any other existing special file is refused (UsageError, not-a-regular-file).
    """
    path = Path(path)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if is_devnull(path):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    check_output_target(path)
    directory = path.parent if str(path.parent) else Path(".")
    import tempfile  # only writing needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # what open() would give; mkstemp's 0600 is for secrets
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
