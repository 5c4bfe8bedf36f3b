"""The modelcard command: parser, commands, generated docs."""

from __future__ import annotations

from typing import Callable


def start() -> Callable[..., int]:
    """:func:`generator.cli.main.main`, imported after a start-up the cyclic garbage collector does not slow.

    What is imported before the command runs (modules, classes, functions) lives as long as the process and holds
    no garbage: it is imported with the collector paused, then frozen (``gc.freeze``), so the collections during
    the command's own imports and work do not scan it again and again. ``render`` of an example 441 -> 422 M
    instructions, ``validate`` of a card 256 -> 236 M. Only the process's entry points do this (:func:`run`,
    ``python -m generator``): ``main`` called by other code (tests, a library user) leaves the collector as it
    finds it.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        from generator.cli.main import main
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return main


def run() -> int:
    """The ``modelcard`` console script: :func:`start`, then the command."""
    return start()()
