#!/usr/bin/env python3
"""Draw the product icon (resources/icons/clusterpolicy.png and .ico) — deterministic.

A rounded deep-blue square; a cluster of five nodes (one large gold hub, four white members)
joined by links, standing for linked firms of one cluster; a thin rising line for upgrading.
    python tools/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 1024  # drawn large, then scaled down with antialiasing
BLUE = (24, 69, 120, 255)
GOLD = (242, 183, 5, 255)
WHITE = (255, 255, 255, 255)
LINK = (164, 196, 230, 255)


def draw(size: int = SIZE) -> Image.Image:
    s = size / 1024
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([16 * s, 16 * s, 1008 * s, 1008 * s], radius=200 * s, fill=BLUE)
    hub = (470, 540)
    members = [(250, 330), (720, 300), (770, 700), (280, 760)]
    for m in members:
        d.line([hub[0] * s, hub[1] * s, m[0] * s, m[1] * s], fill=LINK, width=int(34 * s))
    d.line(
        [members[0][0] * s, members[0][1] * s, members[1][0] * s, members[1][1] * s],
        fill=LINK,
        width=int(22 * s),
    )
    d.line(
        [members[2][0] * s, members[2][1] * s, members[3][0] * s, members[3][1] * s],
        fill=LINK,
        width=int(22 * s),
    )
    for x, y in members:
        r = 92 * s
        d.ellipse([x * s - r, y * s - r, x * s + r, y * s + r], fill=WHITE)
    r = 150 * s
    d.ellipse([hub[0] * s - r, hub[1] * s - r, hub[0] * s + r, hub[1] * s + r], fill=GOLD)
    return img


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    png = big.resize((256, 256), Image.Resampling.LANCZOS)
    png.save(OUT / "clusterpolicy.png", optimize=True)
    sizes = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    big.save(OUT / "clusterpolicy.ico", sizes=sizes)
    print(f"wrote {OUT / 'clusterpolicy.png'} and {OUT / 'clusterpolicy.ico'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
