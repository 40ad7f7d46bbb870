package io.turnout.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer <token>}: 401 when the header is missing or not a bearer token, 403 when the
 * token is wrong. Tokens are compared in constant time.
 */
final class BearerAuth {

    private final byte[] token;

    BearerAuth(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("admin.token: an admin API needs a non-empty token");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ApiException 401 or 403 with the reason */
    void check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, "Authorization", "Authorization: missing; send 'Authorization: Bearer "
                    + "<token>' (the token is in the admin section of the configuration, or printed by turnout demo)");
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7) || a.substring(7).isBlank()) {
            throw new ApiException(401, "Authorization", "Authorization: not a bearer token; expected "
                    + "'Bearer <token>'");
        }
        byte[] given = a.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiException(403, "Authorization", "Authorization: the bearer token is not the admin token "
                    + "of this proxy");
        }
    }
}
