"""generator/render/list_items.py: values as a card's list items show them."""

from generator.render.list_items import format_setting


def test_a_setting_keeps_its_http_links_and_is_inert_otherwise():
    """A hyperparameter value as a Trainer card wrote it (``[8-bit Adam](url) with betas=...``): its http(s) links stay
    links, the rest is escaped as escape_text escapes it, its spacing too."""
    assert format_setting("[8-bit Adam](https://github.com/a/b) with  betas=(0.9,0.999)") == (
        "[8-bit Adam](https://github.com/a/b) with betas=(0.9,0.999)")
    assert format_setting("[a](https://x.org) and [b](http://y.org) *c*") == "[a](https://x.org) and [b](http://y.org) \\*c\\*"
    assert format_setting("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert format_setting("<b>[x](https://x.org)</b> | y") == "&lt;b&gt;[x](https://x.org)&lt;/b&gt; \\| y"
    assert format_setting("[*x*](https://x.org)") == "[\\*x\\*](https://x.org)"
    assert format_setting("adamw_torch") == "adamw_torch" and format_setting(3e-05) == "3e-05"
