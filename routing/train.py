"""Trains the tier classifier and writes the weights Flourish loads at start.

    python3 routing/train.py            # train on the fixed split, write Sources/.../tier-classifier.json
    python3 routing/train.py --evaluate # print accuracy, macro-F1, confusion matrix and ECE on the test split

Multinomial logistic regression over routing/features.py, L2-regularised, fitted by full-batch gradient
descent with numpy on a sparse matrix; a temperature fitted on the training split calibrates the confidence.
The split is fixed: an item is in the test split when fnv1a(id) % 5 == 0 (20%).
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import features  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "routing" / "data" / "queries.jsonl"
WEIGHTS = ROOT / "Sources" / "FlourishRouting" / "Resources" / "tier-classifier.json"
TIERS = ["tier_1", "tier_2", "tier_3"]
# Texts that exercise what the data rarely does: final sigma, dotted I, combining marks, CRLF, other digits,
# thousands separators, indentation, emoji, empty text and a paste longer than the cap.
EDGE_CASES = [
    "ΣΟΦΙΑ ΚΑΙ ΛΟΓΟΣ: τί ἐστιν ἀλήθεια;", "İSTANBUL'DA KİLİSE NEREDE?", "e\u0301glise, café, ﬁnal",
    "Write a 3,000-word essay on grace.\r\n\r\nThanks! 🙏", "Escribe un cuento de 4.000 palabras, por favor.",
    "x² + y² = z²; ١٢٣ + ４５６ = Ⅻ?", "", "   \n\n  \tindented line\n\n\nlast paragraph: what day?",
    "\n".join(f"- Item {i}: the team meets on Tuesday at 7pm.\tRoom {i % 7}" for i in range(150))
    + "\n\nWhat day does the youth team meet?",
]


def load():
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    test = [i for i in items if features.fnv1a(i["id"]) % 5 == 0]
    train = [i for i in items if features.fnv1a(i["id"]) % 5 != 0]
    return train, test


class Sparse:
    """A matrix in coordinate form: the features are mostly zero, and numpy alone multiplies it fast this way."""

    def __init__(self, items):
        rows, cols, values = [], [], []
        for row, item in enumerate(items):
            hashed, dense = features.extract(item["text"])
            entries = list(hashed.items()) + [(features.BUCKETS + j, v) for j, v in enumerate(dense) if v]
            rows += [row] * len(entries)
            cols += [col for col, _ in entries]
            values += [value for _, value in entries]
        self.rows, self.cols, self.values = np.array(rows), np.array(cols), np.array(values)
        self.shape = (len(items), features.BUCKETS + len(features.DENSE))

    def __matmul__(self, w):
        return np.stack([np.bincount(self.rows, self.values * w[self.cols, k], self.shape[0]) for k in range(3)], 1)

    def transpose_matmul(self, g):
        return np.stack([np.bincount(self.cols, self.values * g[self.rows, k], self.shape[1]) for k in range(3)], 1)

    def subset(self, keep):
        """The rows where keep is true, renumbered."""
        out = Sparse([])
        index = np.cumsum(keep) - 1
        mask = keep[self.rows]
        out.rows, out.cols, out.values = index[self.rows[mask]], self.cols[mask], self.values[mask]
        out.shape = (int(keep.sum()), self.shape[1])
        return out


def matrix(items):
    return Sparse(items), np.array([TIERS.index(i["tier"]) for i in items])


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(x, y, l2=1e-3, steps=3000, rate=2.0):
    w = np.zeros((x.shape[1], 3))
    b = np.zeros(3)
    onehot = np.eye(3)[y]
    for _ in range(steps):
        p = softmax(x @ w + b)
        grad = (p - onehot) / len(y)
        w -= rate * (x.transpose_matmul(grad) + l2 * w)
        b -= rate * grad.sum(axis=0)
    return w, b


def fit_temperature(logits, y):
    best, best_nll = 1.0, float("inf")
    for t in np.geomspace(0.02, 5.0, 120):
        p = softmax(logits / t)
        nll = -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def report(p, y):
    predicted = p.argmax(axis=1)
    confusion = np.zeros((3, 3), dtype=int)
    for truth, guess in zip(y, predicted):
        confusion[truth, guess] += 1
    f1s = []
    for k in range(3):
        tp = confusion[k, k]
        precision = tp / max(1, confusion[:, k].sum())
        recall = tp / max(1, confusion[k, :].sum())
        f1s.append(0 if tp == 0 else 2 * precision * recall / (precision + recall))
    confidence = p.max(axis=1)
    ece = 0.0
    for low in np.linspace(0, 1, 11)[:-1]:
        in_bin = (confidence > low) & (confidence <= low + 0.1)
        if in_bin.any():
            ece += in_bin.mean() * abs((predicted[in_bin] == y[in_bin]).mean() - confidence[in_bin].mean())
    print(f"items: {len(y)}   accuracy: {(predicted == y).mean():.3f}   macro-F1: {np.mean(f1s):.3f}   ECE: {ece:.3f}")
    print("confusion (rows: truth, columns: predicted)")
    print("          " + "  ".join(f"{t:>7}" for t in TIERS))
    for k, tier in enumerate(TIERS):
        print(f"{tier:>8}  " + "  ".join(f"{n:7d}" for n in confusion[k]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluate", action="store_true", help="report on the held-out split")
    args = parser.parse_args()
    train, test = load()
    x, y = matrix(train)
    # Regularisation and temperature are chosen on a validation fifth of the training split, never on test.
    validation = np.array([features.fnv1a(item["id"] + "/validation") % 5 == 0 for item in train])
    best_l2, best_nll = None, float("inf")
    fitting, held = x.subset(~validation), x.subset(validation)
    for l2 in (1e-2, 3e-3, 1e-3, 3e-4, 1e-4):
        w, b = fit(fitting, y[~validation], l2=l2)
        t = fit_temperature(held @ w + b, y[validation])
        p = softmax((held @ w + b) / t)
        nll = -np.mean(np.log(p[np.arange(validation.sum()), y[validation]] + 1e-12))
        if nll < best_nll:
            best_l2, best_nll, temperature = l2, nll, t
    w, b = fit(x, y, l2=best_l2)
    xt, yt = matrix(test)
    if args.evaluate:
        print(f"train {len(train)}, test {len(test)}, l2 {best_l2}, temperature {temperature:.3f}")
        report(softmax((xt @ w + b) / temperature), yt)
        return
    # Twelve held-out items, every non-ASCII one and the edge cases, so Swift is checked on Unicode and capping too.
    checked = [item["text"] for i, item in enumerate(test) if i < 12 or not item["text"].isascii()] + EDGE_CASES
    checked_x = Sparse([{"text": text} for text in checked])
    text_weights = w[: features.BUCKETS]
    nonzero = {str(i): [round(float(v), 6) for v in row] for i, row in enumerate(text_weights) if np.any(row != 0)}
    model = {
        "version": 2, "buckets": features.BUCKETS, "half_cap": features.HALF_CAP, "ask_tokens": features.ASK_TOKENS,
        "tiers": TIERS, "text_weights": nonzero, "dense_names": features.DENSE,
        "dense_weights": [[round(float(v), 6) for v in row] for row in w[features.BUCKETS:]],
        "bias": [round(float(v), 6) for v in b], "temperature": round(temperature, 4),
        "cues": [{"name": name, "words": words.split()} for name, words in features.CUES.items()],
        "short_question_cues": features.SHORT_QUESTION_CUES, "word_units": features.WORD_UNITS.split(),
        # Probabilities of those texts, so the Swift loader can prove it computes the same thing.
        "checks": [{"text": text, "probabilities": [round(float(v), 5) for v in p]}
                   for text, p in zip(checked, softmax((checked_x @ w + b) / temperature))],
    }
    WEIGHTS.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(ROOT)}: {len(nonzero)} text buckets, temperature {temperature:.2f}")


if __name__ == "__main__":
    main()
