"""The workbook's pages (one module per part: sections, records, reading, …)."""
