"""Cross-app pieces at the bottom of the import graph: history guards, the policy door, text fields.

``core`` imports none of our apps; every app may import it.
"""
