"""Pictures for the demo's news and home pages, painted with Pillow: no photograph is
downloaded, and the same seed paints the same picture.

Each motif is a simple flat illustration (a town hall, a street under repair, a park, a
festival…) in a palette of its own; the seed moves the shapes, so that two municipalities'
pictures of the same motif differ."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675

SKIES = {
    "townhall": ("#7fb2e5", "#d9ecfb"),
    "street": ("#8fb8de", "#e6f0f7"),
    "park": ("#6fb1e8", "#d4ecfa"),
    "festival": ("#1f3c73", "#f29e4c"),
    "winter": ("#a9b8c8", "#eef2f6"),
    "autumn": ("#e7a15a", "#fbe3b8"),
    "summer": ("#3d95d6", "#bfe3f7"),
    "school": ("#f6b38e", "#fde8d7"),
    "landscape": ("#5d9fd8", "#f5e6c4"),
}
GROUND = {
    "winter": "#f4f6f9",
    "autumn": "#b98a4a",
    "festival": "#5b4b3a",
    "street": "#8a8f96",
}


def _mix(a, b, t):
    a = tuple(int(a[i : i + 2], 16) for i in (1, 3, 5))
    b = tuple(int(b[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _sky(draw, motif):
    top, bottom = SKIES.get(motif, SKIES["landscape"])
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / HEIGHT))


def _hills(draw, rng, base, colours):
    for index, colour in enumerate(colours):
        y0 = base - 60 + index * 45
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, y0 + rng.randint(-35, 35)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)


def _tree(draw, x, ground, rng, leaves="#3f8f4a"):
    height = rng.randint(110, 170)
    draw.rectangle([x - 8, ground - height // 2, x + 8, ground], fill="#6b4a2b")
    for dx, dy, r in ((0, -height // 2 - 30, 55), (-35, -height // 2, 42), (35, -height // 2, 42)):
        draw.ellipse([x + dx - r, ground + dy - r, x + dx + r, ground + dy + r], fill=leaves)


def _house(draw, x, ground, rng, roof="#b5523b", wall="#f3e3c3", snow=False):
    width, height = rng.randint(120, 170), rng.randint(90, 130)
    draw.rectangle([x, ground - height, x + width, ground], fill=wall)
    draw.polygon(
        [
            (x - 12, ground - height),
            (x + width // 2, ground - height - 70),
            (x + width + 12, ground - height),
        ],
        fill="#ffffff" if snow else roof,
    )
    for wx in (x + 20, x + width - 50):
        draw.rectangle([wx, ground - height + 25, wx + 30, ground - height + 60], fill="#5c7fa3")
    draw.rectangle([x + width // 2 - 14, ground - 50, x + width // 2 + 14, ground], fill="#7a5433")
    return x + width


def _town_hall(draw, rng, ground):
    left, right = 330, 870
    top = ground - 250
    draw.rectangle([left, top, right, ground], fill="#efe2c6")
    draw.polygon([(left - 20, top), (600, top - 110), (right + 20, top)], fill="#c9b48f")
    draw.ellipse([570, top - 80, 630, top - 20], fill="#fdfaf2", outline="#6b5b45", width=4)
    draw.line([(600, top - 50), (600, top - 72)], fill="#3b3b3b", width=4)
    draw.line([(600, top - 50), (615, top - 45)], fill="#3b3b3b", width=4)
    for column in range(left + 40, right - 20, 70):
        draw.rectangle([column, top + 40, column + 18, ground - 10], fill="#fbf6ea")
    for window in range(left + 72, right - 60, 140):
        draw.rectangle([window, top + 60, window + 36, top + 120], fill="#5c7fa3")
    draw.rectangle([575, ground - 90, 625, ground], fill="#6b4a2b")
    draw.line([(600, top - 110), (600, top - 190)], fill="#444444", width=4)
    colours = rng.choice([("#cd2a3e", "#ffffff", "#436f4d"), ("#d62828", "#ffffff", "#2a9d8f")])
    for index, colour in enumerate(colours):
        draw.rectangle([602, top - 190 + index * 16, 670, top - 174 + index * 16], fill=colour)


def _street(draw, rng, ground):
    draw.polygon([(520, ground), (680, ground), (1150, HEIGHT), (50, HEIGHT)], fill="#555a61")
    for step in range(6):
        y = ground + 12 + step * step * 9
        draw.rectangle([596 - step * 3, y, 604 + step * 3, y + 8 + step * 3], fill="#f2f2f2")
    for x in (40, 900):
        _house(draw, x, ground, rng)
    cone = [(360, HEIGHT - 60), (390, HEIGHT - 140), (420, HEIGHT - 60)]
    draw.polygon(cone, fill="#f28c28")
    draw.rectangle([372, HEIGHT - 110, 408, HEIGHT - 98], fill="#ffffff")
    draw.rectangle([760, HEIGHT - 150, 900, HEIGHT - 120], fill="#f2c230")
    for x in range(770, 900, 40):
        draw.rectangle([x, HEIGHT - 150, x + 20, HEIGHT - 120], fill="#222222")


def _festival(draw, rng, ground):
    draw.rectangle([380, ground - 170, 820, ground], fill="#3a2f2a")
    draw.rectangle([360, ground - 200, 840, ground - 170], fill="#b23a48")
    for row in range(3):
        for x in range(30 + row * 17, WIDTH, 34):
            y = HEIGHT - 20 - row * 28 - rng.randint(0, 8)
            draw.ellipse(
                [x, y - 26, x + 26, y],
                fill=rng.choice(["#2b2d42", "#8d99ae", "#ef233c", "#edf2f4", "#ffb703"]),
            )
    for line in range(2):
        y0 = 60 + line * 70
        draw.line([(0, y0), (WIDTH, y0 + 30)], fill="#333333", width=2)
        for x in range(10, WIDTH, 60):
            y = y0 + 30 * x / WIDTH
            colour = rng.choice(["#cd2a3e", "#ffffff", "#436f4d", "#ffb703"])
            draw.polygon([(x, y), (x + 40, y + 1), (x + 20, y + 40)], fill=colour)
    for _ in range(40):
        x, y = rng.randint(0, WIDTH), rng.randint(0, 200)
        draw.ellipse([x, y, x + 3, y + 3], fill="#fff5d6")


def _school(draw, rng, ground):
    draw.rectangle([250, ground - 230, 950, ground], fill="#e9c46a")
    draw.rectangle([230, ground - 250, 970, ground - 230], fill="#8d5b3a")
    for row in range(2):
        for x in range(290, 930, 90):
            draw.rectangle(
                [x, ground - 205 + row * 100, x + 55, ground - 140 + row * 100], fill="#5c7fa3"
            )
    draw.rectangle([570, ground - 100, 630, ground], fill="#6b4a2b")
    _tree(draw, 120, ground, rng)
    _tree(draw, 1080, ground, rng)


def _snow(draw, rng):
    for _ in range(220):
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.randint(2, 5)
        draw.ellipse([x - r, y - r, x + r, y + r], fill="#ffffff")


def picture(motif, seed):
    """A JPEG (bytes) of the motif; the same motif and seed give the same bytes."""
    rng = random.Random(f"{motif}:{seed}")
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, motif)
    if motif in ("landscape", "park", "summer", "townhall", "school"):
        sun_x = rng.randint(150, 1050)
        draw.ellipse([sun_x - 55, 60, sun_x + 55, 170], fill="#fff1b5")
    ground = 470 + rng.randint(-20, 20)
    if motif == "landscape":
        _hills(draw, rng, ground, ["#9cc27a", "#7fae5f", "#c9b46a", "#5f8f48"])
    else:
        hill = {"winter": "#dfe6ee", "autumn": "#c98d4a"}.get(motif, "#8dbb6e")
        _hills(draw, rng, ground - 40, [hill])
        draw.rectangle([0, ground, WIDTH, HEIGHT], fill=GROUND.get(motif, "#6fa35a"))
    if motif == "townhall":
        _town_hall(draw, rng, ground)
        _tree(draw, 170, ground, rng)
        _tree(draw, 1030, ground, rng)
    elif motif == "street":
        _street(draw, rng, ground)
    elif motif == "park":
        for x in range(80, WIDTH, rng.randint(170, 230)):
            _tree(draw, x, ground + rng.randint(0, 60), rng)
        draw.rectangle([520, ground + 90, 700, ground + 104], fill="#7a5433")
        draw.rectangle([530, ground + 104, 542, ground + 130], fill="#4a4a4a")
        draw.rectangle([678, ground + 104, 690, ground + 130], fill="#4a4a4a")
    elif motif == "festival":
        _festival(draw, rng, ground)
    elif motif == "winter":
        x = 60
        while x < WIDTH - 150:
            x = _house(draw, x, ground, rng, snow=True) + rng.randint(40, 90)
        _snow(draw, rng)
    elif motif == "autumn":
        for x in range(60, WIDTH, 190):
            _tree(draw, x, ground + 40, rng, leaves=rng.choice(["#d9822b", "#c0392b", "#e1b12c"]))
        for _ in range(90):
            x, y = rng.randint(0, WIDTH), rng.randint(ground, HEIGHT)
            draw.ellipse([x, y, x + 12, y + 7], fill=rng.choice(["#d9822b", "#c0392b", "#e1b12c"]))
    elif motif == "summer":
        draw.rectangle([0, ground + 40, WIDTH, HEIGHT], fill="#4fb3d9")
        for x in range(0, WIDTH, 80):
            draw.arc([x, ground + 60, x + 80, ground + 90], 200, 340, fill="#ffffff", width=3)
        for x in (150, 520, 930):
            draw.polygon(
                [(x, ground - 10), (x + 90, ground - 10), (x + 45, ground - 70)], fill="#e76f51"
            )
            draw.line([(x + 45, ground - 70), (x + 45, ground + 30)], fill="#555555", width=4)
    elif motif == "school":
        _school(draw, rng, ground)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
