"""Scanned copies of fixture PDFs: each page rendered at a resolution, turned a little,
speckled with noise and saved as an image-only PDF (what a scanner gives)."""

from __future__ import annotations

from pathlib import Path


def scan(src: Path, out: Path, dpi: int, angle: float = 0.0, noise: float = 0.0, seed: int = 0) -> Path:
    """Write ``out``: the pages of ``src`` as pictures only (no text layer)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    pages = []
    pdf = pdfium.PdfDocument(str(src))
    for page in pdf:
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if angle:
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
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
