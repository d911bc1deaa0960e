"""Legacy binary Office files (.doc, .ppt, .xls): converted with LibreOffice
(``soffice --headless --convert-to``) when it is installed, then read as DOCX/PPTX/XLSX."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from ..document import Document
from ..errors import ParseError
from ..options import ParseOptions

__all__ = ["LegacyOfficeReader"]

ACCEPTS = ("doc", "ppt", "xls")
TARGET = {"doc": "docx", "ppt": "pptx", "xls": "xlsx"}
TIMEOUT_S = 180


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class LegacyOfficeReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        exe = find_soffice()
        if exe is None:
            raise ParseError(
                f"legacy .{self.fmt} files need LibreOffice (soffice) to convert them, and "
                f"LibreOffice is not installed on this server; save the file as "
                f".{TARGET[self.fmt]} and upload that instead")
        target = TARGET[self.fmt]
        with tempfile.TemporaryDirectory(prefix="sheaf-soffice-") as tmp:
            src = os.path.join(tmp, f"input.{self.fmt}")
            with open(src, "wb") as f:
                f.write(data)
            env = dict(os.environ, HOME=tmp)
            try:
                subprocess.run(
                    [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/u",
                     "--convert-to", target, "--outdir", tmp, src],
                    check=False, capture_output=True, timeout=TIMEOUT_S, env=env)
            except subprocess.TimeoutExpired:
                raise ParseError(f"converting the .{self.fmt} file with LibreOffice timed out") \
                    from None
            out = os.path.join(tmp, f"input.{target}")
            if not os.path.exists(out):
                raise ParseError(f"LibreOffice could not convert this .{self.fmt} file "
                                 "(corrupt or unsupported)")
            with open(out, "rb") as f:
                converted = f.read()
        from . import get_reader

        doc = get_reader(target).convert(converted, opts)
        doc.pipeline = ["libreoffice-convert", *doc.pipeline]
        return doc
