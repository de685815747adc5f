"""The web app's icons, drawn from the site's own logo with Pillow (already installed with WeasyPrint).

No SVG renderer is needed: a logo made of ``<path>`` elements, as every Material icon is (the default logo is
``material/library``), is flattened here into polygons (lines as they are, curves and arcs as short segments) and
filled by Pillow. Fill rule: even-odd, by XOR-ing each sub-path's mask; icons draw their holes as sub-paths that
both rules fill alike. A raster logo (``theme.logo: some.png``) is scaled instead.

Each icon is the logo in white on a square of the theme colour, drawn four times larger and reduced (anti-aliasing):
``purpose: any`` with rounded corners, ``maskable`` to the edges with the logo inside the safe zone (the middle 80%),
which a phone crops to its own shape. No MkDocs imports.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

Point = tuple[float, float]

SUPERSAMPLING = 4
"""Drawn this many times larger, then reduced: smooth edges without an anti-aliasing renderer."""

CURVE_STEPS = 24
"""Segments per curve or arc: at 512 px a 24-unit logo's curves stay smooth."""

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SEPARATORS = re.compile(r"[\s,]*")
_SVG = "{http://www.w3.org/2000/svg}"


class LogoError(Exception):
    """The logo cannot be drawn as an icon (a file that is missing, an SVG without paths, bad path data)."""


@dataclass(frozen=True)
class Logo:
    """A logo: polygons in a view box (from an SVG), or a raster image file."""

    view_box: tuple[float, float, float, float] = (0.0, 0.0, 24.0, 24.0)
    polygons: list[list[Point]] = field(default_factory=list)
    raster: Path | None = None


def find_logo(logo_file: Path | None, icon: str, theme_dirs: list[Path]) -> Logo:
    """The site's logo as the theme shows it: ``theme.logo`` (a file), else ``theme.icon.logo`` looked up in the
    theme's folders (``.icons/<name>.svg``), as Material's ``partials/logo.html`` does.

    Raises:
        LogoError: Naming the file or icon, and what to do.
    """
    if logo_file is not None:
        if not logo_file.is_file():
            raise LogoError(f"theme.logo '{logo_file}' does not exist")
        if logo_file.suffix.lower() in RASTER_SUFFIXES:
            return Logo(raster=logo_file)
        return read_svg_logo(logo_file)
    for folder in theme_dirs:
        candidate = folder / ".icons" / f"{icon}.svg"
        if candidate.is_file():
            return read_svg_logo(candidate)
    raise LogoError(f"theme icon '{icon}' is not in any theme folder's .icons/")


def read_svg_logo(path: Path) -> Logo:
    """An SVG file's ``<path>`` elements (transforms, strokes and other shapes are not supported) as polygons."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise LogoError(f"logo '{path}' is not well-formed SVG: {exc}") from exc
    numbers = [float(value) for value in _NUMBER.findall(root.get("viewBox", ""))]
    if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
        raise LogoError(f"logo '{path}' has no usable viewBox")
    polygons: list[list[Point]] = []
    for element in root.iter(f"{_SVG}path"):
        try:
            polygons += path_polygons(element.get("d", ""))
        except LogoError as exc:
            raise LogoError(f"logo '{path}': {exc}") from exc
    if not polygons:
        raise LogoError(f"logo '{path}' has no <path> to draw: use a logo made of paths, or a PNG")
    return Logo(view_box=(numbers[0], numbers[1], numbers[2], numbers[3]), polygons=polygons)


class _PathData:
    """A reader over SVG path data (``M12 8a3 3 0 0 0 3-3…``), which separates numbers by sign or dot as often as
    by space; arc flags may be written without any separator (``a3 3 0 013-3``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def _skip(self) -> None:
        match = _SEPARATORS.match(self.text, self.position)
        self.position = match.end() if match else self.position

    def at_end(self) -> bool:
        self._skip()
        return self.position >= len(self.text)

    def command(self) -> str | None:
        """The next command letter, or None where numbers continue the last command."""
        self._skip()
        if self.position < len(self.text) and self.text[self.position].isalpha():
            self.position += 1
            return self.text[self.position - 1]
        return None

    def number(self) -> float:
        self._skip()
        match = _NUMBER.match(self.text, self.position)
        if match is None:
            raise LogoError(f"path data: a number expected at {self.text[self.position : self.position + 12]!r}")
        self.position = match.end()
        return float(match.group())

    def flag(self) -> bool:
        self._skip()
        if self.position >= len(self.text) or self.text[self.position] not in "01":
            raise LogoError(f"path data: an arc flag expected at {self.text[self.position : self.position + 12]!r}")
        self.position += 1
        return self.text[self.position - 1] == "1"

    def numbers(self, count: int) -> list[float]:
        return [self.number() for _ in range(count)]


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    points = []
    for step in range(1, CURVE_STEPS + 1):
        t = step / CURVE_STEPS
        u = 1 - t
        points.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return points


def _quadratic(p0: Point, p1: Point, p2: Point) -> list[Point]:
    # The same curve as a cubic (degree elevation).
    c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
    c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
    return _cubic(p0, c1, c2, p2)


def _angle(u: Point, v: Point) -> float:
    return math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1])


def _arc(start: Point, radii: Point, rotation: float, large: bool, sweep: bool, end: Point) -> list[Point]:
    """An elliptical arc as points (the SVG specification's endpoint-to-centre conversion, appendix B.2.4)."""
    if start == end:
        return []
    rx, ry = abs(radii[0]), abs(radii[1])
    if rx == 0 or ry == 0:
        return [end]
    phi = math.radians(rotation)
    cos_phi, sin_phi = math.cos(phi), math.sin(phi)
    dx, dy = (start[0] - end[0]) / 2, (start[1] - end[1]) / 2
    x1, y1 = cos_phi * dx + sin_phi * dy, -sin_phi * dx + cos_phi * dy
    scale = x1 * x1 / (rx * rx) + y1 * y1 / (ry * ry)
    if scale > 1:  # radii too small to join the points: scaled up, as the specification says
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    numerator = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    denominator = rx * rx * y1 * y1 + ry * ry * x1 * x1
    factor = math.sqrt(max(0.0, numerator / denominator)) * (-1 if large == sweep else 1)
    cx1, cy1 = factor * rx * y1 / ry, -factor * ry * x1 / rx
    cx = cos_phi * cx1 - sin_phi * cy1 + (start[0] + end[0]) / 2
    cy = sin_phi * cx1 + cos_phi * cy1 + (start[1] + end[1]) / 2
    u = ((x1 - cx1) / rx, (y1 - cy1) / ry)
    v = ((-x1 - cx1) / rx, (-y1 - cy1) / ry)
    theta, delta = _angle((1.0, 0.0), u), _angle(u, v)
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    points = []
    for step in range(1, CURVE_STEPS + 1):
        angle = theta + delta * step / CURVE_STEPS
        x, y = rx * math.cos(angle), ry * math.sin(angle)
        points.append((cx + cos_phi * x - sin_phi * y, cy + sin_phi * x + cos_phi * y))
    points[-1] = end
    return points


def path_polygons(d: str) -> list[list[Point]]:
    """SVG path data as one polygon per sub-path (every sub-path is filled, as if closed)."""
    data = _PathData(d)
    polygons: list[list[Point]] = []
    current: list[Point] = []
    x = y = 0.0
    start: Point = (0.0, 0.0)
    control: Point | None = None  # the last curve's second control point, which S and T reflect
    command: str | None = None
    last_kind = ""
    while not data.at_end():
        letter = data.command()
        if letter is None:
            if command is None or command in "Zz":
                raise LogoError(f"path data must start with a command: {d[:24]!r}")
            letter = {"M": "L", "m": "l"}.get(command, command)  # numbers after a move are lines
        command = letter
        relative = letter.islower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        kind = letter.upper()
        new_control: Point | None = None
        if kind == "M":
            if len(current) > 2:
                polygons.append(current)
            x, y = ox + data.number(), oy + data.number()
            start, current = (x, y), [(x, y)]
        elif kind == "Z":
            if len(current) > 2:
                polygons.append(current)
            x, y = start
            current = [(x, y)]
        elif kind == "L":
            x, y = ox + data.number(), oy + data.number()
            current.append((x, y))
        elif kind == "H":
            x = ox + data.number()
            current.append((x, y))
        elif kind == "V":
            y = oy + data.number()
            current.append((x, y))
        elif kind in "CS":
            if kind == "C":
                c1 = (ox + data.number(), oy + data.number())
            else:
                c1 = (2 * x - control[0], 2 * y - control[1]) if control and last_kind in "CS" else (x, y)
            c2 = (ox + data.number(), oy + data.number())
            end = (ox + data.number(), oy + data.number())
            current += _cubic((x, y), c1, c2, end)
            (x, y), new_control = end, c2
        elif kind in "QT":
            if kind == "Q":
                c1 = (ox + data.number(), oy + data.number())
            else:
                c1 = (2 * x - control[0], 2 * y - control[1]) if control and last_kind in "QT" else (x, y)
            end = (ox + data.number(), oy + data.number())
            current += _quadratic((x, y), c1, end)
            (x, y), new_control = end, c1
        elif kind == "A":
            rx, ry, rotation = data.numbers(3)
            large, sweep = data.flag(), data.flag()
            end = (ox + data.number(), oy + data.number())
            current += _arc((x, y), (rx, ry), rotation, large, sweep, end)
            x, y = end
        else:
            raise LogoError(f"path data: unknown command {letter!r}")
        control, last_kind = new_control, kind
    if len(current) > 2:
        polygons.append(current)
    return polygons


def _glyph_mask(logo: Logo, size: int, share: float) -> Image.Image:
    """The logo's shape, ``share`` of the icon's width, centred: a grey-scale mask at ``size``."""
    big = size * SUPERSAMPLING
    mask = Image.new("L", (big, big), 0)
    left, top, width, height = logo.view_box
    factor = share * big / max(width, height)
    offset_x = (big - width * factor) / 2 - left * factor
    offset_y = (big - height * factor) / 2 - top * factor
    for polygon in logo.polygons:
        layer = Image.new("L", (big, big), 0)
        ImageDraw.Draw(layer).polygon([(offset_x + px * factor, offset_y + py * factor) for px, py in polygon], 255)
        mask = ImageChops.difference(mask, layer)  # masks of 0 and 255: their difference is XOR (even-odd)
    return mask.reduce(SUPERSAMPLING)


def _rounded_square(size: int, radius_share: float) -> Image.Image:
    big = size * SUPERSAMPLING
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * radius_share), fill=255)
    return mask.reduce(SUPERSAMPLING)


def draw_icon(logo: Logo, size: int, background: str, *, maskable: bool = False) -> bytes:
    """A square PNG icon: the logo in white on ``background`` (a CSS hex colour).

    Args:
        logo: What :func:`find_logo` returned.
        size: The icon's width and height in pixels.
        background: The theme colour behind the logo.
        maskable: Fill the whole square and keep the logo in the safe zone (``purpose: maskable``); otherwise a
            square with rounded corners (``purpose: any``).
    """
    share = 0.5 if maskable else 0.62
    icon = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    icon.paste(background, mask=Image.new("L", (size, size), 255) if maskable else _rounded_square(size, 0.18))
    if logo.raster is not None:
        with Image.open(logo.raster) as source:
            picture = source.convert("RGBA")
        box = round(size * share)
        picture.thumbnail((box, box), Image.Resampling.LANCZOS)
        icon.alpha_composite(picture, ((size - picture.width) // 2, (size - picture.height) // 2))
    else:
        icon.paste("#ffffff", mask=_glyph_mask(logo, size, share))
    out = io.BytesIO()
    icon.save(out, format="PNG", optimize=True)
    return out.getvalue()
