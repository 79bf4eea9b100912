"""Exchange between laptops: the export file format, writing to sticks, merging into an archive."""
