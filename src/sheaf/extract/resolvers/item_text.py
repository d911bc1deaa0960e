"""What a line item's description text says about itself, apart from the words of the
description: a group title set between rules of punctuation ("--- Food Products ---") and a
product reference printed in front of the name ("[FURN_7777] Office Chair").

Separate because both are read from the text alone, whatever source the rows came from.
"""

from __future__ import annotations

import re

__all__ = ["cut_reference", "is_section_title"]

# a title framed by the same punctuation mark repeated on both sides: "--- Non Food ---",
# "*** Services ***", "== Hardware ==", "——— Lot 2 ———"; one mark is not enough ("- item -")
_FRAMED = re.compile(r"(?P<m>[^\w\s])(?P=m)+\s*(?P<t>\S.*?)\s*(?P=m){2,}")


def is_section_title(text: str) -> bool:
    """A group title inside an item table: words between runs of one punctuation mark.
    It neither is an item nor continues the item above (a description never ends in a
    rule of dashes)."""
    m = _FRAMED.fullmatch(text.strip())
    return m is not None and any(c.isalpha() for c in m.group("t"))


# a product reference in front of the name: "[17589684] Beeswax XL", "[LUX_TRF] Luxury
# Truffles" (brackets, as ERP systems print their internal reference), "*987123* Olive Oil"
# (the asterisks that frame a Code 39 barcode's human-readable text). Upper case, digits and
# code punctuation only, so "[New] Chair" or "*Special* offer" stay words of the name.
_REFERENCE = re.compile(r"(?:\[[A-Z0-9][A-Z0-9_./-]{1,24}\]|\*[A-Z0-9][A-Z0-9_./-]{1,24}\*)\s+")


def cut_reference(text: str) -> str:
    """The description without the reference code printed before it (the name of the
    product is what follows); the whole text when it has none or nothing follows."""
    m = _REFERENCE.match(text)
    if m is None or not any(c.isalpha() for c in text[m.end() :]):
        return text
    return text[m.end() :]
