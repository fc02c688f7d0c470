"""Exports of chosen claims: CSV, JSON, JSON Lines, ClaimReview JSON-LD and an HTML/PDF report.

Every format is written from one stream of nested records (``records.iter_records``),
fetched from a server-side cursor in chunks, so memory stays flat however many claims
are exported (the PDF report is the exception: WeasyPrint lays out the whole document).
The service layer (``annotations.services.exports``) chooses the claims and runs jobs.
"""
