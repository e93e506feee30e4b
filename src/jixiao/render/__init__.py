"""Renderers over one list of (form, findings): text (rich), json, and — in their own modules — xlsx and html."""
