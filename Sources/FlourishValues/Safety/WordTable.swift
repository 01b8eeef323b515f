/// An open-addressing table keyed by 64-bit word hashes. The keys are FNV-1a hashes already, so their low bits
/// pick the slot directly; `Set` and `Dictionary` would hash them again with SipHash on every lookup, which was
/// the largest cost of screening.
struct WordTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var used: [Bool]
    private(set) var count = 0

    init() {
        keys = Array(repeating: 0, count: 8)
        values = Array(repeating: nil, count: 8)
        used = Array(repeating: false, count: 8)
    }

    subscript(key: UInt64) -> Value? {
        get {
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while used[slot] {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & mask
            }
            return nil
        }
        set {
            guard let newValue else { return }  // entries are never removed
            if (count + 1) * 2 > keys.count { grow() }
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while used[slot], keys[slot] != key { slot = (slot + 1) & mask }
            if !used[slot] { count += 1 }
            used[slot] = true
            keys[slot] = key
            values[slot] = newValue
        }
    }

    var isEmpty: Bool { count == 0 }

    /// Every key, in no particular order.
    var allKeys: [UInt64] { keys.indices.filter { used[$0] }.map { keys[$0] } }

    private mutating func grow() {
        let old = zip(keys, zip(values, used)).filter { $0.1.1 }
        keys = Array(repeating: 0, count: keys.count * 2)
        values = Array(repeating: nil, count: keys.count)
        used = Array(repeating: false, count: keys.count)
        count = 0
        for (key, (value, _)) in old { self[key] = value }
    }
}

extension WordTable where Value == Bool {
    func contains(_ key: UInt64) -> Bool { self[key] != nil }

    mutating func insert(_ key: UInt64) { self[key] = true }
}
