"""Authentication backends: Axes's lockout in front of Django's, permissions remembered.

Wagtail's user bar asks on every signed-in page whether the visitor may open the admin: two
queries (their own permissions, their groups'). Who may do what changes only through the admin
or a management command, so the answer is kept until the site's content changes
(civic.integration.remember; the portal starts a new generation on any admin form sent and on
any change to users' groups or permissions).
"""

from axes.backends import AxesBackend

from civic import integration


class AxesRememberedPermissionsBackend(AxesBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        compute = super()._get_permissions
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return compute(user_obj, obj, from_name)
        key = f"permissions:{from_name}:{user_obj.pk}:{int(user_obj.is_superuser)}"
        return integration.remember(key, lambda: compute(user_obj, obj, from_name))
