"""`modelcard preview`: one self-contained, sanitized HTML page per card, checked in a real browser.

The browser tests run Debian's headless Chromium on every example. Without a Chromium they
fail with a message saying how to install it; MODELCARD_SKIP_BROWSER=1 skips them instead.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import webbrowser
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, MINIMAL, missing

from generator.cli.main import main
from generator.errors import CardError, InputError, UsageError
from generator.records.loader import load_records
from generator.render.preview import body_html, preview_card

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A real 1x1 PNG.
TINY_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 60

HOSTILE = """\
---
license: other
license_link: "javascript:alert(12)"
tags: ["<script>alert('tag')</script>", "<b>x</b>"]
license_name: '"><img src=x onerror=alert(1)>'
base_model: 'acme/m"><svg onload=alert(2)>'
---
# Hostile card

<script>alert('body')</script>
<style>body { display: none }</style>
<img src="nothing.png" onerror="alert('img')">
<a href="javascript:alert('link')">click</a> <a href=" JaVaScRiPt:alert(3)">again</a>
<a href="&#106;avascript:alert(4)">encoded</a> <a href="vbscript:msgbox(1)">vb</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">data link</a>
<img src="data:text/html,<script>alert(6)</script>">
<iframe src="https://example.com/"></iframe>
<object data="evil.swf"></object><embed src="evil.swf">
<p onclick="alert(7)" onmouseover="alert(8)" style="position:fixed">paragraph</p>
<form action="https://example.com/"><input name="q"></form>
<meta http-equiv="refresh" content="0; url=https://example.com/">
<base href="https://example.com/">
<svg><script>alert(9)</script></svg>

[markdown link](javascript:alert(10)) ![markdown image](javascript:alert(11))

| safe | table |
| --- | --- |
| 1 | 2 |
"""


def _page_body(page: str) -> str:
    """The page after its head (which holds the page's own <style>)."""
    return page.split("</head>", 1)[1]


# ---------------------------------------------------------------------------- unit tests


def test_records_preview_has_tables_side_box_and_no_script(write):
    page = preview_card(write("r.yaml", MINIMAL))
    assert page.startswith("<!DOCTYPE html>")
    assert "<table" in page and "<aside class=\"meta\">" in page
    assert "acme/tiny-dpo" in page and "apache-2.0" in page
    assert 'href="https://huggingface.co/acme/tiny-sft"' in page
    # model-index results table: task / dataset / metric / value
    assert re.search(r"<td>Text Generation</td><td>ARC Challenge.*?</td><td>normalized accuracy</td>"
                     r"<td class=\"num\">58\.45</td>", page)
    # self-contained: no script, no external style sheet or font, no CSS url()
    for needle in ("<script", "<link", "@import", "url(", "<iframe"):
        assert needle not in page, needle
    assert "Content-Security-Policy" in page


def test_body_markdown_is_gfm_like():
    html = body_html("| a | b |\n| :-- | --: |\n| 1 | ~~2~~ |\n\n<details><summary>More results</summary>\n\n"
                     "| c |\n| - |\n| 3 |\n\n</details>\n")
    assert html.count("<table>") == 2
    assert "<details><summary>More results</summary>" in html and "</details>" in html
    assert "<s>2</s>" in html
    assert '<th style="text-align:right">b</th>' in html


def test_hostile_body_and_metadata_are_neutralised(write):
    page = preview_card(write("card/README.md", HOSTILE))
    body = page.split('<main class="card prose">', 1)[1].split("</main>", 1)[0].lower()
    for needle in ("<script", "<style", "<iframe", "<object", "<embed", "<form", "<input", "<meta", "<base",
                   "<svg", "alert('body')", "alert(9)", "onerror", "onclick", "onmouseover", "onload",
                   "position:fixed", "evil.swf"):
        assert needle not in body, needle
    assert "paragraph" in body and "<table>" in body
    # markdown links to javascript: stay plain text, as on the Hub
    assert "[markdown link](javascript:alert(10))" in body
    # no element anywhere in the page runs code or loads a hostile URL
    tags = re.findall(r"<[^>]*>", _page_body(page))
    assert not [t for t in tags if re.search(r"javascript|vbscript|data:text|alert\(|\son\w+=|<(script|svg|img src=x)",
                                             t, re.IGNORECASE)], tags
    # metadata is shown as text, escaped
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(&#x27;tag&#x27;)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;svg onload=alert(2)&gt;" in page


def test_metadata_from_records_is_escaped(write):
    records = MINIMAL.replace("  license: apache-2.0\n", "  license: apache-2.0\n  tags: ['<b>x</b>', 'a&b']\n")
    page = preview_card(write("r.yaml", records))
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "a&amp;b" in page
    assert "<b>x</b>" not in page


def test_output_is_deterministic(write, tmp_path, capsys):
    records = write("r.yaml", MINIMAL)
    assert preview_card(records) == preview_card(records)
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert main(["preview", str(records), "-o", str(first)]) == 0
    assert main(["preview", str(records), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert main(["preview", str(records)]) == 0
    out = capsys.readouterr().out
    assert out.encode("utf-8") == first.read_bytes()


def test_card_preview_inlines_local_images_only_inside_its_folder(write, tmp_path):
    write("secret.png", TINY_PNG)
    write("card/assets/loss.png", TINY_PNG)
    write("card/assets/fake.png", b"not a png")
    write("card/assets/chart.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>')
    card = write("card/README.md", "---\nlicense: mit\n---\n# Card\n\n![loss](assets/loss.png)\n\n"
                 "<img src=\"assets/chart.svg\" alt=\"chart\">\n\n![fake](assets/fake.png)\n\n"
                 "![outside](../secret.png)\n\n![absolute](" + str(tmp_path / "secret.png") + ")\n")
    page = preview_card(card)
    assert page.count('src="data:image/png;base64,') == 1
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'src="assets/fake.png"' in page
    assert 'src="../secret.png"' in page
    assert base64.b64encode(TINY_PNG).decode() in page


def test_preview_inlines_no_link_leading_out_of_the_card_folder(write, tmp_path):
    """A symlink inside the folder to a file outside, a fake SVG, and images beside -o stay links."""
    write("outside/key.png", TINY_PNG)
    write("card/real.png", TINY_PNG)
    write("card/assets/fake.svg", "<html><body><svg></svg></body></html>")
    os.symlink(tmp_path / "outside" / "key.png", tmp_path / "card" / "assets" / "escape.png")
    os.symlink("../real.png", tmp_path / "card" / "assets" / "inner.png")
    os.symlink(tmp_path / "outside", tmp_path / "card" / "linked")
    card = write("card/README.md", "---\nlicense: mit\n---\n# Card\n\n![a](assets/escape.png)\n\n"
                 "![b](assets/inner.png)\n\n![c](linked/key.png)\n\n![d](assets/fake.svg)\n\n![e](beside.png)\n")
    write("out/beside.png", TINY_PNG)
    page = preview_card(card)
    assert page.count('src="data:image/png;base64,') == 1  # inner.png: a link that stays inside
    for src in ("assets/escape.png", "linked/key.png", "assets/fake.svg", "beside.png"):
        assert f'src="{src}"' in page
    assert main(["preview", str(card), "-o", str(tmp_path / "out" / "page.html")]) == 0
    assert (tmp_path / "out" / "page.html").read_text(encoding="utf-8").count("data:image/png;base64,") == 1


def test_bad_inputs_raise_generator_errors(write, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        preview_card(tmp_path / "missing.md")
    with pytest.raises(CardError, match="never closed"):
        preview_card(write("open/README.md", "---\nlicense: mit\n# no end\n"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        preview_card(write("latin/README.md", b"---\nlicense: mit\n---\ncaf\xe9\n"))
    with pytest.raises(UsageError, match="record sets"):
        preview_card(write("ok/README.md", "---\nlicense: mit\n---\nhi\n"), template=write("t.j2", "x"))


def test_plots_drawn_into_the_page_without_writing_files(tmp_path, capsys):
    source = tmp_path / "zephyr"
    shutil.copytree(EXAMPLES / "zephyr-7b-gemma-v0.1", source)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    page = preview_card(source, plots=True)
    images = re.findall(r'<img[^>]*src="([^"]*)"', page)
    inlined = [src for src in images if src.startswith("data:image/png;base64,")]
    assert len(inlined) == 2 and "assets/" not in page  # zephyr's two comparison charts
    assert all(base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG") for src in inlined)
    assert page == preview_card(source, plots=True)  # byte-stable
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written
    out = tmp_path / "page.html"
    assert main(["preview", str(source), "--plots", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == page


@pytest.mark.parametrize("make_args, code, message", [
    (lambda d: ["preview", str(d / "missing")], 1, "no such file or folder"),
    (lambda d: ["preview", str(d / "missing.md")], 1, "no such file"),
    (lambda d: ["preview", str(d / "bad.yaml")], 1, "$.model.license"),
    (lambda d: ["preview", str(d / "open.md")], 1, "never closed"),
    (lambda d: ["preview", str(d / "card.md"), "-o", str(d / "card.md")], 2, "would overwrite the input"),
    (lambda d: ["preview", str(d / "card.md"), "-o", str(d)], 2, "is a directory"),
    (lambda d: ["preview", str(d / "card.md"), "-o", str(d / "nope" / "x.html")], 2, "does not exist"),
    (lambda d: ["preview", str(d / "card.md"), "--template", str(d / "t.j2")], 2, "record sets"),
    (lambda d: ["preview", str(d / "card.md"), "--plots"], 2, "already links its plots"),
    (lambda d: ["preview"], 2, "RECORDS_OR_CARD"),
    (lambda d: ["preview", str(d / "card.md"), "--bogus"], 2, "--bogus"),
])
def test_cli_bad_inputs_exit_codes(tmp_path, capsys, make_args, code, message):
    (tmp_path / "bad.yaml").write_text("model: {repo_id: acme/x, license: nope}\n")
    (tmp_path / "open.md").write_text("---\nlicense: mit\n")
    (tmp_path / "card.md").write_text("---\nlicense: mit\n---\n# Card\n")
    (tmp_path / "t.j2").write_text("{% extends 'modelcard.md.j2' %}")
    assert main(make_args(tmp_path)) == code
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert not (tmp_path / "nope").exists()


def test_open_writes_then_opens(write, tmp_path, monkeypatch, capsys):
    opened: list[str] = []

    def fake_open(url: str, *args, **kwargs) -> bool:
        opened.append(url)
        assert Path(url.replace("file://", "")).is_file()  # written before it is opened
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    records = write("r.yaml", MINIMAL)
    target = tmp_path / "card.html"
    assert main(["preview", str(records), "-o", str(target), "--open"]) == 0
    assert opened == [target.resolve().as_uri()]
    assert main(["preview", str(records), "--open"]) == 0
    temporary = Path(opened[1].replace("file://", ""))
    try:
        assert temporary.suffix == ".html" and temporary.read_bytes() == target.read_bytes()
        assert capsys.readouterr().out == ""
    finally:
        temporary.unlink()
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    assert main(["preview", str(records), "-o", str(target), "--open"]) == 0
    assert "no browser could be started" in capsys.readouterr().err


# ---------------------------------------------------------------------------- real browser


def _browser() -> str:
    """Chromium's path; without one the browser tests skip with the reason shown by -ra,
    unless MODELCARD_REQUIRE_BROWSER=1 (CI installs Chromium and sets it), which fails them."""
    if os.environ.get("MODELCARD_SKIP_BROWSER") == "1":
        pytest.skip("MODELCARD_SKIP_BROWSER=1")
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    missing("no Chromium found (looked for chromium, chromium-browser, google-chrome); install it (Debian: apt-get "
            "install chromium) to run the browser preview tests", "MODELCARD_REQUIRE_BROWSER")


def _chromium(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    command = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stderr[-2000:]}"
    return result


def _screenshot(browser: str, tmp_path: Path, page: Path) -> bytes:
    shot = tmp_path / "screenshot.png"
    _chromium(browser, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.resolve().as_uri())
    assert shot.is_file(), "Chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC), "the screenshot is not a PNG"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 20_000, f"the screenshot is only {len(data)} bytes: a blank page?"
    return data


def _dom(browser: str, tmp_path: Path, page: Path) -> str:
    return _chromium(browser, tmp_path, "--dump-dom", page.resolve().as_uri()).stdout


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_renders_in_a_real_browser(name, tmp_path, capsys):
    browser = _browser()
    page = tmp_path / f"{name}.html"
    assert main(["preview", str(EXAMPLES / name), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    _screenshot(browser, tmp_path, page)
    dom = _dom(browser, tmp_path, page)
    assert dom.count("<table") == html.count("<table") > 0
    records = load_records(EXAMPLES / name)
    if records.evaluations:
        assert 'class="results"' in dom  # the model-index table of the side box
    model = records.model
    assert model.repo_id in dom
    licenses = [model.license] if isinstance(model.license, str) else list(model.license or ())
    for license_id in licenses:
        assert license_id in dom
    if model.license_name:
        assert model.license_name in dom
    assert "<script" not in dom.lower()


def test_plots_are_inlined_and_shown_in_a_real_browser(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    browser = _browser()
    folder = tmp_path / "card"
    folder.mkdir()
    card = folder / "README.md"
    assert main(["render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "--plots", "-o", str(card)]) == 0
    assert sorted((folder / "assets").glob("*.png"))
    page = tmp_path / "preview" / "card.html"  # elsewhere: the images travel inside the page
    page.parent.mkdir()
    assert main(["preview", str(card), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in html
    assert 'src="assets/' not in html
    _screenshot(browser, tmp_path, page)
    dom = _dom(browser, tmp_path, page)
    assert '<img src="data:image/png;base64,' in dom
    assert main(["preview", str(card), "-o", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == html  # deterministic with images too
