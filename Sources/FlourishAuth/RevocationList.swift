import FlourishStore
import Synchronization

/// What this instance knows of revoked clients and rotated secrets, checked on every request without I/O.
///
/// Unknown clients are accepted: a token is rejected only on news of its revocation or rotation, so any
/// instance can verify tokens another issued.
package final class RevocationList: Sendable {
    private let states = Mutex<[String: CredentialState]>([:])

    package init() {}

    /// Records one client's state as this instance just changed or read it.
    package func apply(_ state: CredentialState) {
        merge([state])
    }

    /// Merges the states read from the store. Revocation is final and generations only grow, so a read
    /// that raced a newer local change cannot undo it.
    package func merge(_ all: [CredentialState]) {
        states.withLock { states in
            for state in all {
                guard let known = states[state.clientID] else {
                    states[state.clientID] = state
                    continue
                }
                states[state.clientID] = CredentialState(
                    clientID: state.clientID, generation: max(known.generation, state.generation),
                    isRevoked: known.isRevoked || state.isRevoked)
            }
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
