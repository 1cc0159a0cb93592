"""Import and export of beneficiary files as CSV or Excel (XLSX).

Import is all or nothing: every row is checked first, in bulk, and a file
with any bad row writes nothing; the person gets the line number (as their
spreadsheet shows it, the header being line 1) and every reason of every bad
row. A good file is written with ``bulk_create`` in batches: lookups of
branches, categories and domains are loaded once by code, national IDs are
checked for duplicates in the file and, by blind index, against the database
in a few ``IN`` queries, and file numbers are reserved as one block. Nothing
is queried per row, so a file of tens of thousands of rows imports in
seconds.

Export gives only the files the person may see (scope and permission),
masks the sensitive values unless they may read them, and writes one access
log row per exported file in the same transaction (RL-2).

The modules follow the work: ``columns`` (the file's columns and headers),
``read`` (CSV and XLSX files into rows), ``check`` (every row's reasons to
refuse it), ``importing`` (writing the files), ``export`` (and the blank
template), and the pages: ``forms``, ``views``, ``urls``.
"""
