"""Scale benchmarks of mustafid on PostgreSQL (``make bench``); not part of the test suite."""
