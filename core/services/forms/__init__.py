"""Files filled from the records: the supervising organisation's books and forms
(帳簿書類, 省令様式) and the annual business report's spreadsheet and CSV files.

Each form writer's module names where its fields come from; a field the records do
not hold is left blank, never made up. The layout is this service's own (a label in
column A, the value in column B, or a table with a header row); the forms' official
layouts are not reproduced.
"""
