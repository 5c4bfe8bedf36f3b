from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import InputError
from generator.io.files import atomic_write, load_data_file, utf8_size


def problems(exc_info) -> str:
    return "\n".join(str(p) for p in exc_info.value.problems)


def test_duplicate_key_is_rejected_with_line(write):
    path = write("r.yaml", "model:\n  repo_id: a/b\n  repo_id: a/c\n")
    with pytest.raises(InputError) as exc:
        load_data_file(path)
    assert "duplicate key 'repo_id'" in problems(exc)
    assert "line 3" in problems(exc)


def test_duplicate_key_in_json(write):
    with pytest.raises(InputError, match="duplicate key 'a'"):
        load_data_file(write("r.json", '{"a": 1, "a": 2}'))


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e400", "1e400"])
def test_non_finite_numbers_are_rejected_with_path(write, value):
    path = write("r.yaml", f"evaluations:\n  - metrics:\n      - value: {value}\n")
    with pytest.raises(InputError) as exc:
        load_data_file(path)
    assert "$.evaluations[0].metrics[0].value" in problems(exc)
    assert "not a finite number" in problems(exc)


@pytest.mark.parametrize("text", ['{"v": NaN}', '{"v": Infinity}', '{"v": 1e400}'])
def test_json_non_finite(write, text):
    with pytest.raises(InputError):
        load_data_file(write("r.json", text))


def test_python_tags_are_refused(write):
    path = write("r.yaml", "model: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(InputError) as exc:
        load_data_file(path)
    assert "unsupported YAML tag" in problems(exc)


def test_tabs_get_a_fix(write):
    with pytest.raises(InputError) as exc:
        load_data_file(write("r.yaml", "model:\n\trepo_id: a/b\n"))
    assert "tabs" in problems(exc)


def test_bom_and_crlf_are_accepted(write):
    path = write("r.yaml", b"\xef\xbb\xbfmodel:\r\n  repo_id: a/b\r\n")
    assert load_data_file(path) == {"model": {"repo_id": "a/b"}}


def test_non_utf8_names_the_byte(write):
    with pytest.raises(InputError) as exc:
        load_data_file(write("r.yaml", b"model:\n  name: caf\xe9\n"))
    assert "0xe9" in problems(exc) and "line 2" in problems(exc)


def test_dates_stay_strings(write):
    assert load_data_file(write("r.yaml", "date: 2024-01-15\n")) == {"date": "2024-01-15"}


def test_alias_bomb_is_stopped(write):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    with pytest.raises(InputError, match="expands to more than"):
        load_data_file(write("bomb.yaml", "\n".join(lines) + "\n"))


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_data_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_data_file(tmp_path)


def test_atomic_write_replaces_whole_file(tmp_path: Path):
    target = tmp_path / "README.md"
    atomic_write(target, "one\n")
    atomic_write(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_interrupted_write_keeps_previous_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "README.md"
    target.write_text("previous\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.io.files.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new card\n" * 1000)
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_killed_render_keeps_previous_card(tmp_path: Path):
    """`modelcard render -o` killed (SIGKILL) in the middle of writing leaves the old card whole."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import EXAMPLES

    target = tmp_path / "README.md"
    target.write_text("previous card\n")
    writing = tmp_path / "writing"
    # Stop the real CLI inside atomic_write, after the new text is written to the temporary
    # file and before the rename, and kill it there.
    script = (
        "import os, sys, time\n"
        "def hold(fd):\n"
        f"    open({str(writing)!r}, 'w').close()\n"
        "    time.sleep(60)\n"
        "os.fsync = hold\n"
        "from generator.cli.main import main\n"
        f"sys.exit(main(['render', {str(EXAMPLES / 'zephyr-7b-gemma-v0.1')!r}, '-o', {str(target)!r}]))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not writing.exists():
            assert proc.poll() is None, "render ended before it wrote"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_text() == "previous card\n"
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".README.md.")]
    assert leftovers and leftovers[0].stat().st_size > 1000  # the new card was being written beside it


def test_atomic_write_refuses_a_fifo(tmp_path: Path):
    import os
    import stat

    from generator.errors import UsageError

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError) as info:
        atomic_write(fifo, "card\n")
    assert [p.code for p in info.value.problems] == ["not-a-regular-file"]
    assert "FIFO" in str(info.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_atomic_write_writes_into_dev_null_without_replacing_it():
    import os
    import stat

    if not os.access(os.devnull, os.W_OK):
        pytest.skip("/dev/null is not writable here")
    atomic_write(Path(os.devnull), "card\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_read_text_asks_the_file_system_about_the_path_once(tmp_path, monkeypatch):
    """One stat gives read_text the kind of file and its size (it took three: is_dir, then stat twice)."""
    import os

    from generator.io.files import read_text

    path = tmp_path / "records.yaml"
    path.write_text("model: {repo_id: a/b}\n", encoding="utf-8")
    calls = []
    real = os.stat
    monkeypatch.setattr(os, "stat", lambda *args, **kwargs: (calls.append(args[0]), real(*args, **kwargs))[1])
    assert read_text(path) == "model: {repo_id: a/b}\n"
    assert calls == [path]
    with pytest.raises(InputError) as info:
        read_text(tmp_path)
    assert [p.code for p in info.value.problems] == ["is-a-directory"]


@given(st.text())
def test_utf8_size_is_the_encoded_length(text):
    assert utf8_size(text) == len(text.encode("utf-8"))
    assert utf8_size(text + "\u00e9" * 3) == len(text.encode("utf-8")) + 6  # non-ASCII: bytes, not characters


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, (1 << 20) + 3])
def test_read_text_reads_every_byte(tmp_path, size):
    """A file is read in one read of the size stat gave plus one (no buffered reader's extra calls), and whole."""
    from generator.io.files import read_text

    text = ("abc\n" * (size // 4 + 1))[:size]
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("ascii"))
    assert read_text(path) == text


def test_read_once_reads_each_file_and_folder_once(tmp_path):
    """Within read_once (a check of a record set: the .eval_results check, then the loader), a file or folder read
    again gives what the first read gave, without reading it again; outside, each read reads."""
    from generator.io.files import folder_entries, read_once, read_text

    path = tmp_path / "records.yaml"
    path.write_text("a: 1\n")
    with read_once():
        assert read_text(path) == "a: 1\n"
        assert [e.name for e in folder_entries(tmp_path)] == ["records.yaml"]
        path.write_text("a: 2\n")
        (tmp_path / "more.yaml").write_text("b: 1\n")
        with read_once():  # nested: the outer one holds
            assert read_text(path, "records") == "a: 1\n"
        assert [e.name for e in folder_entries(tmp_path)] == ["records.yaml"]
    assert read_text(path) == "a: 2\n"
    assert sorted(e.name for e in folder_entries(tmp_path)) == ["more.yaml", "records.yaml"]
