"""Demo content: the site tree, original sample articles and local users."""
