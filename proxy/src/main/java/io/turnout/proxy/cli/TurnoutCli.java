package io.turnout.proxy.cli;

import io.turnout.routing.cli.TranslateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/turnout}: the operator's command line. */
@Command(name = "turnout", mixinStandardHelpOptions = true, version = "turnout 0.1.0",
        description = "Transparent PostgreSQL and MySQL proxy for zero-downtime schema migrations.",
        subcommands = {DemoCommand.class, RunCommand.class, MigrationsCommand.class, TranslateCommand.class})
public final class TurnoutCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "warn");
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new TurnoutCli());
        KnobCommands.addTo(cl.getSubcommands().get("migrations"));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("turnout: " + ex.getMessage());
            return 2;
        });
        return cl;
    }
}
