"""Synthetic demonstration data (Faker, en_GB). Never real people."""
