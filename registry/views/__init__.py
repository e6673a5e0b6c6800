"""Registry pages: associations and their verification (`associations`), the expert
directory (`experts`), the prefecture select (`geography`).

Who sees and does what is always asked of `registry.access`; every read goes through
`registry.selectors`, every write through `registry.services`. An object the user
may not see answers 404; an action the user may not take answers 403 with the reason.
"""
