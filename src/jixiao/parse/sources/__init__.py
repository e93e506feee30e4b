"""Sources: files as rows of cells (`Row`), whatever their format. Text gives one row per line, xlsx one per sheet
row, docx one per table row (paragraphs as one-cell rows), PDF one per table row found on a page. Nothing here
knows what a form is; the layout readers (parse.forms, parse.target, parse.selfeval, parse.budget) never open files.
"""
