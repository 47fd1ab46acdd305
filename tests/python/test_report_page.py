"""report's index.html in a real browser: headless Chromium (Debian's
`chromium`, installed by .ci/install-deps) renders the page; the screenshot
is not blank and the page's summary table holds summary.csv's numbers."""
import csv
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

from conftest import cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Headless Chromium as root (CI containers) needs --no-sandbox.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--hide-scrollbars"]

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is not installed; .ci/install-deps installs it", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prior = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the PNG row filter
            left = line[i - channels] if i >= channels else 0
            up, corner = prior[i], prior[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        prior = line
    return width, height, rows, channels


class Tables(HTMLParser):
    """Every <table>'s rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("page") / "sweep")
    cli("sweep", "--quiet", "--optimizers", "coral,random,static-maxn", "--scenarios", "smoke",
        "--seeds", "3", "--out", out)
    cli("report", out)
    return out + "/report"


def test_the_page_is_self_contained(report):
    page = open(report + "/index.html", encoding="utf-8").read()
    for fetching in ("<script", "<link", "src=\"http", "href=\"http", "url(http", "@import"):
        assert fetching not in page
    for part in ("summary", "paired", "ranking", "exploration", "<svg", "data:image/png;base64,"):
        assert part in page


def test_chromium_renders_the_summary_csv_numbers(report, tmp_path):
    url = "file://" + os.path.abspath(report + "/index.html")
    shot = str(tmp_path / "page.png")
    subprocess.run([CHROMIUM, *FLAGS, "--screenshot=" + shot, "--window-size=1300,2000", url],
                   check=True, capture_output=True, timeout=120)
    width, height, rows, channels = png_pixels(shot)
    assert (width, height) == (1300, 2000)
    pixels = [row[i:i + 3] for row in rows[::8] for i in range(0, len(row), 8 * channels)]
    dark = sum(1 for p in pixels if max(p) < 128)
    assert len(set(pixels)) > 20, "the screenshot is blank"
    assert dark > 0.005 * len(pixels), "no text or lines on the page"

    dom = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", url], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    parser = Tables()
    parser.feed(dom)
    header, *shown = parser.tables[0]
    expected = list(csv.DictReader(open(report + "/summary.csv")))
    assert len(shown) == len(expected)
    col = {name: header.index(name) for name in ("optimizer", "goal", "runs", "median score [95% CI]",
                                                 "feasible [95% CI]")}
    for row, want in zip(shown, expected):
        assert row[col["optimizer"]] == want["optimizer"]
        assert row[col["goal"]] == want["goal"]
        assert row[col["runs"]] == want["runs"]
        median = "{:.3f} [{:.3f}, {:.3f}]".format(float(want["median_score"]),
                                                 float(want["median_score_ci_low"]),
                                                 float(want["median_score_ci_high"]))
        assert row[col["median score [95% CI]"]] == median
        feasible = "{:.1f}% [{:.1f}%, {:.1f}%]".format(100 * float(want["feasible_rate"]),
                                                      100 * float(want["feasible_rate_ci_low"]),
                                                      100 * float(want["feasible_rate_ci_high"]))
        assert row[col["feasible [95% CI]"]] == feasible
