from generator.card.managed import finish_body, merge_card, seal, split_body, strip_markers

BODY = seal("<!-- modelcard-generator:begin header -->\n# Title\n<!-- modelcard-generator:end header -->\n"
            "<!-- modelcard-generator:begin evaluation -->\n| a | b |\n<!-- modelcard-generator:end evaluation -->\n"
            "<!-- modelcard-generator:begin training -->\n\n<!-- modelcard-generator:end training -->\n")
META = {"license": "mit", "tags": ["x"], "model-index": [{"name": "m", "results": []}]}


def test_seal_adds_digests_and_drops_empty_blocks():
    pieces = split_body(BODY)
    assert [(p.kind, p.name) for p in pieces] == [("block", "header"), ("block", "evaluation")]
    assert not any(p.edited for p in pieces)


def test_text_added_on_the_hub_survives_and_stays_in_place():
    remote_body = finish_body(BODY.replace("<!-- modelcard-generator:end header -->",
                                           "<!-- modelcard-generator:end header -->\n\nA note from a person."), META)
    remote_meta = dict(META, widget=[{"text": "hi"}])
    new_body = finish_body(BODY.replace("| a | b |", "| a | c |"), META)
    meta, body, conflicts = merge_card((remote_meta, remote_body), (META, new_body))
    assert conflicts == []
    assert list(meta) == ["license", "tags", "widget", "model-index"]
    assert body.index("A note from a person.") < body.index("| a |")
    assert "# Title" in body


def test_edits_inside_a_managed_block_are_conflicts():
    remote_body = finish_body(BODY.replace("# Title", "# Title, edited"), META)
    _, _, conflicts = merge_card((META, remote_body), (META, finish_body(BODY, META)))
    assert [c.where for c in conflicts] == ["body:header"]


def test_edited_owned_metadata_is_a_conflict():
    remote_body = finish_body(BODY, META)
    _, _, conflicts = merge_card((dict(META, license="apache-2.0"), remote_body), (META, remote_body))
    assert [c.where for c in conflicts] == ["metadata"] and "license" in conflicts[0].message


def test_a_foreign_card_is_a_conflict():
    _, _, conflicts = merge_card(({"license": "mit"}, "# Hand written\n\nText.\n"), (META, finish_body(BODY, META)))
    assert [c.where for c in conflicts] == ["body"]


def test_strip_markers():
    assert "modelcard-generator" not in strip_markers(finish_body(BODY, META))
