package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.turnout.proxy.control.ControlException;
import io.turnout.proxy.state.StateStoreException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One admin HTTP request: route, authenticate, run the endpoint, and turn every failure into an
 * {@code application/problem+json} reply (RFC 9457) naming the field and the reason. This is the one place where
 * typed errors become HTTP statuses.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final Router router;
    private final BearerAuth auth;
    private final MigrationView view;
    private final Executor executor;

    /** @param executor where endpoints run (a change waits for the state store; never on the I/O thread) */
    AdminHandler(Router router, BearerAuth auth, MigrationView view, Executor executor) {
        this.router = router;
        this.auth = auth;
        this.view = view;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        req.retain();
        try {
            executor.execute(() -> {
                try {
                    respond(ctx, req);
                } finally {
                    req.release();
                }
            });
        } catch (RejectedExecutionException e) {
            write(ctx, req, problem(new StateStoreException("the admin API is shutting down", e)));
            req.release();
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest req) {
        AdminResponse response;
        try {
            response = handle(req);
        } catch (RuntimeException e) {
            response = problem(e);
        }
        write(ctx, req, response);
    }

    private AdminResponse handle(FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            throw new ApiException(400, null, "malformed HTTP request: " + req.decoderResult().cause());
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        Router.Match match;
        try {
            match = router.match(method, uri.path());
        } catch (ApiException e) {
            auth.check(req.headers().get(HttpHeaderNames.AUTHORIZATION));
            throw e;
        }
        if (!match.route().open()) {
            auth.check(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        }
        Map<String, String> query = new LinkedHashMap<>();
        uri.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        AdminRequest request = new AdminRequest(method, uri.path(), match.params(), query,
                req.headers().get(HttpHeaderNames.CONTENT_TYPE), req.headers().get(HttpHeaderNames.IF_MATCH),
                req.headers().get("X-Turnout-Actor"), ByteBufUtil.getBytes(req.content()));
        try {
            return match.route().endpoint().handle(request);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private AdminResponse problem(RuntimeException e) {
        int status;
        String field = null;
        if (e instanceof ApiException a) {
            status = a.status();
            field = a.field();
        } else if (e instanceof ControlException c) {
            status = switch (c.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            if (c.kind() == ControlException.Kind.INVALID) {
                field = fieldOf(c.getMessage());
            }
        } else if (e instanceof StateStoreException) {
            status = 503;
        } else {
            status = 500;
        }
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.put("type", "https://turnout.dev/problems/" + s.reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-'));
        n.put("title", s.reasonPhrase());
        n.put("status", status);
        n.put("detail", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (field != null) {
            n.put("field", field);
        }
        AdminResponse r = new AdminResponse(status, "application/problem+json",
                view.write(n).getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        if (status == 401) {
            r = r.withHeaders(Map.of("WWW-Authenticate", "Bearer realm=\"turnout\""));
        }
        return r;
    }

    /** {@code "readPercent: must be ..."} names the field {@code readPercent}. */
    static String fieldOf(String message) {
        int colon = message == null ? -1 : message.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String f = message.substring(0, colon);
        return f.matches("[A-Za-z_][A-Za-z0-9_.\\[\\]-]*") ? f.replaceFirst("^spec\\.", "") : null;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, AdminResponse r) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            HttpUtil.setKeepAlive(resp, true);
            ctx.writeAndFlush(resp);
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
