"""XHSTT (ITC 2011 / XHSTT-2014) archives: reader, evaluator, solution writer, import."""
