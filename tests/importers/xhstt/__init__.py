"""Tests of the XHSTT reader, evaluator, writer and import."""
