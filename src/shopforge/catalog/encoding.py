"""Decode catalogue bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030 and what else
charset-normalizer recognises. Chinese ERPs commonly export GBK; GB18030 is its superset, so it is used
whenever a GB-family encoding is detected (a GBK decoder would fail on the rarer characters)."""

from __future__ import annotations

import codecs

import charset_normalizer

from shopforge.catalog.errors import CatalogFormatError

_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"})
_EAST_ASIAN = frozenset(
    {"big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "cp949", "euc_kr", "johab"}
)
_ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_catalog_bytes(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with; raises CatalogFormatError if it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(_ZIP_MAGIC):
        raise CatalogFormatError(
            "this is a zip/Excel workbook, not a text file: save it as CSV (UTF-8) first"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise CatalogFormatError("the file contains binary data (NUL bytes) and is not a text catalogue")
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    detected = _detect(data)
    # Short GBK files are often guessed as Big5, CP949 or Shift-JIS; our merchants' legacy exports are GBK,
    # so GB18030 is tried first for any East Asian guess (a genuine Big5 file must be re-saved as UTF-8).
    for encoding in _candidates(detected):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise CatalogFormatError("could not detect the text encoding; save the file as UTF-8")


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess; among equally good guesses, Windows-1252 (the Western Excel
    default) wins, so "crème" is not read as CP1250 "crčme" just because both decode without errors."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = min(matches, key=lambda match: (match.chaos, -match.coherence))
    tied = {m.encoding.lower() for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    return "cp1252" if "cp1252" in tied else best.encoding.lower()


def _candidates(detected: str | None) -> list[str]:
    if detected is None or detected in _GB_FAMILY or detected in _EAST_ASIAN:
        return ["gb18030"] + ([detected] if detected and detected not in _GB_FAMILY else [])
    return [detected, "gb18030"]
