"""Evaluation of teams and cadres after a round (seed 001 §5(3)): schemes, scoring, records."""
