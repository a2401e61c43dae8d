"""The gazetteer: a compact SQLite index of place names, built from data packages or GeoNames dumps."""
