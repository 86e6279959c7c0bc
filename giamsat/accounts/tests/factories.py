import time

import factory
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.accounts.policy import must_use_two_factor
from giamsat.accounts.services import user_apply_role

PASSWORD = "Mat-khau-thu-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Mai"
    last_name = "Trần Thị"
    role = Role.AGENCY_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def apply_role(self, create, extracted, **kwargs):
        if create:
            self.save()
            user_apply_role(self)


def second_factor_device(user):
    """The user's confirmed authenticator; one is added (confirmed, random key) for a role that must have one.
    None for a user who has none and need not."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None and must_use_two_factor(user):
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    return device


def totp_code(device) -> str:
    """The code an authenticator app shows for this device now, or for the next time step when the device has
    already accepted the current one (a code is accepted once; the device accepts the next step's too)."""
    device.refresh_from_db()
    now_t = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now_t, device.last_t + 1)
    if step > now_t + device.tolerance:  # two codes used within one step already: wait for the next one
        time.sleep(device.step - (int(time.time()) - device.t0) % device.step + 0.1)
        return totp_code(device)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
