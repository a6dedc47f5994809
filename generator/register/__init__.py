"""The văn thư's office folder: office.yaml, number books, issuing drafts, the registers.

Offers ``Office.open(path)`` with ``issue``, ``allocate``, ``reserve``/``release``,
``close_year``, ``receive`` and ``search`` (and the ``vanban office|issue|reserve|…`` commands).
"""

from .config import OFFICE_ENV, OfficeConfig, load_office_config
from .errors import RegisterError
from .office import Allocation, Issued, Office

__all__ = ["OFFICE_ENV", "Allocation", "Issued", "Office", "OfficeConfig", "RegisterError",
           "load_office_config"]
