"""Type aliases for the user objects the code receives."""

from django.contrib.auth.models import AnonymousUser, User

# The project uses Django's own user model (AUTH_USER_MODEL is not changed).
AuthUser = User
# What `request.user` may be.
AnyUser = User | AnonymousUser


def signed_in(user: AnyUser) -> User:
    """The signed-in user behind `user`; anonymous visitors never get this far."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Authentication required.")
    return user
