"""Developer tools that run offline and are never imported by the app."""
