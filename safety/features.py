"""Features of the safety classifier, defined once here and mirrored exactly by Swift's SafetyClassifier.

Words are cut as Swift's ScreenText cuts them (UTF-8 bytes: ASCII letters and digits and every non-ASCII byte are
word bytes, except U+2019 and the General Punctuation block and no-break space; apostrophes inside words are
dropped; ASCII is lowercased) and hashed with 64-bit FNV-1a. Each word gives its unigram, its first-five-letters
stem when longer than five bytes, and a bigram with the word before; each feature hashes to a bucket, and each
distinct bucket counts 1 / sqrt(distinct buckets), so repeating a phrase does not make it weigh more.

Training items are featurised whole. A screened text is scored in windows of WINDOW words, STRIDE apart (the last
window ends at the last word), and each category takes its highest window: a long document then scores like the
short items the model learnt from, and harm in one paragraph of it still shows.
"""

import math

BUCKETS = 1 << 17
WINDOW, STRIDE = 64, 32
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1
UNIGRAM, STEM, BIGRAM = 0x55, 0xA3, 0x3C  # salts, so the three kinds of feature get buckets of their own
STEM_LENGTH = 5


def fnv_step(h, byte):
    return ((h ^ byte) * FNV_PRIME) & MASK


def words(text):
    """(hash, stem hash or None) of each word."""
    b = text.encode("utf-8")
    n = len(b)

    def kind(i):
        c = b[i]
        if 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122:
            return "letter", 1
        if c == 0x27:
            return "apostrophe", 1
        if c == 0xE2 and i + 2 < n and b[i + 1] == 0x80:
            return ("apostrophe", 3) if b[i + 2] == 0x99 else ("separator", 3)
        if c == 0xC2 and i + 1 < n and b[i + 1] == 0xA0:
            return "separator", 2
        if c >= 0x80:
            return "letter", 1
        return "separator", 1

    out, i = [], 0
    while i < n:
        k, width = kind(i)
        if k != "letter":
            i += width
            continue
        h, length, stem = FNV_OFFSET, 0, None
        while i < n:
            k, width = kind(i)
            if k == "apostrophe":
                i += width
                continue
            if k == "separator":
                break
            c = b[i]
            if 65 <= c <= 90:
                c += 32
            h = fnv_step(h, c)
            length += 1
            if length == STEM_LENGTH:
                stem = h
            i += 1
        out.append((h, stem if length > STEM_LENGTH else None))
    return out


def mix(h, salt):
    h = fnv_step(h, salt)
    return ((h >> 32) ^ h) & 0xFFFFFFFF


def featurise(ws):
    """The distinct buckets of the features of the words `ws`, and the value each counts."""
    found = []
    previous = None
    for h, stem in ws:
        found.append(mix(h, UNIGRAM) % BUCKETS)
        if stem is not None:
            found.append(mix(stem, STEM) % BUCKETS)
        if previous is not None:
            found.append(mix(((previous * FNV_PRIME) & MASK) ^ h, BIGRAM) % BUCKETS)
        previous = h
    found = sorted(set(found))
    value = 1 / math.sqrt(len(found)) if found else 0.0
    return found, value


def buckets(text):
    """Features of a whole text (a training item)."""
    return featurise(words(text))


def window_starts(count):
    if count <= WINDOW:
        return [0]
    starts = list(range(0, count - WINDOW + 1, STRIDE))
    if starts[-1] + WINDOW < count:
        starts.append(count - WINDOW)
    return starts


def windows(text):
    """Features of each window of a screened text."""
    ws = words(text)
    return [featurise(ws[start:start + WINDOW]) for start in window_starts(len(ws))]
