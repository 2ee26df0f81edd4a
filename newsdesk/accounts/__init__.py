"""Sign-up and the account pages; everything else comes from django.contrib.auth."""
