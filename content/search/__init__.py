"""Search and the answer desk: analysis, the index, ranking, snippets and answers (see the modules)."""
