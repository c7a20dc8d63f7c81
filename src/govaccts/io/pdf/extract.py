"""The one place that calls the PDF library: characters with their boxes, page by page.

The library (pypdfium2, Apache-2.0/BSD) is imported lazily so that ``import govaccts``
never needs it.  Coordinates come out as integers in tenths of a point, top-left
origin, page rotation applied.
"""

from __future__ import annotations

import ctypes
import importlib
import itertools
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
    hidden: int = 0
    """Characters drawn outside the page's visible area (its crop box), left out."""


def _libs(path: str) -> tuple[ModuleType, Any]:
    try:
        pdfium = importlib.import_module("pypdfium2")
        raw = importlib.import_module("pypdfium2.raw")
    except ImportError as exc:
        raise PdfLibraryMissingError(path, str(exc)) from exc
    return pdfium, raw


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
    ml, mb, mr, mt = page.get_mediabox()  # unrotated page space
    cl, cb, cr, ct = page.get_cropbox()  # what is shown and printed
    w, h = mr - ml, mt - mb
    tp = page.get_textpage()
    boxes: list[tuple[str, float, float, float, float]] = []  # char, left, right, top, bottom
    hidden = 0
    try:
        handle = tp.raw
        for i in range(tp.count_chars()):
            cp = raw.FPDFText_GetUnicode(handle, i)
            if cp <= 32 or cp in (0xA0, 0x3000, 0xFFFE, 0xFEFF) or 0xD800 <= cp <= 0xDFFF:
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(rect)):
                continue
            cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
            if not (cl <= cx <= cr and cb <= cy <= ct):
                hidden += 1  # drawn outside the visible page: not printed, not read
                continue
            boxes.append((chr(cp), rect.left - ml, rect.right - ml, rect.top - mb, rect.bottom - mb))
    finally:
        tp.close()
    rot = reading_rotation(boxes)
    chars: list[RawChar] = []
    for ch, left, right, top, bottom in boxes:
        if rot == 0:
            x0, x1, y0, y1 = left, right, h - top, h - bottom
        elif rot == 90:
            x0, x1, y0, y1 = bottom, top, left, right
        elif rot == 180:
            x0, x1, y0, y1 = w - right, w - left, bottom, top
        else:  # 270
            x0, x1, y0, y1 = h - top, h - bottom, w - right, w - left
        chars.append((ch, round(x0 * SCALE), round(y0 * SCALE), round(x1 * SCALE), round(y1 * SCALE)))
    if rot in (90, 270):
        w, h = h, w
    return RawPage(number, round(w * SCALE), round(h * SCALE), tuple(chars), hidden)


def reading_rotation(boxes: list[tuple[str, float, float, float, float]]) -> int:
    """The clockwise turn (0, 90, 180, 270) that makes the page's text run left to right.

    Decided by the text itself, not the page's /Rotate entry (some producers rotate the
    page for printing while the text runs across the unrotated page, others the reverse):
    consecutive characters of the content stream step mostly one way.

    >>> reading_rotation([("a", 0, 5, 10, 0), ("b", 5, 10, 10, 0), ("c", 10, 15, 10, 0)])
    0
    >>> reading_rotation([("a", 0, 10, 5, 0), ("b", 0, 10, 10, 5), ("c", 0, 10, 15, 10)])
    90
    """
    votes = [0, 0, 0, 0]  # +x, +y, -x, -y
    for a, b in itertools.pairwise(boxes[:600]):
        ax, ay = (a[1] + a[2]) / 2, (a[3] + a[4]) / 2
        bx, by = (b[1] + b[2]) / 2, (b[3] + b[4]) / 2
        size = max(abs(a[2] - a[1]), abs(a[3] - a[4]), 1.0)
        dx, dy = bx - ax, by - ay
        if abs(dx) > 2 * size or abs(dy) > 2 * size:
            continue  # a jump to another line or cell
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 2] += 1
        else:
            votes[1 if dy > 0 else 3] += 1
    best = max(range(4), key=lambda k: votes[k])
    if votes[best] == 0:
        return 0
    return (0, 90, 180, 270)[best]
