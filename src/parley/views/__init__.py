"""Views: what a person or another tool sees, built only from the store."""
