from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "vigil.registration"
    label = "registration"
    verbose_name = "Notification requirements"
