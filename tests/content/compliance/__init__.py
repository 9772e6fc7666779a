"""Tests of the compliance checks: rules file, engine, quoting model, page walk, lint_copy."""
