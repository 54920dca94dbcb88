import Hummingbird

/// Wraps a router and reports each request's path once its whole middleware chain is done with it,
/// answered or thrown. A test awaits the end of work it cannot see, such as the handler of a request
/// the timeout has already answered, instead of sleeping and hoping that work is over.
struct RequestEndReporter<Builder: HTTPResponderBuilder>: HTTPResponderBuilder {
    let router: Builder
    let ends: AsyncStream<String>.Continuation

    func buildResponder() -> Responder {
        Responder(inner: router.buildResponder(), ends: ends)
    }

    struct Responder: HTTPResponder {
        let inner: Builder.Responder
        let ends: AsyncStream<String>.Continuation

        func respond(to request: Request, context: Builder.Responder.Context) async throws -> Response {
            defer { ends.yield(request.uri.path) }
            return try await inner.respond(to: request, context: context)
        }
    }
}
