"""Image files a card links to (its plots): read only from inside the card's own folder, and only
when they really are what their name says, a PNG (its signature) or an SVG (XML whose root is <svg>).

Publishing uploads these files and the preview inlines them, so a link must not become a way to
send or show another file: an ``assets`` folder or file that is a symbolic link leading out of the
card's folder, a FIFO or device, or a private key renamed ``loss.png`` is refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional
from xml.etree import ElementTree

from generator.errors import InputError, Problem

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_ROOTS = ("svg", "{http://www.w3.org/2000/svg}svg")
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # one plot file; matplotlib's are tens of kilobytes


def image_kind(data: bytes, suffix: str) -> Optional[str]:
    """``image/png`` or ``image/svg+xml`` when ``data`` really is the image ``suffix`` names, else None."""
    suffix = suffix.lower()
    if suffix == ".png":
        return "image/png" if data.startswith(PNG_MAGIC) else None
    if suffix == ".svg":
        return "image/svg+xml" if _is_svg(data) else None
    return None


def _is_svg(data: bytes) -> bool:
    if b"<!ENTITY" in data:  # entity declarations: nothing a plot needs, and the way to an expansion bomb
        return False
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return False
    return root.tag in SVG_ROOTS


def inside(folder: Path, relative: str) -> Optional[Path]:
    """``folder/relative`` with every symbolic link resolved, when that stays inside ``folder``; else None."""
    base = folder.resolve()
    try:
        target = (base / relative).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop
        return None
    return target if base in target.parents else None


def read_image(folder: Path, relative: str, limit: int = MAX_IMAGE_BYTES) -> Optional[bytes]:
    """The bytes of the image ``relative`` (e.g. ``assets/loss.png``) beside a card in ``folder``;
    None when there is no such file. Raises InputError when the path leads out of the folder, is
    not a regular file, is larger than ``limit`` or is not the PNG / SVG its name says."""
    shown = os.path.join(str(folder), relative)
    path = folder / relative
    if not (path.exists() or path.is_symlink()):
        return None

    def refuse(what: str, fix: str, code: str) -> InputError:
        return InputError([Problem(shown, "", what, fix, code=code)])

    target = inside(folder, relative)
    if target is None:
        raise refuse("leads outside the card's folder (through a symbolic link)", "put the file itself in the card's "
                     "folder, or render the card again with --plots -o", code="asset-outside-folder")
    try:
        mode = os.stat(target).st_mode
    except OSError:
        raise refuse("is a broken symbolic link", "render the card again with --plots -o",
                     code="broken-symlink") from None
    if not stat.S_ISREG(mode):
        raise refuse("is not a regular file", "put the image file itself there", code="not-a-regular-file")
    with open(target, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise refuse(f"is larger than {limit // (1024 * 1024)} MiB", "link a smaller image", code="asset-too-large")
    if image_kind(data, Path(relative).suffix) is None:
        kind = "a PNG image (no PNG signature)" if relative.lower().endswith(".png") else "an SVG image (no <svg> root)"
        raise refuse(f"is not {kind}", "link the plot files render --plots writes", code="not-an-image")
    return data
