"""Reports built from the record: the daily truce bulletin and its renderers."""
