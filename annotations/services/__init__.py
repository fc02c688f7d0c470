"""Writes. Each service is keyword-only, typed, and safe to run twice."""
