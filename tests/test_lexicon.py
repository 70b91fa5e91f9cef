"""The lexicons load, validate, merge user files, and the CLI reports problems."""
from __future__ import annotations

from pathlib import Path

import pytest

from framing.cli import main
from framing.errors import LexiconError
from framing.lexicon import (DEVICES, REQUIRED_COLUMNS, builtin_paths, load_lexicon,
                             read_lexicon_file, validate_file)

FIX = Path(__file__).parent / "fixtures" / "lexicon"


def test_builtins_load_and_validate():
    lex = load_lexicon()
    assert len(lex) > 1000
    assert set(lex.entries["device"]) <= set(DEVICES)
    assert {"loaded term", "euphemism", "hedge", "intensifier", "naming choice",
            "attribution verb"} <= set(lex.entries["device"])
    for path in builtin_paths():
        rows, problems = validate_file(path)
        assert problems == [], problems
        assert rows, path
    assert "actors.csv" not in {Path(f).name for f in lex.entries["file"]}


def test_default_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


def test_every_entry_has_source_and_explanation():
    e = load_lexicon().entries
    for col in ("source", "explanation", "category", "entry"):
        assert (e[col].str.strip() != "").all(), col
    assert e["weight"].between(0, 1).all()


def test_required_examples_in_the_lexicon():
    e = load_lexicon().entries
    def device_of(entry):
        return set(e.loc[e["entry"] == entry, "device"])
    assert device_of("defensive in nature") == {"euphemism"}
    assert device_of("technical drills") == {"euphemism"}
    assert device_of("allegedly") == {"hedge"}
    assert device_of("escalatory") == {"loaded term"}
    assert set(e.loc[e["entry"] == "escalatory", "category"]) == {"escalation"}
    for word in ("deadly", "worrisome", "war torn", "fuel"):
        assert device_of(word) == {"loaded term"}, word
    assert device_of("special military operation") == {"euphemism", "naming choice"}
    naming = e[e["device"] == "naming choice"]
    concept = naming.set_index("entry")["category"]
    assert concept["Kyiv"] == concept["Kiev"]
    assert concept["invasion"] == concept["special military operation"]
    assert naming.set_index("entry").loc["Kiev", "neutral"] == "Kyiv"


def test_missing_column_names_the_column():
    with pytest.raises(LexiconError) as err:
        load_lexicon([FIX / "missing_column.csv"])
    msg = str(err.value)
    assert "missing_column.csv" in msg and "'explanation'" in msg and "row 1" in msg


def test_duplicate_entry_in_a_file_is_an_error():
    with pytest.raises(LexiconError) as err:
        read_lexicon_file(FIX / "duplicate.csv")
    msg = str(err.value)
    assert "duplicate entry" in msg and "row 3" in msg and "row 2" in msg


def test_every_bad_row_is_reported_nothing_dropped_silently():
    rows, problems = validate_file(FIX / "bad_rows.csv")
    assert rows == []
    text = "\n".join(problems)
    assert "row 2, column 'entry': empty entry" in text
    assert "row 3, column 'device': unknown device 'propaganda device'" in text
    assert "row 4, column 'weight'" in text


def test_user_entry_overrides_builtin_and_adds_new():
    base = load_lexicon()
    lex = load_lexicon([FIX / "override.csv"])
    e = lex.entries
    deadly = e[e["entry"] == "deadly"]
    assert len(deadly) == 1
    assert deadly.iloc[0]["device"] == "intensifier"
    assert deadly.iloc[0]["source"] == "user:classroom"
    assert "staged provocation" in set(e["entry"])
    assert len(e) == len(base) + 1
    text = "They staged provocations, a deadly serious matter."
    found = {(text[s:t], e.loc[ids[0], "device"]) for s, t, ids in lex.find(text)}
    assert ("staged provocations", "loaded term") in found
    assert ("deadly", "intensifier") in found
    assert load_lexicon() is base  # the cached built-ins are untouched


def test_builtin_columns():
    e = load_lexicon().entries
    assert set(REQUIRED_COLUMNS) <= set(e.columns)
    assert list(e.index) == list(range(len(e)))


def test_cli_validate_bad_file_exits_nonzero(capsys):
    assert main(["lexicon", "--validate", str(FIX / "bad_rows.csv")]) == 1
    err = capsys.readouterr().err
    assert "bad_rows.csv" in err and "unknown device" in err


def test_cli_validate_missing_column(capsys):
    assert main(["lexicon", "--validate", str(FIX / "missing_column.csv")]) == 1
    assert "'explanation'" in capsys.readouterr().err


def test_cli_validate_good_file(capsys):
    assert main(["lexicon", "--validate", str(FIX / "override.csv")]) == 0
    assert "OK, 2 entries" in capsys.readouterr().out


def test_cli_lists_device_and_sources(capsys):
    assert main(["lexicon", "--device", "naming choice"]) == 0
    out = capsys.readouterr().out
    assert "Kyiv" in out and "Kiev" in out and "euphemism" not in out
    assert main(["lexicon", "--sources"]) == 0
    out = capsys.readouterr().out
    assert "recasens2013:hedges_hyland2005" in out and "curated:seeds" in out
    assert main(["lexicon", "--add", str(FIX / "override.csv"), "--device", "intensifier"]) == 0
    assert "user:classroom" in capsys.readouterr().out


def test_cli_add_bad_file_is_an_error(capsys):
    assert main(["lexicon", "--add", str(FIX / "duplicate.csv")]) == 2
    assert "duplicate entry" in capsys.readouterr().err


def test_no_gpl_mpqa_entries_shipped():
    """MPQA (GPL) words may be read at benchmark time only, never shipped."""
    sources = set(load_lexicon().entries["source"])
    assert not any("riloff" in s or "mpqa" in s.lower() for s in sources)


def test_user_lexicon_is_cached_until_its_file_changes(tmp_path):
    user = tmp_path / "mine.csv"
    user.write_bytes((FIX / "override.csv").read_bytes())
    first = load_lexicon([user])
    assert load_lexicon([str(user)]) is first   # (a streaming worker asks once per chunk)
    assert "classroom hedge" not in set(first.entries["entry"])
    row = next(r for r in user.read_text(encoding="utf-8").splitlines()
               if r.startswith("staged provocation,"))
    user.write_text(user.read_text(encoding="utf-8").rstrip("\n") + "\n"
                    + row.replace("staged provocation", "classroom hedge", 1) + "\n",
                    encoding="utf-8")
    edited = load_lexicon([user])
    assert edited is not first and "classroom hedge" in set(edited.entries["entry"])
    with pytest.raises(LexiconError, match="gone.csv"):
        load_lexicon([tmp_path / "gone.csv"])
