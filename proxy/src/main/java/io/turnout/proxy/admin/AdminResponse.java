package io.turnout.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an endpoint answers: status, content type, body and extra headers (ETag, Location). */
record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";

    static AdminResponse json(int status, String text) {
        return new AdminResponse(status, JSON, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static AdminResponse text(int status, String contentType, String text) {
        return new AdminResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    AdminResponse withHeaders(Map<String, String> extra) {
        return new AdminResponse(status, contentType, body, extra);
    }
}
