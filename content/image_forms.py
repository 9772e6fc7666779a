"""The image upload form: a file that starts like an image and then is garbage is a form error.

Wagtail reads an upload's size with Pillow to check its pixel count and turns only
"not an image at all" and decompression bombs into form errors; a file whose header is a
JPEG's and whose data is broken raised Pillow's OSError out of the form, a 500 in the image
upload and the multiple upload views. WAGTAILIMAGES_IMAGE_FORM_BASE points Wagtail at this
form, which both views build their forms from.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

BROKEN_IMAGE_MESSAGE = _("图片文件已损坏或不完整，无法读取。请重新导出或换一张图片后再上传。")


class CheckedImageField(WagtailImageField):
    """Wagtail's image file field, with a broken image file reported as a form error."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(BROKEN_IMAGE_MESSAGE, code="invalid_image") from error


class ImageForm(BaseImageForm):
    """Wagtail's image form with the checked file field."""

    file = CheckedImageField(label=_("文件"))
