"""The Excel import workbook: template, a school written out, a reader with precise errors."""

from importers.excel.errors import WorkbookError, WorkbookProblem
from importers.excel.reader import read_workbook
from importers.excel.template import write_workbook

__all__ = ["WorkbookError", "WorkbookProblem", "read_workbook", "write_workbook"]
