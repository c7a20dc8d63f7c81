"""Reading published budget and final-accounts reports from PDF.

``read_pdf(path)`` returns a :class:`PdfDocument`: the tables found by their printed
titles (merged over pages, header rows flattened into column names, 类/款/项 codes
joined, wrapped names rejoined, amounts kept as printed strings) and every other line
as prose.  Needs the optional extra: ``pip install 'govaccts[pdf]'``.
"""

from govaccts.io.pdf.document import read_pdf
from govaccts.io.pdf.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    PdfLibraryMissingError,
    PdfReadError,
    ScannedPdfError,
)
from govaccts.io.pdf.model import (
    PdfCell,
    PdfDocument,
    PdfLine,
    PdfRow,
    PdfTable,
    PdfWord,
    ProseLine,
)

__all__ = [
    "CorruptPdfError",
    "EncryptedPdfError",
    "PdfCell",
    "PdfDocument",
    "PdfLibraryMissingError",
    "PdfLine",
    "PdfReadError",
    "PdfRow",
    "PdfTable",
    "PdfWord",
    "ProseLine",
    "ScannedPdfError",
    "read_pdf",
]
