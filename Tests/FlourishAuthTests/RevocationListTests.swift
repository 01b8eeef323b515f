import FlourishAuth
import FlourishStore
import Testing

@Suite struct RevocationListTests {
    @Test func unknownClientsAreAllowed() {
        #expect(RevocationList().allows(clientID: "new", generation: 1))
    }

    @Test func aStaleReadCannotUndoRevocationOrRotation() {
        let list = RevocationList()
        list.apply(CredentialState(clientID: "a", generation: 2, isRevoked: false))
        list.apply(CredentialState(clientID: "b", generation: 1, isRevoked: true))
        // A store read that started before those changes lands afterwards.
        list.merge([
            CredentialState(clientID: "a", generation: 1, isRevoked: false),
            CredentialState(clientID: "b", generation: 1, isRevoked: false),
        ])
        #expect(!list.allows(clientID: "a", generation: 1))
        #expect(list.allows(clientID: "a", generation: 2))
        #expect(!list.allows(clientID: "b", generation: 1))
    }
}
