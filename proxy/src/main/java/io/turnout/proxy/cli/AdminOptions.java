package io.turnout.proxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the admin API is and how to call it; shared by every {@code turnout migrations} command. */
final class AdminOptions {

    /** The command using these options (its output streams are where results go). */
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--admin", defaultValue = "${env:TURNOUT_ADMIN_URL:-http://127.0.0.1:9090}",
            description = "admin API URL (env TURNOUT_ADMIN_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", defaultValue = "${env:TURNOUT_TOKEN}",
            description = "bearer token of the admin API (env TURNOUT_TOKEN)")
    String token;

    @Option(names = "--actor", defaultValue = "${env:USER:-operator}",
            description = "your name in the audit log (default: $USER)")
    String actor;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;

    AdminClient client() {
        if (token == null || token.isBlank()) {
            throw new AdminClient.AdminCallException(0, "--token",
                    "required: pass --token or set TURNOUT_TOKEN (turnout demo prints one)");
        }
        return new AdminClient(url, token, actor);
    }
}
