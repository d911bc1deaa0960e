"""``python -m sheaf.parse FILE [--tier T] [--format markdown|json|text]``."""

from __future__ import annotations

import argparse
import json
import sys

from . import TIERS, ParseError, parse
from .render import render


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sheaf.parse", description=__doc__)
    ap.add_argument("file")
    ap.add_argument("--tier", default="fast", choices=TIERS)
    ap.add_argument("--format", default="markdown", choices=["markdown", "json", "text"])
    ap.add_argument("--options", default=None, help="parse_v2 parameters as a JSON object")
    args = ap.parse_args(argv)
    try:
        opts = json.loads(args.options) if args.options else None
        doc = parse(args.file, tier=args.tier, options=opts)
    except ParseError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(render(doc, "items"), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "text":
        sys.stdout.write(render(doc, "text_full") + "\n")
    else:
        for p in render(doc, "markdown")["pages"]:
            sys.stdout.write(f"<!-- page {p['page_number']} -->\n")
            sys.stdout.write((p.get("markdown") if p["success"] else f"ERROR: {p['error']}")
                             + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
