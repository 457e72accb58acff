"""Scanned copies of fixture PDFs: each page rendered at a resolution, turned a little,
speckled with noise and saved as an image-only PDF (what a scanner gives) — optionally as
real scans go wrong: a red seal stamped over the table, a shadow across the page, heavy JPEG
compression."""

from __future__ import annotations

import io
from pathlib import Path


def scan(src: Path, out: Path, dpi: int, angle: float = 0.0, noise: float = 0.0, seed: int = 0,
         flaw: str | None = None) -> Path:
    """Write ``out``: the pages of ``src`` as pictures only (no text layer)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    pages = []
    pdf = pdfium.PdfDocument(str(src))
    for number, page in enumerate(pdf):
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        img = _flawed(img, flaw, number, dpi)
        img = img.convert("RGB" if flaw == "seal" else "L")  # a sealed page is scanned in colour
        if angle:
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white")
        if noise:
            arr = np.asarray(img, dtype="float64")
            arr = arr + rng.normal(0, 255 * noise, arr.shape)
            specks = rng.random(arr.shape) < noise / 20
            arr[specks] = 0
            img = Image.fromarray(np.clip(arr, 0, 255).astype("uint8"))
        pages.append(img)
    pdf.close()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out


def _flawed(img, flaw: str | None, number: int, dpi: int):
    import numpy as np
    from PIL import Image, ImageDraw

    if flaw == "seal" and number == 1:  # a red seal over the right of table 三
        draw = ImageDraw.Draw(img)
        cx, cy, r = img.width * 0.7, img.height * 0.35, dpi * 0.85
        red = (215, 35, 35)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(3, dpi // 20))
        draw.regular_polygon((cx, cy - r * 0.45, r * 0.22), 5, fill=red)
        for k in range(-2, 3):  # the agency's name as strokes along the ring
            draw.line([cx + k * r * 0.25, cy + r * 0.2, cx + k * r * 0.25 + r * 0.12, cy + r * 0.35], fill=red,
                      width=max(2, dpi // 40))
    elif flaw == "shadow":  # light falling off across the page
        arr = np.asarray(img, dtype="float64")
        arr = arr * np.linspace(0.55, 1.0, arr.shape[1])[None, :, None]
        img = Image.fromarray(np.clip(arr, 0, 255).astype("uint8"))
    elif flaw == "jpeg":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=25)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img
