import factory

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency, AgencyGroup


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"co-quan-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    kind = AgencyKind.STATE


class AgencyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyGroup

    code = factory.Sequence(lambda n: f"nhom-{n}")
    name = factory.Sequence(lambda n: f"Nhóm thử nghiệm {n}")
