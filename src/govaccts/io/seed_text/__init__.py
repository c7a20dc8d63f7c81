r"""Reading seed-style report text: tab-separated table text extracted from a PDF.

A 部门决算 PDF run through a text extractor gives one line per printed table row,
cells separated by tabs, with the titles, ``公开NN表`` labels, ``金额单位`` and
``部门`` lines, notes and the narrative as plain lines.  :func:`read_report_text`
(a file) and :func:`parse_report_text` (a string) turn such text into the same
:class:`~govaccts.reports.raw.RawReport` that
:func:`~govaccts.io.folders.read_report_folder` reads from a hand transcription.

How the text is read (each step is a module of this package):

* Tables are found by their printed titles (:mod:`.titles`): the titles and aliases
  of the 部门决算 kind's :class:`~govaccts.reports.spec.TableSpec` s, so a spec
  registered with :func:`~govaccts.reports.kinds.register_table_spec` is read with no
  other change.  A line is a title when it is one, folded as ``TableSpec.matches``
  folds titles, with quotes, a year prefix and a ``公开NN表`` label ignored; so a
  title that contains another (收入支出决算总表 ⊂ 财政拨款收入支出决算总表) never
  matches the wrong table, and the table of contents (``- 一、收入支出决算总表``)
  matches nothing.  A title counts only when tab-separated rows follow it.
* A table runs from its title to the next title or ``第…部分`` heading
  (:mod:`.blocks`).  Its ``公开NN表``, ``金额单位`` and ``部门`` cells are metadata;
  its first run of tab-separated lines is the grid (header rows, then data rows from
  the first row holding an amount, a 科目代码 or a 合计 label); a ``说明：`` line after
  the grid is the table's ``empty_note``.
* The id is ``公开NN`` from a printed ``公开NN表`` label, else the spec's key.
* Header rows printed over several lines are merged column by column (the lowest
  printed text names the column); the ``栏次`` row is dropped (:mod:`.headers`).
* The spec's layout says how the grid is read: *statement* (:mod:`.statement`; 01,
  04: one table per side, the spec's ``parts`` 收入 | 支出, filler rows with only a
  行次 dropped), *tree* (:mod:`.tree`; 02, 03, 05, 07, 08: ``科目代码, 科目名称,
  <amounts>``; "201 一般公共服务支出" printed in one cell is split), *economic*
  (:mod:`.economic`; 06: side-by-side 科目代码/科目名称/决算数 blocks linearised block
  by block, then the 合计 rows) and *sangong* (:mod:`.sangong`; 09: one row per
  预算数/决算数 block).  Column names come from :mod:`govaccts.io.vocabulary`.
* Values are never dropped or moved to guess a fit.  The two known extraction
  artefacts are read and recorded in the table's ``notes``: every row of a table
  carrying exactly one value more than its header names (the column is named
  :data:`MISSING_HEADER`), and a flattened 三公 line carrying more values than columns
  when all its values are equal.  Any other mismatch raises
  :class:`~govaccts.errors.ReportReadError` naming the file and line.
* The year, the department and the unit are the report's (:mod:`.metadata`): the
  unit and department most tables print, a table printing another unit keeping it.
* The narrative is the text from the ``第三部分`` line after the tables to the end.

>>> text = "\n".join([
...     "2023年度", "", "示例单位", "", "收入决算表", "公开02表", "金额单位：万元",
...     "部门：示例单位",
...     "项目\t\t本年收入合计\t财政拨款收入",
...     "科目代码\t科目名称\t\t",
...     "栏次\t\t1\t2",
...     "合计\t\t1.50\t1.50",
...     "201 一般公共服务支出\t1.50\t1.50",
...     "", "第三部分", "一、收入支出决算总体情况说明",
... ])
>>> report = parse_report_text(text, name="example.txt")
>>> report.department, report.year, report.unit
('示例单位', 2023, '万元')
>>> table = report.tables[0]
>>> table.id, table.title, table.layout, table.header
('公开02', '收入决算表', 'tree', ('科目代码', '科目名称', '本年收入合计', '财政拨款收入'))
>>> for line, cells in table.rows:
...     print(line, cells)
12 ('', '合计', '1.50', '1.50')
13 ('201', '一般公共服务支出', '1.50', '1.50')
>>> report.narrative
'第三部分\n一、收入支出决算总体情况说明'
"""

from __future__ import annotations

from govaccts.io.seed_text.reader import parse_report_text, read_report_text
from govaccts.io.seed_text.tree import MISSING_HEADER

__all__ = ["MISSING_HEADER", "parse_report_text", "read_report_text"]
