import Foundation
import Testing
@testable import ChurnStore

/// The registry: lifecycle moves, one holder per live role, every change recorded, rollback.
@Suite("Store contract: model registry") struct ModelRegistryContract {
    static func register(_ registry: ModelRegistry, _ version: String, auc: Double = 0.9) async throws {
        try await registry.registerCandidate(version: version, metricsJSON: #"{"roc_auc": \#(auc)}"#, bundlePath: "bundles/\(version)", actor: "trainer")
    }

    @Test(arguments: TestBackend.allCases)
    func promotionArchivesPreviousProductionAndRecordsBoth(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let registry = store.modelRegistry
            try await Self.register(registry, "v1")
            try await Self.register(registry, "v2")
            #expect(try await registry.production() == nil)
            try await registry.setStage("v1", to: .production, actor: "alice", reason: "first model")
            #expect(try await registry.production()?.version == "v1")

            try await registry.setStage("v2", to: .production, actor: "bob", reason: "better AUC")
            #expect(try await registry.production()?.version == "v2")
            #expect(try await registry.version("v1")?.stage == .archived)
            #expect(try await registry.previousProduction()?.version == "v1")

            let history = try await registry.history()
            #expect(history.map { "\($0.version):\($0.fromStage?.rawValue ?? "-")>\($0.toStage.rawValue)" } == [
                "v1:->candidate", "v2:->candidate", "v1:candidate>production", "v1:production>archived", "v2:candidate>production",
            ])
            #expect(history[3].actor == "bob")
            #expect(history[3].reason == "replaced by v2: better AUC")
            #expect(try await registry.history(version: "v2").count == 2)
            // Each change is in the audit log too, in the same order.
            let audit = try await store.auditLog.entries()
            #expect(audit.map(\.target) == history.map { "model:\($0.version)" })
            #expect(audit.allSatisfy { $0.action == "model.stage" })

            let v1 = try #require(try await registry.version("v1"))
            #expect(v1.bundlePath == "bundles/v1")
            #expect(try canonicalJSON(v1.metricsJSON) == #"{"roc_auc":0.9}"#)
            #expect(try await registry.list().count == 2)
            #expect(try await registry.list(stage: .archived).map(\.version) == ["v1"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func rollbackRestoresPreviousProduction(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let registry = store.modelRegistry
            await #expect(throws: StoreError.noPreviousProduction) { try await registry.rollback(actor: "alice") }
            for version in ["v1", "v2"] {
                try await Self.register(registry, version)
                try await registry.setStage(version, to: .production, actor: "alice")
            }
            let restored = try await registry.rollback(actor: "oncall", reason: "v2 misbehaves")
            #expect(restored.version == "v1")
            #expect(try await registry.production()?.version == "v1")
            #expect(try await registry.version("v2")?.stage == .archived)
            #expect(try await registry.history().last?.reason == "v2 misbehaves")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func shadowAndCanaryRoles(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let registry = store.modelRegistry
            for version in ["v1", "v2", "v3"] { try await Self.register(registry, version) }
            try await registry.setStage("v1", to: .production, actor: "a")
            try await registry.setStage("v2", to: .shadow, actor: "a")
            #expect(try await registry.shadow()?.version == "v2")
            // A second shadow replaces the first.
            try await registry.setStage("v3", to: .shadow, actor: "a")
            #expect(try await registry.shadow()?.version == "v3")
            #expect(try await registry.version("v2")?.stage == .archived)

            await #expect(throws: StoreError.self) { try await registry.setStage("v3", to: .canary, actor: "a") }
            await #expect(throws: StoreError.self) { try await registry.setStage("v3", to: .canary, actor: "a", canaryShare: 1.5) }
            try await registry.setStage("v3", to: .canary, actor: "a", canaryShare: 0.1)
            #expect(try await registry.shadow() == nil)
            #expect(try await registry.canary()?.canaryShare == 0.1)
            try await registry.setStage("v3", to: .canary, actor: "a", canaryShare: 0.25)
            #expect(try await registry.canary()?.canaryShare == 0.25)

            try await registry.setStage("v3", to: .production, actor: "a")
            #expect(try await registry.canary() == nil)
            let production = try #require(try await registry.production())
            #expect(production.version == "v3")
            #expect(production.canaryShare == 0)
            #expect(try await registry.version("v1")?.stage == .archived)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badRequestsAreRefusedClearly(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let registry = store.modelRegistry
            try await Self.register(registry, "v1")
            await #expect(throws: StoreError.modelVersionAlreadyRegistered("v1")) { try await Self.register(registry, "v1") }
            await #expect(throws: StoreError.modelVersionNotFound("v9")) { try await registry.setStage("v9", to: .production, actor: "a") }
            #expect(throws: StoreError.unknownStage("staging")) { try ModelStage(parsing: "staging") }
            #expect(try ModelStage(parsing: "Production") == .production)

            try await registry.setStage("v1", to: .rejected, actor: "gate", reason: "ROC-AUC 0.80 < floor 0.88")
            #expect(try await registry.version("v1")?.reason == "ROC-AUC 0.80 < floor 0.88")
            await #expect(throws: StoreError.invalidStageTransition(version: "v1", from: .rejected, to: .production)) {
                try await registry.setStage("v1", to: .production, actor: "a")
            }
            #expect(StoreError.invalidStageTransition(version: "v1", from: .rejected, to: .production).description.contains("allowed from rejected: archived"))
            #expect(try await registry.production() == nil)
            // Refused moves recorded nothing.
            #expect(try await registry.history(version: "v1").count == 2)
            await #expect(throws: StoreError.self) {
                try await registry.registerCandidate(version: String(repeating: "x", count: 40), metricsJSON: "{}", bundlePath: "b", actor: "t")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentPromotionsLeaveOneProduction(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let registry = store.modelRegistry
            let versions = (1...6).map { "v\($0)" }
            for version in versions { try await Self.register(registry, version) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for version in versions {
                    group.addTask { try await registry.setStage(version, to: .production, actor: "race") }
                }
                try await group.waitForAll()
            }
            #expect(try await registry.list(stage: .production).count == 1)
            #expect(try await registry.list(stage: .archived).count == 5)
            #expect(try await registry.history().filter { $0.fromStage == .production }.count == 5)
        }
    }
}
