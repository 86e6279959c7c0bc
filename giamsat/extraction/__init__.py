"""Pure-Python extraction of tasks from directive documents (no Django import allowed here).

The document readers arrive with the directive-import issue; the text and agency-name normalisation
below is shared with the Django apps (search, agency registry).
"""
