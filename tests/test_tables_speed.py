"""Speed-ups of the chunk tables' writing: the same tables read back."""
import numpy as np
import pandas as pd
import pyarrow as pa


def test_a_wide_tables_floats_are_written_without_dictionary(tmp_path):
    from framing.parts import write_options, write_part

    wide = pd.DataFrame({"article_id": pd.array(["a", "b", None], dtype="str"),
                         "n": [1, 2, 3],
                         **{f"x{i}": [0.0, np.nan, float(i)] for i in range(30)}})
    narrow = wide.iloc[:, :12]
    assert write_options(pa.Table.from_pandas(wide))["use_dictionary"] == ["article_id", "n"]
    assert write_options(pa.Table.from_pandas(narrow))["use_dictionary"] is True
    for df in (wide, narrow):
        write_part(df, tmp_path / "part.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "part.parquet"), df,
                                      check_exact=True)
