"""Notification requirements: qualifying convictions, periods, notifications, breaches."""
