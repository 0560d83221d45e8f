"""Taking the checklist away from the app: copied, saved, shown as plain text, as a QR code, or printed.

Every route carries the same text, ``secondop export``'s (notes included, grouped by section, dated). Which
routes are offered depends on where the app runs (``routes``).
"""
