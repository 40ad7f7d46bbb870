package io.turnout.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One admin call as the endpoints see it: the matched route's path parameters, the query, the headers that matter
 * and the body text.
 */
record AdminRequest(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                    String contentType, String ifMatch, String actor, byte[] body) {

    String param(String name) {
        return pathParams.get(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean hasBody() {
        return body.length > 0 && !bodyText().isBlank();
    }

    /** The operator named in {@code X-Turnout-Actor}, else {@code operator}. */
    String actorOrDefault() {
        return actor == null || actor.isBlank() ? "operator" : actor.trim();
    }
}
