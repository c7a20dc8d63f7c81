"""The roll-up of a ledger as one SQL query, run in DuckDB (``pip install 'govaccts[duckdb]'``).

With a ledger as an Arrow table (:func:`govaccts.interchange.arrow.to_arrow`, or
:func:`~govaccts.interchange.arrow.read_csv_arrow` for a large CSV) and the catalog as
another (:func:`~govaccts.interchange.arrow_tables.catalog_to_arrow`), :func:`rollup_query`
writes a ``GROUP BY ROLLUP`` over code prefixes whose every value is exactly
:meth:`LedgerTable.rollup`'s: a leaf is a printed code with no printed code below
it; a parent is a printed code with one; a parent's value is the exact sum of its
leaves' printed values (blank counts as 0, an absent cell not at all), and the total
sums every leaf.  The same text runs on Spark SQL with ``dialect="spark"``.

>>> import govaccts
>>> from govaccts.interchange.arrow import to_arrow, rollup_values
>>> from govaccts.interchange.arrow_tables import catalog_to_arrow
>>> t = govaccts.example_report().table("公开05")
>>> result = rollup_duckdb(to_arrow(t), catalog_to_arrow(govaccts.catalog("function", 2023)))
>>> rollup_values(result) == t.rollup().computed
True
>>> result.slice(0, 2).to_pylist()[1]
{'key': '201', 'level': 1, 'name': '一般公共服务支出', '小计': Decimal('443.89'), '基本支出': Decimal('328.89'), '项目支出': Decimal('115.00')}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govaccts.interchange import require
from govaccts.interchange.arrow import DECIMALS, _lengths, _table_info, _value_columns, total_label

__all__ = ["rollup_duckdb", "rollup_query"]


def _quote(name: str, dialect: str) -> str:
    if dialect == "spark":
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rollup_query(columns: Sequence[str], lengths: Sequence[int], *, total: str | None = "合计",
                 ledger: str = "ledger", catalog: str | None = "catalog",
                 dialect: str = "duckdb") -> str:
    """The roll-up as SQL over a ledger in the Arrow layout of ``to_arrow``.

    ``columns`` are the amount columns; ``lengths`` the code lengths of the levels
    (``(3, 5, 7)`` for 支出功能分类); ``total`` the key of the total row (``None``
    when the ledger prints none); ``ledger`` and ``catalog`` the tables' names
    (``catalog=None`` leaves the names out).  ``dialect`` is ``duckdb`` or ``spark``
    (identifiers quoted with backticks, ``grouping_id`` for the grouping bits).  The result has ``key``, ``level``, ``name``
    and one sum a column, ordered by level and key.

    >>> print(rollup_query(["小计"], (3, 5, 7)))  # doctest: +NORMALIZE_WHITESPACE
    WITH printed AS (SELECT DISTINCT code FROM ledger WHERE code IS NOT NULL),
    prefixes AS (
      SELECT DISTINCT substr(code, 1, 3) AS code FROM printed WHERE length(code) > 3
      UNION SELECT DISTINCT substr(code, 1, 5) AS code FROM printed WHERE length(code) > 5
    ),
    parents AS (SELECT code FROM printed WHERE code IN (SELECT code FROM prefixes)),
    leaves AS (
      SELECT
        CASE WHEN length(code) >= 3 THEN substr(code, 1, 3) END AS l1,
        CASE WHEN length(code) >= 5 THEN substr(code, 1, 5) END AS l2,
        CASE WHEN "小计__decimals" IS NOT NULL THEN coalesce("小计", 0) END AS "小计"
      FROM ledger
      WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM prefixes)
    ),
    sums AS (
      SELECT l1, l2, GROUPING(l1, l2) AS g, SUM("小计") AS "小计"
      FROM leaves GROUP BY ROLLUP (l1, l2)
    ),
    keyed AS (
      SELECT CASE g WHEN 0 THEN l2 WHEN 1 THEN l1 END AS key,
             CASE g WHEN 0 THEN 2 WHEN 1 THEN 1 END AS level, "小计"
      FROM sums WHERE g < 3
    )
    SELECT k.key, k.level, c.name AS name, k."小计"
    FROM keyed k JOIN parents p ON p.code = k.key
    LEFT JOIN catalog c ON c.code = k.key
    UNION ALL
    SELECT '合计' AS key, 0 AS level, NULL AS name, "小计" FROM sums WHERE g = 3
    ORDER BY level, key
    """
    if dialect not in ("duckdb", "spark"):
        raise ValueError(f"unknown SQL dialect {dialect!r} (duckdb, spark)")
    levels = list(lengths)[:-1]
    q = [_quote(c, dialect) for c in columns]
    qd = [_quote(c + DECIMALS, dialect) for c in columns]
    ls = [f"l{i}" for i in range(1, len(levels) + 1)]
    full = (1 << len(levels)) - 1
    prefix_sql = "\n  UNION ".join(
        f"SELECT DISTINCT substr(code, 1, {n}) AS code FROM printed WHERE length(code) > {n}"
        for n in levels) or "SELECT code FROM printed WHERE FALSE"
    level_cols = "".join(f"\n    CASE WHEN length(code) >= {n} THEN substr(code, 1, {n}) END AS {x},"
                         for n, x in zip(levels, ls, strict=True))
    cell_cols = ",".join(f"\n    CASE WHEN {d} IS NOT NULL THEN coalesce({c}, 0) END AS {c}"
                         for c, d in zip(q, qd, strict=True))
    sums = ", ".join(f"SUM({c}) AS {c}" for c in q)
    # grouping set keeping the first k levels: GROUPING(...) == 2^(n-k) - 1
    g_key = " ".join(f"WHEN {(1 << (len(levels) - k)) - 1} THEN {ls[k - 1]}"
                     for k in range(len(levels), 0, -1))
    g_level = " ".join(f"WHEN {(1 << (len(levels) - k)) - 1} THEN {k}"
                       for k in range(len(levels), 0, -1))
    plain = ", ".join(q)
    kq = ", ".join(f"k.{c}" for c in q)
    grouping = "grouping_id" if dialect == "spark" else "GROUPING"  # Spark's takes one column
    group = f"{grouping}({', '.join(ls)}) AS g" if ls else f"{full} AS g"
    rollup = f" GROUP BY ROLLUP ({', '.join(ls)})" if ls else ""
    key_case = f"CASE g {g_key} END" if ls else "NULL"
    level_case = f"CASE g {g_level} END" if ls else "NULL"
    name_sql = "c.name" if catalog else "CAST(NULL AS STRING)" if dialect == "spark" else \
        "CAST(NULL AS VARCHAR)"
    join_catalog = f"\nLEFT JOIN {catalog} c ON c.code = k.key" if catalog else ""
    sql = f"""WITH printed AS (SELECT DISTINCT code FROM {ledger} WHERE code IS NOT NULL),
prefixes AS (
  {prefix_sql}
),
parents AS (SELECT code FROM printed WHERE code IN (SELECT code FROM prefixes)),
leaves AS (
  SELECT{level_cols}{cell_cols}
  FROM {ledger}
  WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM prefixes)
),
sums AS (
  SELECT {", ".join([*ls, group])}, {sums}
  FROM leaves{rollup}
),
keyed AS (
  SELECT {key_case} AS key,
         {level_case} AS level, {plain}
  FROM sums WHERE g < {full}
)
SELECT k.key, k.level, {name_sql} AS name, {kq}
FROM keyed k JOIN parents p ON p.code = k.key{join_catalog}"""
    if total is not None:
        sql += (f"\nUNION ALL\nSELECT {_literal(total)} AS key, 0 AS level, NULL AS name, "
                f"{plain} FROM sums WHERE g = {full}")
    return sql + "\nORDER BY level, key"


def rollup_duckdb(ledger: Any, catalog: Any | None = None, *, lengths: Sequence[int] | None = None,
                  connection: Any | None = None) -> Any:
    """Run :func:`rollup_query` on an Arrow ledger (and catalog) in DuckDB; an Arrow table.

    ``lengths`` default to the ledger's scheme's; ``connection`` to a new in-memory
    database.  Every non-null amount equals ``LedgerTable.rollup().computed`` at its
    key and column (see :func:`govaccts.interchange.arrow.rollup_values`).
    """
    duckdb = require("duckdb", "duckdb")
    info = _table_info(ledger)
    columns = list(info.get("columns") or _value_columns(ledger))
    if lengths is None:
        pc = require("pyarrow.compute", "arrow")
        first = pc.drop_null(ledger.column("code")).slice(0, 1).to_pylist()
        lengths = _lengths(info.get("scheme"), first)
    con = connection if connection is not None else duckdb.connect()
    con.register("govaccts_ledger", ledger)
    if catalog is not None:
        con.register("govaccts_catalog", catalog)
    try:
        sql = rollup_query(columns, lengths, total=total_label(ledger), ledger="govaccts_ledger",
                           catalog="govaccts_catalog" if catalog is not None else None)
        return con.sql(sql).to_arrow_table()
    finally:
        con.unregister("govaccts_ledger")
        if catalog is not None:
            con.unregister("govaccts_catalog")
        if connection is None:
            con.close()
