"""What a new user read or missed (issue 20), in Chromium: Chinese on every page in Chinese mode,
team cards that keep names whole and large on a projector, the office's filters in view, the
map's labels and list; screenshots of the pages at projector and phone width in
test-artifacts/issue20b/."""

import re

import pytest
from playwright.sync_api import expect

from data_access.db import get_engine
from i18n import t
from tests import sample_facts as facts
from tests.browser.conftest import ARTIFACTS_DIR, assert_no_exception, wait_for_app
from tests.browser.test_pages_browser import ROLE_OF, open_path, page_name, signed_in, url_path
from ui.navigation import pages_for

SHOTS = ARTIFACTS_DIR / "issue20b"
# Words that are the same in a Chinese interface: file kinds, units, product names, and the language
# switch, named in the language it switches to.
ALLOWED = {"Excel", "XLSX", "xlsx", "PDF", "Word", "MB", "ID", "English"}

# The text a user sees: text nodes (shadow roots and SVG charts included) that are drawn, outside
# icon ligatures (a material icon is the word "upload" drawn as a glyph) and outside text a style
# hides (font-size 0), with what a style writes in their place (::after).
VISIBLE_TEXT = """() => {
  const out = [];
  const drawn = (el) => {
    if (!el) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement || e.getRootNode().host) {
      if (e.matches("[translate=no], script, style, noscript")) return false;  // [translate=no]: an icon ligature
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || style.fontSize === '0px') return false;
    }
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const walk = (root) => {
    const nodes = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = nodes.currentNode; n; n = nodes.nextNode()) {
      if (n.nodeType === 1) {
        if (n.shadowRoot) walk(n.shadowRoot);
        const after = getComputedStyle(n, '::after').content;
        if (after && after.startsWith('"') && drawn(n)) out.push(after.slice(1, -1));
      } else if (n.textContent.trim() && drawn(n.parentElement || (n.parentNode && n.parentNode.host))) {
        out.push(n.textContent.trim());
      }
    }
  };
  walk(document.body);
  return out;
}"""


def english_words(page) -> set[str]:
    found = set()
    for text in page.evaluate(VISIBLE_TEXT):
        found |= {word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in ALLOWED}
    return found


def settled(page) -> None:
    """The run finished and what it drew has arrived: no element is still a placeholder."""
    wait_for_app(page)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_every_page_in_chinese_mode_shows_no_english_word(live_server, new_page, username):
    page = signed_in(new_page, live_server, username)
    english = {}
    for spec in pages_for(ROLE_OF[username]):
        open_path(page, live_server, url_path(spec.path))
        settled(page)
        expect(page.get_by_role("heading").first).to_be_visible()
        assert_no_exception(page)
        words = english_words(page)
        if words:
            english[page_name(spec.path)] = sorted(words)
    assert english == {}, f"English words in the Chinese interface of {username}: {english}"


def test_the_excel_uploader_reads_in_chinese(live_server, new_page):
    page = signed_in(new_page, live_server, "office")
    open_path(page, live_server, "excel_io")
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader.get_by_role("button", name=t("upload.button"))).to_be_visible()
    limit = uploader.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span")
    assert limit.evaluate("e => getComputedStyle(e, '::after').content") == f'"{t("upload.limit", mb=20, kind="XLSX")}"'
    assert english_words(page) == set()


def test_the_offices_round_box_is_in_view_at_1366x768_without_scrolling(live_server, new_page):
    page = signed_in(new_page, live_server, "office")
    for path in ("problems", "ledger_grid"):  # pages with every box: round, districts, team
        open_path(page, live_server, path)
        filters = page.get_by_test_id("stSidebarUserContent")
        for label in (t("filter.round"), t("filter.districts"), t("filter.team")):
            expect(filters.get_by_text(label, exact=True)).to_be_in_viewport(ratio=1)
        expect(filters.get_by_test_id("stSelectbox").first).to_be_in_viewport(ratio=1)  # the round's box itself
        assert page.get_by_test_id("stSidebarContent").evaluate("e => e.scrollTop") == 0


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_team_cards_keep_each_name_whole_on_one_line_at_16px_or_more(live_server, new_page, width, height):
    page = signed_in(new_page, live_server, "leader", width, height)
    settled(page)
    labels = page.locator(".tiles.cards .tile .label")
    the_round = facts.newest_round(get_engine(live_server.database_url))
    names = facts.team_labels(get_engine(live_server.database_url), the_round.id)
    expect(labels).to_have_count(len(names))
    for label, name in zip(labels.all(), names):
        expect(label).to_contain_text(name)
        size, height_px, overflow = label.evaluate(
            "e => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().height, e.scrollWidth - e.clientWidth]"
        )
        assert size >= 16, name
        assert height_px < 2 * size and overflow <= 0, f"{name} breaks or overflows its card at {width} px"


def test_the_map_labels_each_site_and_lists_them_beside_it(live_server, new_page):
    engine = get_engine(live_server.database_url)
    names = facts.team_labels(engine, facts.newest_round(engine).id)
    page = signed_in(new_page, live_server, "leader")
    open_path(page, live_server, "site_map")
    plot = page.locator(".js-plotly-plot").first
    for name in names:
        expect(plot.locator(".scatterlayer text", has_text=name)).to_have_count(1)
    boxes = [point.bounding_box() for point in plot.locator(".scatterlayer .point").all()]
    assert len(boxes) == len(names)
    for i, a in enumerate(boxes):  # no marker hides another
        for b in boxes[i + 1 :]:
            assert abs(a["x"] - b["x"]) >= a["width"] * 0.9 or abs(a["y"] - b["y"]) >= a["height"] * 0.9
    listed = page.get_by_test_id("stDataFrame")
    expect(listed).to_be_visible()
    map_box, list_box = plot.bounding_box(), listed.bounding_box()
    assert list_box["x"] >= map_box["x"] + map_box["width"] - 1  # beside the map at 1366 px


def test_on_a_phone_the_map_fills_the_width_and_the_list_follows_below(live_server, new_page):
    page = signed_in(new_page, live_server, "member", 390, 844)
    open_path(page, live_server, "site_map")
    plot = page.locator(".js-plotly-plot").first
    expect(plot.locator(".scatterlayer .point").first).to_be_visible()
    box = plot.bounding_box()
    assert box["width"] >= 390 - 2 * 24  # the page's width less its margins
    listed = page.get_by_test_id("stDataFrame")
    expect(listed).to_be_visible()
    assert listed.bounding_box()["y"] >= box["y"] + box["height"] - 1


SCREENS = [
    ("leader", "overview", ""),
    ("leader", "site_map", "site_map"),
    ("office", "compliance", "compliance"),
    ("office", "excel_io", "excel_io"),
    ("member", "ledger_grid", "ledger_grid"),
]


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_screenshots_of_the_pages_issue_20_changed(live_server, new_page, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for username, name, path in SCREENS:
        page = signed_in(new_page, live_server, username, width, height)
        open_path(page, live_server, path)
        settled(page)
        assert_no_exception(page)
        page.screenshot(path=str(SHOTS / f"{username}-{name}-{width}.png"), full_page=True)
        page.close()
