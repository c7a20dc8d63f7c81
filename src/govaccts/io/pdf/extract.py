"""The one place that calls the PDF library: characters with their boxes, page by page.

The library (pypdfium2, Apache-2.0/BSD) is imported lazily so that ``import govaccts``
never needs it.  Coordinates come out as integers in tenths of a point, top-left
origin, page rotation applied.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs

from govaccts.io.pdf.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    PdfLibraryMissingError,
    PdfReadError,
)

SCALE = 10  # positions are tenths of a point

# (char, x0, top, x1, bottom) in tenths of a point, display orientation.
RawChar = tuple[str, int, int, int, int]


@attrs.frozen
class RawPage:
    """One page's characters (whitespace dropped) and its displayed size."""

    number: int
    width: int
    height: int
    chars: tuple[RawChar, ...]


def _libs(path: str) -> tuple[ModuleType, Any]:
    try:
        import pypdfium2
        import pypdfium2.raw as raw
    except ImportError as exc:  # pragma: no cover - the dev extra installs it
        raise PdfLibraryMissingError(path, str(exc)) from exc
    return pypdfium2, raw


def open_pages(path: str | os.PathLike[str]) -> tuple[int, Iterator[RawPage]]:
    """The page count and an iterator over the pages' characters.

    Raises :class:`PdfReadError` subclasses for a missing, encrypted or corrupt file.
    """
    spath = os.fspath(path)
    pdfium, raw = _libs(spath)
    if not os.path.exists(spath):
        raise PdfReadError(spath, "file not found")
    try:
        doc = pdfium.PdfDocument(spath)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise EncryptedPdfError(spath, f"encrypted PDF (password required): {msg}") from exc
        raise CorruptPdfError(spath, f"not a readable PDF: {msg}") from exc
    n = len(doc)
    return n, _iter_pages(doc, raw)


def _iter_pages(doc: Any, raw: Any) -> Iterator[RawPage]:
    rect = raw.FS_RECTF()
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                yield _read_page(page, index + 1, raw, rect)
            finally:
                page.close()
    finally:
        doc.close()


def _read_page(page: Any, number: int, raw: Any, rect: Any) -> RawPage:
    w, h = page.get_size()  # unrotated
    rot = page.get_rotation() % 360
    tp = page.get_textpage()
    chars: list[RawChar] = []
    try:
        handle = tp.raw
        for i in range(tp.count_chars()):
            cp = raw.FPDFText_GetUnicode(handle, i)
            if cp <= 32 or cp in (0xA0, 0x3000, 0xFFFE, 0xFEFF) or 0xD800 <= cp <= 0xDFFF:
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(rect)):
                continue
            left, right, top, bottom = rect.left, rect.right, rect.top, rect.bottom
            if rot == 0:
                x0, x1, y0, y1 = left, right, h - top, h - bottom
            elif rot == 90:
                x0, x1, y0, y1 = bottom, top, left, right
            elif rot == 180:
                x0, x1, y0, y1 = w - right, w - left, bottom, top
            else:  # 270
                x0, x1, y0, y1 = h - top, h - bottom, w - right, w - left
            ch = chr(cp)
            chars.append((ch, round(x0 * SCALE), round(y0 * SCALE),
                          round(x1 * SCALE), round(y1 * SCALE)))
    finally:
        tp.close()
    if rot in (90, 270):
        w, h = h, w
    return RawPage(number, round(w * SCALE), round(h * SCALE), tuple(chars))
