"""Reports the CLI prints: their forms (table, JSON, CSV, Markdown) and how to fetch them."""
