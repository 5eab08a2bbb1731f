"""Risk: actuarial scores, structured assessments, risk levels and management plans."""
