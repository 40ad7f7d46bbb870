package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.proxy.route.StatementPlanner;

/** Prepared statements of one routed session (binary protocol). */
final class PreparedStatements {

    private final RoutedCommands commands;
    private final StatementPlanner planner;
    private final MySqlReplyQueue queue;

    PreparedStatements(RoutedCommands commands, StatementPlanner planner, MySqlReplyQueue queue) {
        this.commands = commands;
        this.planner = planner;
        this.queue = queue;
    }

    boolean handles(int command) {
        return false;
    }

    boolean fromClient(int command, ByteBuf frame) {
        commands.pass(frame, command);
        return true;
    }

    void forgetAll() {
    }
}
