"""The durable job queue: a table in the main database, claimed with leases."""
