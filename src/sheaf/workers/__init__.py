"""Worker processes: a supervisor and the children that claim and run jobs."""
