"""Office documents printed to PDF by LibreOffice, for the generated invoice sets (DOCX and
spreadsheet): one short-lived headless process per call with a private profile, and a cache
of the PDFs by a key of the caller's."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

__all__ = ["cached_pdf", "format_amount", "money", "office_to_pdf", "soffice"]


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        if path := shutil.which(name):
            return path
    return None


def office_to_pdf(data: bytes, suffix: str) -> bytes:
    """Print ``data`` (a document whose type ``suffix`` names, ".docx", ".xlsx") to PDF."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("no LibreOffice on this machine")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, f"in{suffix}")
        Path(src).write_bytes(data)
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, src],
            check=True, capture_output=True, timeout=180,
        )
        return Path(tmp, "in.pdf").read_bytes()


def cached_pdf(key: str, cache_dir: str | None, make: Callable[[], bytes]) -> bytes:
    """``make()``'s PDF, kept in ``cache_dir`` under ``key`` (no cache without a folder)."""
    if cache_dir and (hit := Path(cache_dir) / f"{key}.pdf").exists():
        return hit.read_bytes()
    out = make()
    if cache_dir:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        (Path(cache_dir) / f"{key}.pdf").write_bytes(out)
    return out


def money(v: Decimal) -> Decimal:
    return v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_amount(v: Decimal, lang: str, grouped: bool, decimals: int = 2,
                  french_group: str = "\u202f") -> str:
    """An amount as the language writes it: 1,234.56 (en), 1 234,56 (fr, with
    ``french_group`` between the groups), 1.234,56 (the others)."""
    s = f"{abs(v):,.{decimals}f}" if grouped else f"{abs(v):.{decimals}f}"
    if lang == "en":
        out = s
    elif lang == "fr":
        out = s.replace(",", french_group).replace(".", ",")
    else:
        out = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if v < 0 else "") + out
