from django.apps import AppConfig


class IshojConfig(AppConfig):
    """Ishøj Kommune's data set: the Medborgerpolitik, its process, bodies, events and people.

    No models: it only loads the other apps' rows through `load_ishoj`. Nothing imports it.
    """

    name = "ishoj"
    verbose_name = "Ishøj"
