"""The observatory's figures, one module per domain: plain data (dicts, lists, numbers,
codes), counted in SQL over one `observatory.access.Scope` and its `StatsFilters`."""
