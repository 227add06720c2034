"""The portal keeps no models of its own; it only records the history of user accounts, so that
administrators can see who changed whose roles and details, and when."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from simple_history import register

register(
    get_user_model(), app=__package__, table_name="medborger_historicaluser", m2m_fields=["groups"]
)
register(Group, app=__package__, table_name="medborger_historicalgroup", m2m_fields=["permissions"])
