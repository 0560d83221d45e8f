"""Requests on a clock: records asked of an office and insurance answers, each with the date it is due.

Plain logic only (no screens, no files): reading typed dates, the clock, the states and the next steps.
"""
