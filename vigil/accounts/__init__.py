"""Forces, units, users, roles, vetting, sign-in and two-factor authentication."""
