import ChurnServices
import Foundation
import Testing

@Suite struct ConsolePasswordTests {
    @Test func hashesVerifyOnlyTheirPasswordAndCarryTheirCost() throws {
        let hash = try ConsolePassword.hash("correct horse battery", rounds: ConsolePassword.minimumRounds)
        let parts = hash.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "210000")
        #expect(Data(base64Encoded: String(parts[2]))?.count == 16)
        #expect(Data(base64Encoded: String(parts[3]))?.count == 32)
        #expect(ConsolePassword.verify("correct horse battery", against: hash))
        #expect(!ConsolePassword.verify("correct horse batterz", against: hash))
        #expect(!ConsolePassword.verify("", against: hash))
        // A fresh salt each time: the same password never hashes alike.
        #expect(try ConsolePassword.hash("correct horse battery", rounds: ConsolePassword.minimumRounds) != hash)
    }

    @Test func malformedOrWeakHashesNeverVerify() throws {
        let hash = try ConsolePassword.hash("correct horse battery", rounds: ConsolePassword.minimumRounds)
        let parts = hash.split(separator: "$").map(String.init)
        for bad in ["", "plain", "pbkdf2-sha256$x$\(parts[2])$\(parts[3])", "pbkdf2-sha256$1000$\(parts[2])$\(parts[3])",
                    "md5$210000$\(parts[2])$\(parts[3])", "pbkdf2-sha256$210000$\(parts[2])$"] {
            #expect(!ConsolePassword.verify("correct horse battery", against: bad), "\(bad)")
        }
        #expect(throws: ConsolePasswordError.tooShort(12)) { try ConsolePassword.hash("eleven char") }
        #expect(!ConsolePassword.verify("anything at all", against: ConsolePassword.decoy))
    }
}
