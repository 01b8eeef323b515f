import FlourishAPI

/// Finds personal data an answer must not disclose, by shape rather than by word: payment card numbers (Luhn
/// checked), US social security numbers, credentials (API keys, private keys, tokens, stated passwords) and bank
/// account numbers named as such. Contact details need context and come from the phrase rules.
struct PersonalDataDetector: Sendable {
    struct Hit: Equatable {
        /// UTF-8 offsets in the screened text.
        var span: Range<Int>
        var severity: SafetySeverity
    }

    /// What was found in `bytes`, with how serious each is.
    func findings(in bytes: [UInt8]) -> [Hit] {
        var found: [Hit] = []
        for run in Self.digitRuns(in: bytes) {
            let isAccount =
                (6...17).contains(run.digits.count) && Self.mentionsAccount(bytes, before: run.span.lowerBound)
            if Self.isCardNumber(run.digits) || Self.isSocialSecurityNumber(run.digits, groups: run.groups)
                || isAccount
            {
                found.append(Hit(span: run.span, severity: .high))
            }
        }
        for span in Self.credentials(in: bytes) { found.append(Hit(span: span, severity: .critical)) }
        return found
    }

    // MARK: Numbers

    struct DigitRun {
        var digits: [UInt8]
        /// Lengths of the groups the separators cut the number into.
        var groups: [Int]
        var span: Range<Int>
    }

    /// Runs of digits joined by single spaces or hyphens ("4111 1111 1111 1111", "123-45-6789"), not touching
    /// letters, so "v2" or "abc123" are not numbers.
    static func digitRuns(in bytes: [UInt8]) -> [DigitRun] {
        var runs: [DigitRun] = []
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]), index == 0 || !isAlphanumeric(bytes[index - 1]) else {
                index += 1
                continue
            }
            let start = index
            var digits: [UInt8] = []
            var groups: [Int] = [0]
            var end = index
            while index < bytes.count {
                if isDigit(bytes[index]) {
                    digits.append(bytes[index] - 0x30)
                    groups[groups.count - 1] += 1
                    index += 1
                    end = index
                } else if (bytes[index] == 0x20 || bytes[index] == 0x2D), index + 1 < bytes.count,
                    isDigit(bytes[index + 1]), groups.count < 8
                {
                    groups.append(0)
                    index += 1
                } else {
                    break
                }
            }
            if end < bytes.count, isLetter(bytes[end]) { continue }
            runs.append(DigitRun(digits: digits, groups: groups, span: start..<end))
        }
        return runs
    }

    static func isCardNumber(_ digits: [UInt8]) -> Bool {
        guard (13...19).contains(digits.count), let first = digits.first, (2...6).contains(first) else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let value = Int(digit) * (offset % 2 == 1 ? 2 : 1)
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    /// `AAA-GG-SSSS` with the number ranges the Social Security Administration issues.
    static func isSocialSecurityNumber(_ digits: [UInt8], groups: [Int]) -> Bool {
        guard groups == [3, 2, 4] else { return false }
        let area = Int(digits[0]) * 100 + Int(digits[1]) * 10 + Int(digits[2])
        let group = Int(digits[3]) * 10 + Int(digits[4])
        let serial = digits[5...].reduce(0) { $0 * 10 + Int($1) }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// Whether "account", "acct" or "routing" comes within the 24 bytes before `position`.
    static func mentionsAccount(_ bytes: [UInt8], before position: Int) -> Bool {
        let window = String(decoding: bytes[max(0, position - 24)..<position], as: UTF8.self).lowercased()
        return window.contains("account") || window.contains("acct") || window.contains("routing")
            || window.contains("iban")
    }

    // MARK: Credentials

    /// Key prefixes of well-known services, followed by at least `minimumTail` key characters.
    struct KeyPrefix {
        var prefix: [UInt8]
        var minimumTail: Int

        init(_ prefix: String, _ minimumTail: Int) {
            self.prefix = Array(prefix.utf8)
            self.minimumTail = minimumTail
        }
    }

    static let keyPrefixes = [
        KeyPrefix("sk-", 20), KeyPrefix("sk_live_", 16), KeyPrefix("rk_live_", 16), KeyPrefix("AKIA", 16),
        KeyPrefix("ghp_", 30), KeyPrefix("github_pat_", 30), KeyPrefix("xoxb-", 20), KeyPrefix("xoxp-", 20),
        KeyPrefix("AIza", 30), KeyPrefix("glpat-", 20), KeyPrefix("eyJ", 40),
    ]
    static let privateKeyMarker = Array("-----BEGIN ".utf8)

    static func credentials(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            if index > 0, isKeyByte(bytes[index - 1]) {
                index += 1
                continue
            }
            if let key = keyPrefixes.first(where: { bytes.starts(with: $0.prefix, at: index) }) {
                var end = index + key.prefix.count
                while end < bytes.count, isKeyByte(bytes[end]) || bytes[end] == 0x2E { end += 1 }
                if end - index - key.prefix.count >= key.minimumTail, !isPlaceholder(bytes[index..<end]) {
                    found.append(index..<end)
                    index = end
                    continue
                }
            }
            if bytes.starts(with: privateKeyMarker, at: index) {
                let line = bytes[index...].prefix { $0 != 0x0A }
                if String(decoding: line, as: UTF8.self).contains("PRIVATE KEY-----") {
                    found.append(index..<(index + line.count))
                }
            }
            index += 1
        }
        return found + statedPasswords(in: bytes)
    }

    /// "password: hunter2!", "password is Tr0ub4dor": a value of 6 or more characters that is not a placeholder.
    static func statedPasswords(in bytes: [UInt8]) -> [Range<Int>] {
        let text = String(decoding: bytes, as: UTF8.self)
        let lower = Array(text.lowercased().utf8)
        guard lower.count == bytes.count else { return [] }
        var found: [Range<Int>] = []
        for marker in ["password", "passcode", "passwd", "pin code"] {
            let needle = Array(marker.utf8)
            var index = 0
            while let start = lower.firstRange(of: needle, from: index) {
                index = start.upperBound
                var cursor = start.upperBound
                while cursor < lower.count, lower[cursor] == 0x20 || lower[cursor] == 0x3A || lower[cursor] == 0x3D {
                    cursor += 1
                }
                if lower[cursor...].starts(with: Array("is ".utf8)) { cursor += 3 }
                guard cursor > start.upperBound else { continue }
                var end = cursor
                while end < bytes.count, bytes[end] > 0x20, bytes[end] != 0x2C { end += 1 }
                while end > cursor, bytes[end - 1] == 0x2E { end -= 1 }
                let value = bytes[cursor..<end]
                if value.count >= 6, !isPlaceholder(value), value.contains(where: { isDigit($0) || !isLetter($0) }) {
                    found.append(start.lowerBound..<end)
                }
            }
        }
        return found
    }

    /// "your-key-here", "sk-xxxxxxxx…", "<token>": values that only stand for a secret.
    static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: value, as: UTF8.self).lowercased()
        if ["your", "here", "example", "xxxx", "****", "<", "...", "placeholder", "redacted", "dummy", "replace"]
            .contains(where: { text.contains($0) })
        {
            return true
        }
        return Set(value.dropFirst(min(4, value.count - 1))).count <= 3
    }

    // MARK: Bytes

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    static func isKeyByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == 0x2D || byte == 0x5F }
}

extension Array where Element == UInt8 {
    func starts(with prefix: [UInt8], at index: Int) -> Bool {
        guard index + prefix.count <= count else { return false }
        return self[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    func firstRange(of needle: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, start + needle.count <= count else { return nil }
        for index in start...(count - needle.count) where starts(with: needle, at: index) {
            return index..<(index + needle.count)
        }
        return nil
    }
}
