"""Signal receivers of the content app (thin: they call services)."""
