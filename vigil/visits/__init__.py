"""The diary: home visits and other contacts, planned and recorded."""
