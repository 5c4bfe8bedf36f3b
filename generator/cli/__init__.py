"""The modelcard command: parser, commands, generated docs."""

from __future__ import annotations


def run() -> int:
    """The ``modelcard`` process's entry point: :func:`generator.cli.main.main`, after a start-up the cyclic
    garbage collector does not slow.

    What is imported before the command runs (modules, classes, functions) lives as long as the process and holds
    no garbage: it is imported with the collector paused, then frozen (``gc.freeze``), so the collections during
    the command's own imports and work do not scan it again and again. ``render`` of an example 441 -> 418 M
    instructions, ``validate`` of a card 254 -> 232 M. Only the process entry point does this: ``main`` called by
    other code (tests, a library user) leaves the collector as it finds it.
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
    return main()
