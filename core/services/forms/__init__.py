"""Files filled from the records: the business report's spreadsheet and CSV files."""
