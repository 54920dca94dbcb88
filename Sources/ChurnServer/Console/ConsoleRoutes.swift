import ChurnDecisions
import ChurnDelivery
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// The web console at `/console`, served by the API's own server and port (TLS when configured).
/// HTML pages, not API: they are not in `openapi.yaml` (APIContractTests leaves the `/console`
/// prefix out on purpose), sign in with a session cookie instead of a bearer token, and read
/// through the same store and services as the API. Each page is a type in `Pages/`; roles are
/// the API's (``ConsoleRoles``).
struct ConsoleRoutes: Sendable {
    let store: ChurnStore
    let models: ServingModels
    let lookup: (any OnlineFeatureLookup)?
    let scorer: OnlineScorer
    let metrics: ServerMetrics
    let sessions: ConsoleSessions
    let signInAttempts: RateLimiter
    let overviewCache: OverviewCache
    let programs: [String: RetentionProgram]
    let delivery: DeliveryConfiguration?

    func add(to router: Router<ChurnRequestContext>) {
        // The stylesheet is public: the sign-in page needs it, and it holds nothing secret.
        router.get("console/static/console.css") { _, _ in
            var headers = ConsoleResponse.securityHeaders(contentType: "text/css; charset=utf-8")
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: ConsoleStylesheet.css)))
        }
        LoginPage(sessions: sessions, attempts: signInAttempts).add(to: router)

        let reading = group(router, ConsoleRoles.readers)
        OverviewPage(store: store, cache: overviewCache).add(to: reading)
        AtRiskPage(store: store).add(to: reading)
        CustomerPage(store: store, models: models).add(to: reading)
        let modelsPage = ModelsPage(models: models, store: store)
        ModelComparePage(models: models, store: store, insights: modelsPage.insights).add(to: reading)
        modelsPage.add(to: reading)
        let campaigns = CampaignsPage(store: store, programIDs: programs.keys.sorted())
        campaigns.add(to: reading)
        MonitoringPage(store: store).add(to: reading)
        let deliveryPage = DeliveryPage(store: store)
        deliveryPage.add(to: reading)

        let operating = group(router, ConsoleRoles.operators)
        CampaignActions(page: campaigns, programs: programs, delivery: delivery).add(to: operating)
        OutcomeUpload(page: campaigns).add(to: operating)
        PredictPage(models: models, lookup: lookup, scorer: scorer).add(to: group(router, ConsoleRoles.scorers))
        let administering = group(router, ConsoleRoles.admins)
        ModelActions(models: models, store: store, metrics: metrics).add(to: administering)
        ModelRoleActions(models: models, store: store, metrics: metrics).add(to: administering)
        DeadLetterReplay(page: deliveryPage).add(to: administering)
    }

    private func group(_ router: Router<ChurnRequestContext>, _ allowed: Set<Role>) -> RouterGroup<ChurnRequestContext> {
        router.group("console").add(middleware: ConsoleAccessMiddleware(sessions: sessions, allowed: allowed))
    }
}
