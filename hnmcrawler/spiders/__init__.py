"""Spiders: navigation only (which pages to visit, in what order). Layouts read the pages."""
