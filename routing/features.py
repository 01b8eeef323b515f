"""Features of the tier classifier, defined once here and mirrored exactly by Swift's TierFeatures.

One pass over the text capped to its first and last HALF_CAP characters (so a long paste costs no more than a
short one), lowercased character by character as Swift's `lowercased()` does. A token is a run of letters or
digits; tokens are only ever hashed (32-bit FNV-1a), never kept as strings.

Hashed features (bucket = hash % BUCKETS, value log(1 + count), each block L2-normalised):
- the text: unigrams and bigrams;
- the ask: the same n-grams, salted, of the first paragraph and of the last, ASK_TOKENS tokens at most each. The
  rubric grades the last ask; a paste around it must not drown it out.
Dense features: SHAPE (size and shape, each about 0..1); one per CUES group, how many of the ask's tokens are on
its list (saturating at CUE_SCALE); then each SHORT_QUESTION_CUES group again, times short_question.
"""

import math

BUCKETS = 4096
HALF_CAP = 2000
ASK_TOKENS = 48
BASIS = 0x811C9DC5
ASK_SALT = 0x01  # a byte mixed into the ask's n-gram hashes, so they get buckets of their own
MATH = set("=^∑∫√+*/<>")
CODE = set("{}[];`_\\|")
SHAPE = [
    "bytes", "tokens", "lines", "paragraphs", "ask_share", "unique_words", "code", "indented_lines", "math",
    "question_marks", "digits", "non_ascii", "long_word_count", "short_word_count", "short_question",
]
# Words after a requested length ("a 3,000-word essay", "500 palabras"): 1,500+ is long, 100-1,499 short.
WORD_UNITS = "word words palabras palavras mots wörter maneno"
CUES = {  # a word ending in * matches every token that starts with it ("abus*": abuse, abused, abusive)
    "proof": "prove proves proved proving proof proofs derive derives derived deriving derivation derivations theorem "
    "theorems lemma rigorous rigorously induction beweise beweis beweisen prouver prouvez démontrer démontrez "
    "demuestra demuestre demostrar demostración provar thibitisha 증명*",
    "depth": "weigh weighs steelman nuanced depth contested debate debated coherent coherence incoherent compatible "
    "compatibility reconcile harmonize patristic metaphysical metaphysically traditions exegesis kina utathmini "
    "evaluat* evalu* éval* assess* critiqu* critical* hermeneut* exeget* avali* bewert* approfondi* profundi* 평가* "
    "깊이*",
    "traditions": "reformed baptist baptists mainline kikatoliki kiorthodoksi kiprotestanti kipentekoste cathol* "
    "orthodox* evangelic* lutheran* anglican* pentecostal* calvinis* arminian* wesleyan* anabaptist* methodis* "
    "presbyterian* católic* catholiq* katholi* ortodox* protestant* evangélic* evangelisch* reformiert* "
    "lutherisch* 가톨릭* 개신교* 정교회* 천주교* 장로교* 감리교*",
    "long_output": "essay essays series chapters novel novella screenplay liturgy complete full entire course sequence "
    "calendar pages musical drama episodes stanzas dissertation ensayo essai ensaio aufsatz completo completa "
    "complète vollständige curricul* manuscript* manuscrit* comprehensiv* thorough* exhaustiv* detail*",
    "engineering": "design designs designing architecture lock locks locking race races raft paxos consensus compiler "
    "interpreter protocol downtime kubernetes microservices tenant throughput latency implement implementing "
    "runtime scheduler leak leaks scratch crdt failover diseña diseñar arquitectura architektur entwirf concevoir "
    "architect* distribut* concurren* migrat* replicat* refactor* scalab* shard* deadlock* idempoten* 설계*",
    "crisis": "rape raped rapist kill killed killing die died dying dies death dead alive pills harm hurt hurting "
    "cutting panic miscarried miscarriage stillborn terminal shooting terrified ashamed spiraling drinking hit hits "
    "hitting beating choked strangled grooming mourir suicider frappe morir muerte murió morreu morrer vivir "
    "viviendo cortando golpea kujiua kuishi akinipiga alinyanyaswa kunyanyaswa amekufa 살고 suicid* suicíd* "
    "suizid* selbstmord* missbrauch* abus* overdos* assault* molest* violen* threat* hopeless* depress* trauma* "
    "자살* 자해* 죽고* 폭력* 학대*",
    "stakes": "misconduct arrested charged lawsuit liability layoffs obligations mandated reporter legal lawyer "
    "investigat* embezzl* allegation* safeguard*",
    "lookup": "verse verses versículo versículos vers say says dice dit diz sagt inasema mean means meaning meant "
    "significa signifie bedeutet inamaanisha reference ref define spell pronounce capital kjv niv esv nlt nrsv csb "
    "nkjv translat* traduc* traduz* traduis* übersetz* 번역* 뜻*",
    "brief": "short shorter quick quickly brief briefly one single sentence line liner phrase few just tl dr simple "
    "simply corto corta breve court courte kurz kurze fupi 짧게 짧은",
    "chat": "hi hello hey hiya thx bye goodbye morning joke jokes riddle lol haha ok okay cool bored fun favorite "
    "slogan caption hola salut bonjour bom oi habari hujambo danke thank* 안녕* 감사* gracia* merci* obrigad* asant*",
    "routine": "draft email letter guide questions script function regex query debug fix tests plan overview "
    "devotional homily lesson steps example examples paragraphs gliederung eleza nieleze blog quiz table bullet "
    "bullets tighten feedback outlin* summar* explain* explic* expliq* erklär* proofread* rewrit* bosquej* esboç* "
    "resum* flashcard* 설명* 요약* 개요* 정리*",
    "contested": "hell heaven election salvation saved damnation inerrancy infallible infallibility filioque "
    "regenerate regeneration tongues rapture millennium tribulation evolution flood exodus historicity resurrection "
    "miracles evil suffering determinism deterministic papacy ordination ordained homosexuality abortion euthanasia "
    "divorce sinless consciousness morality objective existence authentic authorship eyewitness infierno enfer "
    "inferno salvación albedrío arbítrio leid sufrimiento souffrance sofrimento sofre mateso uovu jehanamu 악을 "
    "predestin* predestina* prädestin* prédestin* purgator* purgatori* fegefeuer* infallib* inerran* universalis* "
    "cessation* annihilation* transubstantia* theodic* trinit* trinid* trindad* dreifaltig* foreknow* omnipoten* "
    "omniscien* impassib* molinis* heretic* heres* höll* 예정* 지옥* 구원* 삼위일체* 연옥*",
    "strict_form": "terza rima meter parallelism haiku limerick crown sonnet* villanel* sestin* alexandrin* "
    "tetramet* pentamet* acrostic* lipogram* iamb* anapest*",
    "research": "literature review sensitivity scenarios model projection evidence methodolog* empiric* causal* "
    "confound* randomi* forecast* simulat*",
}
CUE_SCALE = 2
SHORT_QUESTION_CUES = ["contested"]  # a contested question stated baldly is tier_3 (rubric rule 4)
DENSE = SHAPE + list(CUES) + [group + "_short" for group in SHORT_QUESTION_CUES]


def mix(byte, value):
    return ((value ^ byte) * 0x01000193) & 0xFFFFFFFF


def fnv1a(text, value=BASIS):
    for byte in text.encode("utf-8"):
        value = mix(byte, value)
    return value


def capped(text):
    return text if len(text) <= 2 * HALF_CAP else text[:HALF_CAP] + " " + text[-HALF_CAP:]


def cue_masks(stems):
    """Hash of a cue word (stems: of a cue stem, without its *) -> bit mask of the CUES groups it is in."""
    masks = {}
    for bit, words in enumerate(CUES.values()):
        for word in words.split():
            assert word.rstrip("*").isalnum() and word == word.lower(), word  # one lowercase token
            if word.endswith("*") == stems:
                key = fnv1a(word.rstrip("*"))
                masks[key] = masks.get(key, 0) | 1 << bit
    return masks


MASKS, STEM_MASKS = cue_masks(False), cue_masks(True)
UNITS = {fnv1a(word) for word in WORD_UNITS.split()}


def extract(text):
    """(hashed {bucket: value}, dense [float]) of one text."""
    tokens, bigrams, masks, breaks = [], [], [], []  # bigrams[i] joins tokens i-1 and i; breaks: paragraph starts
    newlines = questions = math_chars = code_chars = digits = letters = non_ascii = indented = 0
    long_words = short_words = 0
    token = bigram = number = previous_number = None  # number: the value of an all-ASCII-digit token
    length = gap = mask = 0  # characters in the current token, and since the last one
    gap_is_separator = blank_pending = False
    newline_run, lead = 0, -1  # newlines since the last non-space; lead: 0 or 1 spaces into a line, else -1
    for ch in "".join(ch.lower() for ch in capped(text)) + " ":  # the trailing space ends the last token
        if ch == "\n":
            newlines, newline_run, lead = newlines + 1, newline_run + 1, 0
        else:
            if ch not in " \t\r":
                blank_pending = blank_pending or newline_run >= 2  # a blank line: a new paragraph
                newline_run = 0
            if lead == 0 and ch == " ":
                lead = 1
            elif lead >= 0:
                indented += ch == "\t" or ch == " "  # a tab or two spaces open the line
                lead = -1
        if ch.isalpha() or ch.isdigit():
            if token is None:
                if blank_pending and tokens:
                    breaks.append(len(tokens))
                blank_pending = False
                token, bigram, number, length, mask = BASIS, mix(32, tokens[-1]) if tokens else None, 0, 0, 0
            for byte in ch.encode("utf-8"):
                token = mix(byte, token)
                bigram = None if bigram is None else mix(byte, bigram)
            mask |= STEM_MASKS.get(token, 0)  # token is the hash of the token so far
            number = min(number * 10 + ord(ch) - 48, 10_000_000) if number is not None and "0" <= ch <= "9" else None
            length += 1
            letters += ch.isalpha()
            non_ascii += ch.isalpha() and ord(ch) > 127
            digits += ch.isdigit()
            continue
        if token is not None:
            if number is not None and length == 3 and previous_number is not None and gap == 1 and gap_is_separator:
                number = min(previous_number * 1000 + number, 10_000_000)  # "3,000" and "4.000" are one number
            if token in UNITS and previous_number is not None and gap <= 1:
                long_words += previous_number >= 1500
                short_words += 100 <= previous_number < 1500
            tokens.append(token)
            bigrams.append(bigram)
            masks.append(mask | MASKS.get(token, 0))
            token, previous_number, gap = None, number, 0
        gap += 1
        gap_is_separator = gap == 1 and ch in ",."
        questions += ch == "?"
        math_chars += ch in MATH
        code_chars += ch in CODE

    n = len(tokens)
    head_end = min(breaks[0] if breaks else n, ASK_TOKENS)
    tail_start = max(breaks[-1] if breaks else 0, n - ASK_TOKENS, head_end)
    ask = list(range(head_end)) + list(range(tail_start, n))
    ask_grams = [mix(ASK_SALT, tokens[i]) for i in ask]
    ask_grams += [mix(ASK_SALT, bigrams[i]) for i in ask if i not in (0, tail_start)]
    hashed = {}
    for grams in (tokens + bigrams[1:], ask_grams):
        for bucket, value in normalised(grams).items():
            hashed[bucket] = hashed.get(bucket, 0.0) + value
    short_question = 1.0 if questions and n <= 16 else 0.0
    dense = [
        min(1.0, math.log1p(len(text.encode("utf-8"))) / 10),  # the whole text's size, which Swift reads in O(1)
        min(1.0, math.log1p(n) / 8),
        min(1.0, newlines / 50),
        min(1.0, len(breaks) / 10),
        len(ask) / n if n else 1.0,
        len({t % BUCKETS for t in tokens}) / n if n else 1.0,  # low for a long repetitive paste
        min(1.0, code_chars / 20),
        min(1.0, indented / 10),
        min(1.0, math_chars / 10),
        min(1.0, questions / 3),
        min(1.0, digits / 20),
        non_ascii / letters if letters else 0.0,
        min(1.0, long_words),
        min(1.0, short_words),
        short_question,
    ]
    cues = {group: min(1.0, sum(masks[i] >> bit & 1 for i in ask) / CUE_SCALE) for bit, group in enumerate(CUES)}
    return hashed, dense + list(cues.values()) + [cues[group] * short_question for group in SHORT_QUESTION_CUES]


def normalised(grams):
    """Bucket -> log(1 + count), L2-normalised."""
    counts = {}
    for gram in grams:
        counts[gram % BUCKETS] = counts.get(gram % BUCKETS, 0) + 1
    weights = {bucket: math.log1p(count) for bucket, count in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {bucket: w / norm for bucket, w in weights.items()}
