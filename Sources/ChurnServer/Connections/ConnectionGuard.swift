import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Reports each connection's progress to the ``ConnectionRegistry``: admitted (or refused) when it
/// opens, reading its head from the first byte (seen by ``FirstByteObserver`` in front of the HTTP
/// decoder), reading its body once the head is parsed, responding once the body has ended, waiting
/// again when the response has been written; stalled while the channel is not writable (the
/// client does not read its answer). A response written before the request's body has
/// ended closes the connection: the rest of an upload nobody reads is not worth waiting for.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private var registered = false
    private var refused = false
    private var bodyEnded = true

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(FirstByteObserver(registry: registry), position: .first)
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        refused = registry.open(context.channel) == .refused
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        registry.setStalled(!context.channel.isWritable, context.channel)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        registry.close(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if refused {
            // Answered here, never handed to the application: the server is at its connection cap.
            if case .head = part { refuse(context) }
            return
        }
        switch part {
        case .head(let head):
            bodyEnded = false
            registry.enter(head.path.map(ServerLimits.readsBodyBeforeAuthentication) == true ? .readingAnonymousBody : .readingBody, context.channel)
        case .body:
            break
        case .end:
            bodyEnded = true
            registry.enter(.responding, context.channel)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        if bodyEnded {
            registry.enter(.waiting, context.channel)
            context.write(data, promise: promise)
        } else {
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        }
    }

    private func refuse(_ context: ChannelHandlerContext) {
        let body = #"{"detail":"the server is at its connection limit; retry shortly","error":"too_many_connections","field":null,"index":null,"trace_id":""}"#
        let head = HTTPResponse(status: .serviceUnavailable, headerFields: [
            .contentType: "application/json", .contentLength: String(body.utf8.count), .connection: "close", .retryAfter: "1",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}

/// Sits in front of the HTTP decoder and notes when the first byte of a request arrives, so the
/// header timeout runs from there and the idle timeout until then.
final class FirstByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let registry: ConnectionRegistry

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if registry.phase(of: context.channel) == .waiting {
            registry.enter(.readingHead, context.channel)
        }
        context.fireChannelRead(data)
    }
}
