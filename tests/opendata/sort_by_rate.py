"""A journalist's first move, checked on a built site: load the open data with pandas and sort
units by completion rate, without converting a column by hand.

Usage: python sort_by_rate.py <site> [<higher> <lower>]

- data/units-years.csv is read with the types data/datapackage.json declares (integer, number,
  date, boolean): the rate column must come out as floats, and sorting by it must be numeric.
- data/<year>.json is read as its description says (pandas' split orientation): the rates of
  each round's rows must be numbers there too.
- With <higher> and <lower> (e.g. 110.0 70.0), both rates must be in units-years.csv and the
  row of <higher> must sort above the row of <lower> (as text, "110.0" sorts below "70.0").
"""

import json
import sys
from pathlib import Path

import pandas as pd

RATE = "completion_rate_percent"


def dtypes(fields):
    """pandas dtypes from a Table Schema's fields; dates are parsed separately."""
    kinds = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}
    return {f["name"]: kinds[f["type"]] for f in fields if f["type"] in kinds}


def check_csv(data, expect):
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resource = next((r for r in package["resources"] if r["path"] == "units-years.csv"), None)
    if resource is None:
        print("units-years.csv: not published (no year)")
        return
    fields = resource["schema"]["fields"]
    types = {f["name"]: f["type"] for f in fields}
    assert types[RATE] == "number", f"{RATE} is typed {types[RATE]}, not number"
    frame = pd.read_csv(
        data / resource["path"],
        encoding=resource["encoding"],
        dtype=dtypes(fields),
        parse_dates=[n for n, t in types.items() if t == "date"],
        keep_default_na=False,
        na_values=resource["schema"].get("missingValues", [""]),
    )
    assert frame[RATE].dtype == "float64", f"{RATE} read as {frame[RATE].dtype}"
    assert str(frame["as_of"].dtype).startswith("datetime64"), f"as_of read as {frame['as_of'].dtype}"
    assert str(frame["quota"].dtype) == "Int64", f"quota read as {frame['quota'].dtype}"
    ranked = frame.dropna(subset=[RATE]).sort_values(RATE, ascending=False)
    rates = list(ranked[RATE])
    assert rates == sorted(rates, reverse=True), rates
    if expect:
        high, low = expect
        at = {rate: i for i, rate in reversed(list(enumerate(rates)))}
        assert high in at and low in at, f"{high} and {low} not both in {rates}"
        assert at[high] < at[low], f"{high} does not sort above {low}: {rates}"
    print(f"units-years.csv: {len(frame)} rows, {RATE} {frame[RATE].dtype}, sorted {rates[:5]}…")


def check_json(data):
    for path in sorted(data.glob("[0-9][0-9][0-9][0-9].json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for round_ in doc.get("rounds", []):
            table = round_["rows"]
            frame = pd.DataFrame(table["data"], columns=table["columns"])
            rates = frame[RATE].dropna()
            if rates.empty:
                continue
            assert rates.dtype == "float64", f"{path.name}: {RATE} read as {rates.dtype}"
            ordered = list(rates.sort_values(ascending=False))
            assert ordered == sorted(ordered, reverse=True), ordered
        print(f"{path.name}: rates are numbers in every round")


def main():
    site = Path(sys.argv[1])
    expect = tuple(float(x) for x in sys.argv[2:4]) if len(sys.argv) >= 4 else None
    data = site / "data"
    check_csv(data, expect)
    check_json(data)


if __name__ == "__main__":
    main()
