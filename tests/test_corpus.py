"""load_corpus on every input format and every kind of bad input; the corpus CLI."""
from __future__ import annotations

import json
import re
import shutil
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from framing.clean import removed_lines
from framing.cli import main
from framing.corpus import COLUMNS, CorpusWarning, load_corpus, summarize
from framing.errors import CorpusError
from framing.text import count_words

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIX = ROOT / "tests" / "fixtures" / "corpus"
IDS = ["000_41688a469cb44641", "001_5e91cf48cce6411a", "002_7c0f806b8b43454e",
       "003_1998e0662f3ef197", "004_5cc30fd78895ac76"]


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the seeds load without a single warning
        return load_corpus(SEEDS, progress=False)


def folder_with(tmp_path: Path, *files: Path, seed: str | None = IDS[4]) -> Path:
    """A corpus folder holding the given files plus (by default) one good seed."""
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    if seed:
        shutil.copy(SEEDS / f"{seed}.txt", tmp_path)
    return tmp_path


# --- the seeds ------------------------------------------------------------------------

def test_seeds_table_contract(seeds):
    assert list(seeds.columns) == COLUMNS
    assert seeds["article_id"].tolist() == IDS
    assert seeds["outlet"].tolist() == ["WION", "Armed Forces Press", "Channels TV", "Tsarizm",
                                        "Al Mayadeen English"]
    assert str(seeds["published"].dtype) == "datetime64[ns]"
    assert seeds["published"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-01-17", "2023-01-17", "2022-02-10", "2023-01-17", "2022-02-10"]
    assert seeds["event"].nunique() == 2
    assert seeds["word_count"].tolist() == seeds["text"].map(count_words).tolist()
    assert seeds["source_file"].str.endswith(".txt").all()
    for col in ["outlet", "domain", "url", "event", "title", "copy_of", "removed"]:
        assert seeds[col].map(type).eq(str).all(), col


def test_seeds_copies_and_titles(seeds):
    assert seeds.set_index("article_id")["copy_of"].to_dict() == {
        IDS[0]: "", IDS[1]: "", IDS[2]: "", IDS[3]: IDS[1], IDS[4]: ""}
    assert seeds["title"].tolist() == [
        "", "", "Russia Begins Joint Military Drills With Belarus",
        "Russia Launches 2-Weeks of Joint Aerial Exercises With Belarus – West Watches Anxiously",
        "Russia, Belarus start joint drills on Belarusian military ranges"]


def test_seeds_removed_column_matches_boilerplate_chars(seeds):
    table = removed_lines(seeds)
    per_article = table.groupby("article_id")["chars"].sum()
    assert per_article.reindex(IDS, fill_value=0).tolist() == seeds["boilerplate_chars"].tolist()
    r003 = table[table["article_id"] == IDS[3]].set_index("text")["reason"]
    assert r003["Tsarizm"] == "site name (page header)"
    assert r003["Leave a Comment"] == "comments widget"
    assert seeds.loc[1, "boilerplate_chars"] == 0  # 001 is clean already
    assert seeds.loc[0, "raw_text"].startswith(" date 2023-01-17 As Ukraine")
    assert seeds.loc[0, "text"].startswith("As Ukraine’s Dnipro")


def test_summarize(seeds):
    table = summarize(seeds)
    assert list(table.columns) == ["outlet", "event", "articles", "words",
                                   "boilerplate_chars", "copies"]
    assert table["articles"].sum() == 5 and table["copies"].sum() == 1
    assert table.set_index("outlet").loc["Tsarizm", "copies"] == 1
    assert table["words"].sum() == seeds["word_count"].sum()


def test_without_manifest_take_only_what_the_text_offers(tmp_path):
    folder = folder_with(tmp_path, *[SEEDS / f"{i}.txt" for i in IDS], seed=None)
    arts = load_corpus(folder, progress=False)
    assert (arts["outlet"] == "").all() and (arts["event"] == "").all()
    assert arts["published"].isna().tolist() == [False, True, True, True, True]
    assert arts.loc[0, "published"] == pd.Timestamp("2023-01-17")
    # Unknown outlets still count as different outlets: 003 copies 001.
    assert arts.loc[3, "copy_of"] == IDS[1]


# --- other formats --------------------------------------------------------------------

def test_csv(seeds):
    arts = load_corpus(FIX / "table" / "seeds.csv", progress=False)
    assert list(arts.columns) == COLUMNS and arts["article_id"].tolist() == IDS
    assert arts["text"].tolist() == seeds["text"].tolist()
    assert arts["domain"].tolist() == seeds["domain"].tolist()  # derived from the URLs
    assert arts.loc[3, "copy_of"] == IDS[1]
    assert arts["source_file"].iloc[2].endswith("seeds.csv#row=3")


def test_csv_with_bom_and_cp1252(tmp_path, seeds):
    text = (FIX / "table" / "seeds.csv").read_text(encoding="utf-8")
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_corpus(tmp_path / "bom.csv", progress=False)["article_id"].tolist() == IDS
    (tmp_path / "win.csv").write_bytes(text.encode("cp1252"))
    with pytest.warns(CorpusWarning, match=r"win\.csv: not valid UTF-8 .*decoded as cp1252"):
        arts = load_corpus(tmp_path / "win.csv", progress=False)
    assert arts["text"].tolist() == seeds["text"].tolist()


def test_jsonl_hash_ids_title_and_date_alias(seeds):
    arts = load_corpus(FIX / "table" / "seeds.jsonl", progress=False)
    assert arts["article_id"].str.fullmatch(r"h[0-9a-f]{16}").all()
    again = load_corpus(FIX / "table" / "seeds.jsonl", progress=False)
    assert arts["article_id"].tolist() == again["article_id"].tolist()  # stable
    assert arts["published"].tolist() == seeds["published"].tolist()
    assert arts.loc[3, "copy_of"] == arts.loc[1, "article_id"]
    assert arts.loc[4, "title"] == seeds.loc[4, "title"]
    assert arts.loc[4, "text"] == seeds.loc[4, "text"]


def test_parquet(seeds):
    arts = load_corpus(FIX / "table" / "seeds.parquet", progress=False)
    assert arts["article_id"].tolist() == IDS
    assert arts["published"].tolist() == seeds["published"].tolist()
    assert arts["text"].tolist() == seeds["text"].tolist()


def test_html_page(seeds):
    arts = load_corpus(FIX / "html", progress=False)
    row = arts.iloc[0]
    assert row["article_id"] == "tsarizm_aerial_exercises"
    assert row["outlet"] == "Tsarizm" and row["domain"] == "tsarizm.com"
    assert row["published"] == pd.Timestamp("2023-01-17")
    assert row["title"] == seeds.loc[3, "title"]
    assert row["text"] == seeds.loc[1, "text"]  # the same story as seed 001
    removed = removed_lines(arts).set_index("text")["reason"]
    assert removed["Leave a Comment"].endswith("comments widget")
    assert removed["Related articles"].endswith("related-articles header")
    assert "Privacy Policy | Terms of Service | Contact" in removed.index
    assert "Please Follow us on" in row["raw_text"] and "Follow" not in row["text"]


def test_html_page_next_to_seeds_is_a_copy(tmp_path):
    folder = folder_with(tmp_path, FIX / "html" / "tsarizm_aerial_exercises.html",
                         seed=IDS[1])
    arts = load_corpus(folder, progress=False).set_index("article_id")
    # No manifest: the page has a date, 001 has none (unknown dates sort last), so the
    # dated page counts as the original.
    assert arts["copy_of"].to_dict() == {IDS[1]: "tsarizm_aerial_exercises",
                                         "tsarizm_aerial_exercises": ""}


# --- bad input ------------------------------------------------------------------------

@pytest.mark.parametrize("name, problem", [
    ("empty.txt", "empty file"),
    ("whitespace_only.txt", "empty file (only whitespace)"),
    ("compressed_article.txt", "binary file (gzip), not text"),
    ("article.rtf", "unsupported extension '.rtf'"),
])
def test_unusable_file_is_skipped_with_a_warning(tmp_path, name, problem):
    folder = folder_with(tmp_path, FIX / "bad" / name)
    with pytest.warns(CorpusWarning, match=re.escape(f"{name}: {problem}")):
        arts = load_corpus(folder, progress=False)
    assert arts["article_id"].tolist() == [IDS[4]]
    assert [s["file"] for s in arts.attrs["skipped"]] == [str(folder / name)]
    with pytest.raises(CorpusError, match=re.escape(f"{name}: {problem}")):
        load_corpus(folder, progress=False, errors="raise")


def test_html_page_without_an_article_warns(tmp_path):
    folder = folder_with(tmp_path, FIX / "bad" / "page_not_found.html")
    with pytest.warns(CorpusWarning, match=r"page_not_found\.html: only \d+ words after "
                                           r"cleaning; kept, check that it is an article"):
        arts = load_corpus(folder, progress=False)
    row = arts.set_index("article_id").loc["page_not_found"]
    assert row["outlet"] == "Channels Television" and row["word_count"] < 30
    assert "Home" not in row["text"].split("\n")  # the menu is listed as removed
    assert "Home" in removed_lines(arts)["text"].tolist()


def test_progress_bar_on_many_files(tmp_path, capsys):
    lines = (SEEDS / f"{IDS[4]}.txt").read_text(encoding="utf-8").split("\n")
    for i in range(25):  # 25 distinct short articles
        (tmp_path / f"a{i:02d}.txt").write_text("\n".join(lines[i % 10:i % 10 + 5]) + f" {i}",
                                               encoding="utf-8")
    arts = load_corpus(tmp_path, progress=True)
    assert len(arts) == 25
    assert "reading: 100%" in capsys.readouterr().err


def test_furniture_repeated_across_an_outlets_pages(tmp_path):
    texts = [(SEEDS / f"{i}.txt").read_text(encoding="utf-8") for i in IDS]
    plug = "Download the Example News app for breaking news"
    path = tmp_path / "site.csv"
    pd.DataFrame({"id": IDS, "outlet": "Example News",
                  "text": [t.rstrip() + "\n" + plug for t in texts]}).to_csv(path, index=False)
    arts = load_corpus(path, progress=False)
    assert not arts["text"].str.contains("Download the Example News app").any()
    removed = removed_lines(arts)
    # 003 copies 001, so the line is counted in 4 distinct stories, not 5.
    assert removed.loc[removed["text"] == plug, "reason"].unique().tolist() == [
        "repeated in 4 articles of the corpus (site furniture)"]
    assert arts["text"].tolist() == load_corpus(SEEDS, progress=False)["text"].tolist()


def test_single_bad_file_raises():
    with pytest.raises(CorpusError, match=r"empty\.txt: empty file"):
        load_corpus(FIX / "bad" / "empty.txt")
    with pytest.raises(CorpusError, match=r"article\.rtf: unsupported file type '\.rtf'"):
        load_corpus(FIX / "bad" / "article.rtf")
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(FIX / "does-not-exist")


def test_non_utf8_is_decoded_as_cp1252_with_a_warning(tmp_path, seeds):
    folder = folder_with(tmp_path, FIX / "bad" / "windows_1252.txt", seed=None)
    with pytest.warns(CorpusWarning, match=r"windows_1252\.txt: not valid UTF-8 \(byte 0x92 "
                                           r"at offset 27\); decoded as cp1252"):
        arts = load_corpus(folder, progress=False)
    assert arts.loc[0, "text"] == seeds.loc[0, "text"]  # ’ and “ ” restored exactly


@pytest.mark.parametrize("name", ["utf8_bom.txt", "utf16_bom.txt"])
def test_bom_is_dropped(tmp_path, seeds, name):
    arts = load_corpus(FIX / "bad" / name, progress=False)
    assert arts.loc[0, "title"] == seeds.loc[4, "title"]  # no "\ufeff" before the title
    assert arts.loc[0, "text"] == seeds.loc[4, "text"]
    assert "\ufeff" not in arts.loc[0, "raw_text"]


def test_manifest_row_for_missing_file_and_file_without_row():
    folder = FIX / "manifest_mismatch"
    with pytest.warns(CorpusWarning) as record:
        arts = load_corpus(folder, progress=False)
    messages = [str(w.message) for w in record]
    assert any("manifest.csv, line 3: manifest row for '002_7c0f806b8b43454e.txt', which is "
               "not in" in m for m in messages)
    assert any(m.endswith("004_5cc30fd78895ac76.txt: no row in manifest.csv; loaded with "
                          "what the text offers (no outlet, event)") for m in messages)
    assert arts["outlet"].tolist() == ["Armed Forces Press", ""]  # 004 loaded, no outlet
    assert arts.loc[1, "title"] == "Russia, Belarus start joint drills on Belarusian military ranges"
    with pytest.raises(CorpusError, match="manifest row for '002_7c0f806b8b43454e.txt'"):
        load_corpus(folder, progress=False, errors="raise")


def test_duplicate_ids_raise_naming_them():
    with pytest.raises(CorpusError, match=r"duplicate article ids: '000_41688a469cb44641' "
                                          r"\(.*duplicate_ids\.csv#row=1, .*#row=3\)"):
        load_corpus(FIX / "bad" / "duplicate_ids.csv", progress=False)


def test_duplicate_ids_in_a_folder(tmp_path):
    shutil.copy(SEEDS / f"{IDS[1]}.txt", tmp_path / "story.txt")
    shutil.copy(FIX / "html" / "tsarizm_aerial_exercises.html", tmp_path / "story.html")
    with pytest.raises(CorpusError, match=r"duplicate article ids: 'story'.*story\.(html|txt)"):
        load_corpus(tmp_path, progress=False)


def test_identical_texts_without_ids_are_kept_and_warned(tmp_path):
    text = (SEEDS / f"{IDS[1]}.txt").read_text(encoding="utf-8")
    path = tmp_path / "twice.jsonl"
    path.write_text("\n".join(json.dumps({"outlet": o, "text": text}) for o in "AB"),
                    encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"twice\.jsonl#row=2: same text as an earlier row"):
        arts = load_corpus(path, progress=False)
    assert len(arts) == 2 and arts.loc[1, "article_id"] == arts.loc[0, "article_id"] + "_2"
    assert arts.loc[1, "copy_of"] == arts.loc[0, "article_id"]


def test_csv_without_text_column():
    with pytest.raises(CorpusError, match=r"no_text_column\.csv: no 'text' column \(columns: "
                                          r"id, outlet, headline, summary\)"):
        load_corpus(FIX / "bad" / "no_text_column.csv")


def test_broken_jsonl_names_the_line():
    with pytest.raises(CorpusError, match=r"broken\.jsonl: line 2 is not valid JSON"):
        load_corpus(FIX / "bad" / "broken.jsonl")


def test_empty_rows_of_a_table_are_skipped_with_a_warning(tmp_path):
    path = tmp_path / "rows.csv"
    pd.DataFrame({"id": ["a", "b"], "text": [(SEEDS / f"{IDS[1]}.txt").read_text(), ""]}
                 ).to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match=r"rows\.csv#row=2: empty text"):
        arts = load_corpus(path, progress=False)
    assert arts["article_id"].tolist() == ["a"]


def test_50_mb_text_file_is_refused_quickly(tmp_path):
    big = tmp_path / "huge.txt"
    line = (SEEDS / f"{IDS[1]}.txt").read_text(encoding="utf-8").split("\n")[0] + "\n"
    with big.open("w", encoding="utf-8") as f:
        f.write(line * (50_000_000 // len(line.encode()) + 1))
    start = time.perf_counter()
    with pytest.raises(CorpusError, match=r"huge\.txt: file is 50\.0 MB, over the 10\.0 MB "
                                          r"limit for one article \(pass max_bytes="):
        load_corpus(big)
    with pytest.warns(CorpusWarning, match=r"huge\.txt: file is 50\.0 MB"):
        arts = load_corpus(folder_with(tmp_path), progress=False)
    assert arts["article_id"].tolist() == [IDS[4]]
    assert time.perf_counter() - start < 5


def test_unparseable_date_warns_and_is_nat(tmp_path):
    path = tmp_path / "dates.csv"
    pd.DataFrame({"id": ["a"], "published": ["next Tuesday-ish"],
                  "text": [(SEEDS / f"{IDS[1]}.txt").read_text()]}).to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match=r"dates\.csv#row=1: cannot read the date "
                                           r"'next Tuesday-ish'"):
        arts = load_corpus(path, progress=False)
    assert arts["published"].isna().all()


# --- CLI ------------------------------------------------------------------------------

def test_cli_corpus_prints_summary(capsys):
    assert main(["corpus", "-q", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "Tsarizm" in out and "boilerplate_chars" in out
    assert "copy: 003_1998e0662f3ef197 -> 001_5e91cf48cce6411a" in out
    assert "syndicated copies: 1" in out


def test_cli_corpus_removed_and_errors(capsys):
    assert main(["corpus", "-q", "--removed", str(SEEDS)]) == 0
    assert "Please Follow us on" in capsys.readouterr().out
    assert main(["corpus", "-q", str(FIX / "bad" / "no_text_column.csv")]) == 2
    assert "no 'text' column" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["corpus", "--help"])
    assert exc.value.code == 0


def test_select_event_keeps_one_event_and_names_the_others(seeds_dir):
    from framing.corpus import select_event
    from framing.errors import CorpusError

    arts = load_corpus(seeds_dir, progress=False)
    one = select_event(arts, "2022-02 Allied Resolve 2022 joint drills")
    assert set(one["outlet"]) == {"Channels TV", "Al Mayadeen English"}
    assert select_event(arts, None) is arts
    with pytest.raises(CorpusError, match="2023-01 Russia-Belarus"):
        select_event(arts, "no such event")
