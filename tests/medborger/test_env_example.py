"""`.env.example` documents every variable the settings read."""

import re
from pathlib import Path

from django.conf import settings


def test_every_variable_the_settings_read_is_documented():
    source = Path(settings.BASE_DIR, "medborger/settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    documented = set(
        re.findall(r"^#?\s*([A-Z_]+)=", Path(settings.BASE_DIR, ".env.example").read_text(), re.M)
    )
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert read - documented == set()
