import factory

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
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
