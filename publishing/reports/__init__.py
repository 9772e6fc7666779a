"""Reports that publishing renders for other parts of the platform (the desk's monthly report)."""
