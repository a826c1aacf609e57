"""Turn Chinese articles into tidy, sourced metric tables.

The pipeline runs one way: decode (bytes → text) → normalise → find quantities
→ classify (metric, kind) → attribute (region, scope, year) → facts → tables.
"""

__version__ = "0.1.0"
