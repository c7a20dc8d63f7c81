"""Typed errors of the PDF reader, all :class:`govaccts.errors.ReportReadError`."""

from __future__ import annotations

from govaccts.errors import Location, ReportReadError


class PdfReadError(ReportReadError):
    """A PDF that cannot be read; the message gives the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(reason, location=Location(file=path))


class PdfLibraryMissingError(PdfReadError):
    """The optional PDF library is not installed."""

    def __init__(self, path: str, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(path, "reading PDF needs the optional PDF library: "
                               f"pip install 'govaccts[pdf]'{extra}")


class ScannedPdfError(PdfReadError):
    """A PDF whose pages are images without a text layer."""

    def __init__(self, path: str, pages: int) -> None:
        self.pages = pages
        super().__init__(path, f"no text layer: this looks scanned; OCR it first ({pages} pages, "
                               "no extractable characters)")


class EncryptedPdfError(PdfReadError):
    """A password-protected PDF."""


class CorruptPdfError(PdfReadError):
    """A file that is not a PDF, or a damaged one."""
