"""Documents, links and recordings attached to an event or one of its sessions."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from .uploads import (
    ALLOWED_EXTENSIONS,
    MAX_UPLOAD_BYTES,
    resource_upload_to,
    validate_upload_content,
    validate_upload_size,
)


class ResourceQuerySet(models.QuerySet):
    """Reads of resources."""

    def published(self):
        """Resources published by organisers (on an event the caller has found published)."""
        return self.filter(is_published=True)

    def visible(self):
        """Resources visitors may see: published, on a published event."""
        return self.filter(is_published=True, event__is_published=True)

    def ordered_by_kind(self):
        """Recordings first, then documents, press releases, links and photos."""
        ranks = [When(kind=kind, then=rank) for rank, kind in enumerate(Resource.Kind.values)]
        return self.annotate(kind_rank=Case(*ranks, default=len(ranks))).order_by(
            "kind_rank", "order", "pk"
        )


@cleanup.select  # a file deleted or replaced in the admin must not stay reachable by its URL
class Resource(models.Model):
    """A file or a link that belongs to an event, and optionally to one session."""

    class Kind(models.TextChoices):
        RECORDING = "recording", _("Video or livestream recording")
        DOCUMENT = "document", _("Document")
        PRESS_RELEASE = "press_release", _("Press release")
        LINK = "link", _("Link")
        PHOTO = "photo", _("Photo")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        KHMER = "km", _("Khmer")
        BOTH = "en+km", _("English and Khmer")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="resources", verbose_name=_("event")
    )
    session = models.ForeignKey(
        "events.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("session"),
        help_text=_("Optional: the programme item this belongs to."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DOCUMENT)
    file = models.FileField(
        _("file"),
        upload_to=resource_upload_to,
        blank=True,
        max_length=200,
        validators=[
            FileExtensionValidator(ALLOWED_EXTENSIONS),
            validate_upload_size,
            validate_upload_content,
        ],
        help_text=_("PDF, Office or OpenDocument file, CSV, text or image, up to %(mb)s MB.")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
    url = models.URLField(_("link"), blank=True, max_length=500)
    language = models.CharField(
        _("language"), max_length=8, choices=Language, default=Language.ENGLISH
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_key = models.BooleanField(
        _("key resource"), default=False, help_text=_("Also listed on the event page.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sample_content = models.BooleanField(
        _("sample content"), default=False, help_text=_("Invented demo details to replace.")
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="resource_file_or_url",
                violation_error_message=_(
                    "Give either a file or a link, not both and not neither."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Give either a file or a link, not both and not neither."))
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError({"session": _("The session must belong to the same event.")})

    @property
    def href(self) -> str:
        """Where a visitor follows the resource to."""
        return self.file.url if self.file else self.url

    @property
    def is_external(self) -> bool:
        """Whether the resource is on another site."""
        return not self.file
