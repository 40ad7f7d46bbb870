package io.turnout.proxy.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The admin API's route table: method plus a path pattern whose {@code {name}} segments bind path parameters. Literal
 * segments win over parameters, so {@code /migrations/validate} is never taken for a migration id.
 */
final class Router {

    /** How an endpoint answers a matched request. */
    @FunctionalInterface
    interface Endpoint {
        AdminResponse handle(AdminRequest request) throws Exception;
    }

    /** One route; {@code open} routes need no bearer token. */
    record Route(String method, String pattern, boolean open, Endpoint endpoint) {
        String[] segments() {
            return pattern.substring(1).split("/");
        }
    }

    /** A route found for a request, with its path parameters. */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, pattern, false, endpoint));
        return this;
    }

    Router addOpen(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, pattern, true, endpoint));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * The route for this method and path.
     *
     * @throws ApiException 404 when no pattern matches the path, 405 (naming the allowed methods) when only the
     *                      method is wrong
     */
    Match match(String method, String path) {
        String[] parts = path.length() <= 1 ? new String[] {""} : path.substring(1).split("/", -1);
        Match best = null;
        int bestLiterals = -1;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Optional<Map<String, String>> params = bind(r.segments(), parts);
            if (params.isEmpty()) {
                continue;
            }
            int literals = r.segments().length - params.get().size();
            if (!r.method().equals(method)) {
                allowed.add(r.method());
                continue;
            }
            if (literals > bestLiterals) {
                best = new Match(r, params.get());
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(405, null, method + " is not allowed on " + path + "; use " + allowed);
        }
        throw new ApiException(404, null, "no such endpoint: " + path + " (GET /openapi.json lists them all)");
    }

    private static Optional<Map<String, String>> bind(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(p.substring(1, p.length() - 1), parts[i]);
            } else if (!p.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
