"""Search and the answer desk: analysis, the index, ranking, snippets and answers (see the modules).

The names most callers need, for short imports: `search(query=…)` and `SearchQueryError`
(engine.py), and the admin's bigram tokens (tokens.py).
"""

from .engine import SearchQueryError, search
from .tokens import index_tokens, query_tokens

__all__ = ["SearchQueryError", "index_tokens", "query_tokens", "search"]
