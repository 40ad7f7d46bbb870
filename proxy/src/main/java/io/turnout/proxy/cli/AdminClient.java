package io.turnout.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The CLI's side of the admin API: one call, JSON back, or an {@link AdminCallException} saying what went wrong. */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final String actor;

    AdminClient(String base, String token, String actor) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.actor = actor;
    }

    JsonNode get(String path) {
        return call("GET", path, null, null);
    }

    JsonNode put(String path, JsonNode body) {
        return call("PUT", path, write(body), "application/json");
    }

    JsonNode post(String path, JsonNode body) {
        return call("POST", path, body == null ? null : write(body), "application/json");
    }

    /** Sends a spec file's text as it is (YAML or JSON). */
    JsonNode send(String method, String path, String text, String contentType) {
        return call(method, path, text, contentType);
    }

    static ObjectMapper json() {
        return JSON;
    }

    private JsonNode call(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (actor != null && !actor.isBlank()) {
            b.header("X-Turnout-Actor", actor);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdminCallException(0, null, "cannot reach the admin API at " + base + " (is the proxy "
                    + "running? set --admin or TURNOUT_ADMIN_URL)");
        } catch (IOException e) {
            throw new AdminCallException(0, null, "admin API call to " + base + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCallException(0, null, "interrupted");
        }
        JsonNode json;
        try {
            json = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AdminCallException(r.statusCode(), null, "the admin API answered " + r.statusCode()
                    + " with something that is not JSON: " + r.body());
        }
        if (r.statusCode() >= 400) {
            JsonNode field = json.get("field");
            throw new AdminCallException(r.statusCode(), field == null ? null : field.asText(),
                    json.path("detail").asText(r.body()));
        }
        return json;
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refused or failed admin call: HTTP status (0 when the API was not reached), field at fault, reason. */
    static final class AdminCallException extends RuntimeException {
        private final int status;
        private final String field;

        AdminCallException(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }

        int status() {
            return status;
        }

        String field() {
            return field;
        }
    }
}
