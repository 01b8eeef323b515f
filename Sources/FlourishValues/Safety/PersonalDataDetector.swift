import FlourishAPI

/// Finds personal data an answer must not disclose, by shape rather than by word: payment card numbers (Luhn
/// checked), US social security and Canadian social insurance numbers, credentials (API keys, private keys,
/// tokens, stated passwords) and bank account numbers named as such. Contact details (phone numbers, personal
/// email addresses) are `low` on their own: a church office's number is fine, a member's number with their
/// address is not, and `SafetyScreen` decides that from what else it finds.
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
            if Self.isCardNumber(run.digits), Self.isDocumentedTestCard(run.digits, in: bytes, at: run.span) {
                continue
            }
            if Self.isCardNumber(run.digits) || Self.isSocialSecurityNumber(run.digits, groups: run.groups)
                || Self.isSocialInsuranceNumber(run.digits, groups: run.groups) || isAccount
            {
                found.append(Hit(span: run.span, severity: .high))
            }
        }
        for span in Self.credentials(in: bytes) { found.append(Hit(span: span, severity: .critical)) }
        for span in Self.phoneNumbers(in: bytes) + Self.personalEmails(in: bytes) {
            found.append(Hit(span: span, severity: .low))
        }
        return found
    }

    /// Card networks' published test numbers, when the text says it is about testing.
    static let testCards: Set<[UInt8]> = Set(
        [
            "4242424242424242", "4111111111111111", "5555555555554444", "5105105105105100", "378282246310005",
            "4000056655665556", "6011111111111117", "4012888888881881",
        ].map { $0.utf8.map { $0 - 0x30 } })

    static func isDocumentedTestCard(_ digits: [UInt8], in bytes: [UInt8], at span: Range<Int>) -> Bool {
        guard testCards.contains(digits) else { return false }
        let before = String(decoding: bytes[max(0, span.lowerBound - 240)..<span.lowerBound], as: UTF8.self)
        return before.lowercased().contains("test")
    }

    /// `AAA GGG SSS` passing the Luhn check, as Canada's social insurance numbers do.
    static func isSocialInsuranceNumber(_ digits: [UInt8], groups: [Int]) -> Bool {
        guard groups == [3, 3, 3], digits.first != 0, digits.first != 8 else { return false }
        return passesLuhn(digits)
    }

    /// North American numbers: "(303) 555-0162", "303-555-0162", "303.555.0162", "+1 303 555 0162".
    static func phoneNumbers(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]) || bytes[index] == 0x28, index == 0 || !isAlphanumeric(bytes[index - 1]) else {
                index += 1
                continue
            }
            var cursor = index
            var digits = 0
            var end = index
            while cursor < bytes.count, cursor - index < 20 {
                let byte = bytes[cursor]
                if isDigit(byte) {
                    digits += 1
                    end = cursor + 1
                } else if !(byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x28 || byte == 0x29) {
                    break
                }
                cursor += 1
            }
            let touchesWord = end < bytes.count && isAlphanumeric(bytes[end])
            if digits == 10 || (digits == 11 && bytes[index] == 0x31), !touchesWord {
                found.append(index..<end)
                index = end
            } else {
                index = max(index + 1, end)
            }
        }
        return found
    }

    /// Addresses at free mail providers, which belong to people rather than organisations.
    static let personalMailDomains = [
        "gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me", "comcast.net", "gmx.com",
    ].map { Array($0.utf8) }

    static func personalEmails(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        for (at, byte) in bytes.enumerated() where byte == 0x40 {
            var start = at
            while start > 0, isKeyByte(bytes[start - 1]) || bytes[start - 1] == 0x2E || bytes[start - 1] == 0x2B {
                start -= 1
            }
            let domain = bytes[(at + 1)...].prefix { isKeyByte($0) || $0 == 0x2E }
            let lower = domain.map { $0 | (isLetter($0) ? 0x20 : 0) }
            guard start < at, personalMailDomains.contains(where: { lower.starts(with: $0) }) else { continue }
            found.append(start..<(at + 1 + domain.count))
        }
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
        return passesLuhn(digits)
    }

    /// The check digit card and social insurance numbers carry.
    static func passesLuhn(_ digits: [UInt8]) -> Bool {
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
    /// The first bytes of `keyPrefixes` and of the private key marker, so most bytes are passed over at once.
    static let keyInitials = Set(keyPrefixes.map { $0.prefix[0] })

    static func credentials(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            if index > 0, isKeyByte(bytes[index - 1]) {
                index += 1
                continue
            }
            let first = bytes[index]
            if Self.keyInitials.contains(first),
                let key = keyPrefixes.first(where: { bytes.starts(with: $0.prefix, at: index) })
            {
                var end = index + key.prefix.count
                while end < bytes.count, isKeyByte(bytes[end]) || bytes[end] == 0x2E { end += 1 }
                if end - index - key.prefix.count >= key.minimumTail, !isPlaceholder(bytes[index..<end]) {
                    found.append(index..<end)
                    index = end
                    continue
                }
            }
            if first == 0x2D, bytes.starts(with: privateKeyMarker, at: index) {
                // The marker and at least one line of key material: naming the marker is not a leak.
                let line = bytes[index...].prefix { $0 != 0x0A }
                let next = bytes[(index + line.count)...].dropFirst().prefix { $0 != 0x0A }
                let isKeyLine =
                    next.count >= 40
                    && next.allSatisfy { isAlphanumeric($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || $0 == 0x0D }
                if String(decoding: line, as: UTF8.self).contains("PRIVATE KEY-----"), isKeyLine {
                    found.append(index..<(index + line.count + 1 + next.count))
                }
            }
            index += 1
        }
        return found + statedPasswords(in: bytes) + namedTokens(in: bytes)
    }

    /// A long run of letters and digits (20 or more, both kinds present) right after "key", "token" or "secret":
    /// "the API key … is mc_key_3f9c0a7e…".
    static func namedTokens(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard isKeyByte(bytes[index]), index == 0 || !isKeyByte(bytes[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isKeyByte(bytes[end]) { end += 1 }
            guard end - index >= 20 else {
                index = end
                continue
            }
            let token = bytes[index..<end]
            let digits = token.count(where: isDigit)
            let letters = token.count(where: isLetter)
            if token.count >= 20, digits >= 4, letters >= 4, !isPlaceholder(token) {
                let before = String(decoding: bytes[max(0, index - 60)..<index], as: UTF8.self).lowercased()
                if ["key", "token", "secret", "credential"].contains(where: before.contains) {
                    found.append(index..<end)
                }
            }
            index = end
        }
        return found
    }

    /// "password: hunter2!", "password is Tr0ub4dor": a value of 6 or more characters that is not a placeholder.
    static func statedPasswords(in bytes: [UInt8]) -> [Range<Int>] {
        // Every marker starts "pass" or "pin "; most texts have neither, and need no lowercased copy.
        var mayMention = false
        var index = 0
        while index + 3 < bytes.count, !mayMention {
            if bytes[index] | 0x20 == 0x70 {
                let next = (bytes[index + 1] | 0x20, bytes[index + 2] | 0x20, bytes[index + 3] | 0x20)
                mayMention = next == (0x61, 0x73, 0x73) || (next.0 == 0x69 && next.1 == 0x6E && next.2 == 0x20)
            }
            index += 1
        }
        guard mayMention else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        let lower = Array(text.lowercased().utf8)
        guard lower.count == bytes.count else { return [] }
        var found: [Range<Int>] = []
        for marker in ["password", "passcode", "passwd", "pin code"] {
            let needle = Array(marker.utf8)
            index = 0
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
