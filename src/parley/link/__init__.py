"""Linking across articles: the same actor (and later the same event) under one id."""
