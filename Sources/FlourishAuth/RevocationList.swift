import FlourishStore
import Synchronization

/// What this instance knows of revoked clients and rotated secrets, checked on every request without I/O.
///
/// Unknown clients are accepted: a token is rejected only on news of its revocation or rotation, so any
/// instance can verify tokens another issued.
package final class RevocationList: Sendable {
    private let states = Mutex<[String: CredentialState]>([:])

    package init() {}

    /// Records a client's state, keeping the newest generation seen.
    package func apply(_ state: CredentialState) {
        states.withLock { states in
            if let known = states[state.clientID], known.generation > state.generation { return }
            states[state.clientID] = state
        }
    }

    /// Replaces every known state, as read from the store.
    package func replaceAll(with all: [CredentialState]) {
        states.withLock { states in
            states = Dictionary(
                all.map { ($0.clientID, $0) },
                uniquingKeysWith: { first, second in
                    first.generation >= second.generation ? first : second
                })
        }
    }

    /// Whether a token of this client and secret generation may still be used.
    package func allows(clientID: String, generation: Int) -> Bool {
        states.withLock { states in
            guard let state = states[clientID] else { return true }
            return !state.isRevoked && generation >= state.generation
        }
    }
}
