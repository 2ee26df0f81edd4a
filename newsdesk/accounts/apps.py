from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsdesk.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from newsdesk.accounts.throttling import record_login_failure

        user_login_failed.connect(record_login_failure, dispatch_uid="newsdesk-login-failures")
