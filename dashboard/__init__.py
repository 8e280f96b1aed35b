"""The newsstats dashboard: one self-contained HTML page built from the warehouse's feed views."""
