"""Decoding the files real finance offices produce: UTF-8 (with or without BOM) or GBK.

>>> decode("合计".encode("gbk"), "t.csv")
'合计'
"""

from __future__ import annotations

from govaccts.errors import GovacctsError, Location, ReportReadError


def decode(raw: bytes, name: str, encoding: str | None = None,
           error: type[GovacctsError] = ReportReadError) -> str:
    """Text of ``raw``: as ``encoding`` when given, else UTF-8 (BOM dropped), else GB18030.

    Failures raise ``error`` naming the file (and the line of the first bad byte).
    """
    if encoding is not None:
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError) as exc:
            raise error(f"cannot decode as {encoding}: {exc}", location=Location(file=name)) \
                from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("neither UTF-8 nor GBK/GB18030 text",
                    location=Location(file=name, line=line)) from None
