from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "newsdesk.jobs"
    label = "jobs"
