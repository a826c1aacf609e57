"""The data page's CSV download, read back from the app: BOM first, formulas neutralised."""

from __future__ import annotations

import pytest
from app_support import app_env, open_page  # noqa: F401 - fixture
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

import review


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every file the app hands to a download button, by its media url's file id."""
    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = path_or_data if isinstance(path_or_data, bytes) else b""
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return saved


def test_csv_download_has_bom_and_neutralises_formulas(app_env, downloads) -> None:  # noqa: F811
    # A hand-entered figure whose source note a spreadsheet would run as a formula.
    review.add_manual(
        "遂宁市", "high_tech_enterprises", "value", 210, 2024,
        source_note='=HYPERLINK("http://example.com","x")', unit="家", db=app_env,
    )  # fmt: skip
    at = open_page("pages/data_export.py")
    at.button_group(key="table").set_value("facts").run()
    assert not at.exception
    url = at.get("download_button")[0].proto.url
    body = downloads[url.rsplit("/", 1)[1].split(".")[0]]
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text
