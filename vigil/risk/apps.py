from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "vigil.risk"
    label = "risk"
    verbose_name = "Risk"
