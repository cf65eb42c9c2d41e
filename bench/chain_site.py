#!/usr/bin/env python3
"""A site whose units form one parent chain N deep, for timing the unit checks.

    python3 bench/chain_site.py 100000 /tmp/chain-100000
    /usr/bin/time -v ./target/release/sunshine check --root /tmp/chain-100000
"""
import os
import shutil
import sys

n, out = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
shutil.rmtree(out, ignore_errors=True)
shutil.copytree(os.path.join(here, "..", "tests", "fixtures", "valid"), out)
shutil.rmtree(os.path.join(out, "data", "2024", "reports"))
os.remove(os.path.join(out, "data", "2024", "actions.toml"))
shutil.rmtree(os.path.join(out, "content"))
with open(os.path.join(out, "data", "units.toml"), "w") as f:
    for i in range(n):
        kind = "school" if i == n - 1 else "district"
        parent = f'parent = "u{i - 1}"\n' if i else ""
        f.write(f'[[unit]]\nid = "u{i}"\nname = "单位{i}"\nkind = "{kind}"\n{parent}\n')
with open(os.path.join(out, "data", "2024", "quotas.toml"), "w") as f:
    f.write(f'[[quota]]\nunit = "u0"\nquota = 1000\n\n[[quota]]\nunit = "u{n - 1}"\nquota = 100\n')
