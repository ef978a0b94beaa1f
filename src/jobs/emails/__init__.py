"""Emails: Jinja templates in HTML and text, an e-ticket PDF, and the backends that deliver them."""
