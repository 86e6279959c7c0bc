import datetime
from decimal import Decimal

import factory

from giamsat.indicators.models import Indicator


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"TN-{n + 1:02d}")
    name = "Tỷ lệ phủ sóng 5G"
    unit = "%"
    target_value = Decimal(95)
    target_on = datetime.date(2030, 12, 31)
