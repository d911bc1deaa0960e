"""The fixed tuning / validation split of the shared data sets (``bench/splits/``)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SPLITS = Path(__file__).resolve().parent / "splits"
PARTS = ("tuning", "validation")


def rule(name: str) -> str:
    """The split rule: the parity of the name's SHA-1 (see ``bench/splits/README.md``)."""
    return PARTS[int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 2]


def load(set_name: str) -> dict[str, str]:
    """{name: part} as committed in ``bench/splits/SET.tsv``."""
    out = {}
    path = SPLITS / f"{set_name}.tsv"
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                name, part = line.split("\t")
                out[name] = part
    return out


def part_of(set_name: str, names: list[str]) -> dict[str, str]:
    """Each name's part; names missing from the committed list get the rule's part (noted on
    stderr, so a grown set is visible)."""
    split = load(set_name)
    missing = [n for n in names if n not in split]
    if missing:
        print(f"split {set_name}: {len(missing)} names not in bench/splits/{set_name}.tsv, "
              "part from the rule", file=sys.stderr)
    return {n: split.get(n) or rule(n) for n in names}


def selftest() -> None:
    for set_name in ("icdar2013-eu", "tables-extra", "pubtabnet", "olmocr-bench"):
        for name, part in load(set_name).items():
            assert rule(name) == part, (set_name, name, part)
    print("split_sets selftest: ok")


if __name__ == "__main__":
    selftest()
