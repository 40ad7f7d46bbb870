package io.turnout.protocol.pg.codec;

import static io.turnout.protocol.pg.testing.WireBytes.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.turnout.protocol.pg.message.AuthenticationRequest;
import io.turnout.protocol.pg.message.BackendKeyData;
import io.turnout.protocol.pg.message.BackendMessage;
import io.turnout.protocol.pg.message.Bind;
import io.turnout.protocol.pg.message.BindComplete;
import io.turnout.protocol.pg.message.CommandComplete;
import io.turnout.protocol.pg.message.DataRow;
import io.turnout.protocol.pg.message.Describe;
import io.turnout.protocol.pg.message.Execute;
import io.turnout.protocol.pg.message.FrontendMessage;
import io.turnout.protocol.pg.message.ParameterStatus;
import io.turnout.protocol.pg.message.Parse;
import io.turnout.protocol.pg.message.ParseComplete;
import io.turnout.protocol.pg.message.PgMessage;
import io.turnout.protocol.pg.message.PgMessages;
import io.turnout.protocol.pg.message.Query;
import io.turnout.protocol.pg.message.ReadyForQuery;
import io.turnout.protocol.pg.message.RowDescription;
import io.turnout.protocol.pg.message.StartupMessage;
import io.turnout.protocol.pg.message.Sync;
import io.turnout.protocol.pg.message.Terminate;
import io.turnout.protocol.pg.testing.Render;
import io.turnout.protocol.pg.testing.WireBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short session (startup, a simple query, an extended-protocol query, Terminate) kept as a
 * golden transcript in {@code src/test/resources/golden/session.golden}: one line per message
 * ({@code F} frontend / {@code B} backend, then the rendered record) followed by its bytes.
 *
 * <p>The test checks three ways: the records below encode to the golden bytes; the golden bytes of
 * each direction, fed one byte at a time through the framers (startup framer swapped for the typed
 * one after StartupMessage), decode to the golden lines; and re-encoding those records gives the
 * bytes back. Run with {@code -Dgolden.update=true} to rewrite the file after a deliberate change.
 */
class GoldenTranscriptTest {

    private static final String GOLDEN = "golden/session.golden";

    private record Entry(char direction, String text, byte[] bytes) {
    }

    private static List<Map.Entry<Character, PgMessage>> session() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "shop");
        RowDescription oneInt = new RowDescription(List.of(
                new RowDescription.Field("one", 0, (short) 0, 23, (short) 4, -1, (short) 0)));
        RowDescription idColumn = new RowDescription(List.of(
                new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0)));
        return List.of(
                Map.entry('F', new StartupMessage(PgMessages.PROTOCOL_3_0, parameters)),
                Map.entry('B', AuthenticationRequest.Ok.INSTANCE),
                Map.entry('B', new ParameterStatus("server_version", "16.4")),
                Map.entry('B', new BackendKeyData(12345, 678)),
                Map.entry('B', new ReadyForQuery('I')),
                Map.entry('F', new Query("select 1 as one")),
                Map.entry('B', oneInt),
                Map.entry('B', new DataRow(List.of("1".getBytes(StandardCharsets.US_ASCII)))),
                Map.entry('B', new CommandComplete("SELECT 1")),
                Map.entry('B', new ReadyForQuery('I')),
                Map.entry('F', new Parse("", "select id from t where id = $1", List.of(23))),
                Map.entry('F', new Bind("", "", List.of((short) 1), List.of(new byte[] {0, 0, 0, 7}), List.of((short) 0))),
                Map.entry('F', new Describe('P', "")),
                Map.entry('F', new Execute("", 0)),
                Map.entry('F', Sync.INSTANCE),
                Map.entry('B', ParseComplete.INSTANCE),
                Map.entry('B', BindComplete.INSTANCE),
                Map.entry('B', idColumn),
                Map.entry('B', new DataRow(List.of("7".getBytes(StandardCharsets.US_ASCII)))),
                Map.entry('B', new CommandComplete("SELECT 1")),
                Map.entry('B', new ReadyForQuery('I')),
                Map.entry('F', Terminate.INSTANCE));
    }

    @Test
    void sessionMatchesTheGoldenTranscript() throws IOException {
        List<Entry> encoded = new ArrayList<>();
        for (Map.Entry<Character, PgMessage> message : session()) {
            ByteBuf out = Unpooled.buffer();
            message.getValue().encode(out);
            encoded.add(new Entry(message.getKey(), Render.of(message.getValue()), WireBytes.toArray(out)));
            out.release();
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources", GOLDEN), format(encoded));
        }
        List<Entry> golden = parse(readGolden());
        assertEquals(golden.size(), encoded.size(), "number of messages");
        for (int i = 0; i < golden.size(); i++) {
            assertEquals(golden.get(i).direction() + " " + golden.get(i).text(), encoded.get(i).direction() + " " + encoded.get(i).text());
            assertBytes(golden.get(i).bytes(), encoded.get(i).bytes());
        }
    }

    @Test
    void goldenBytesDecodeToTheGoldenTranscript() throws IOException {
        List<Entry> golden = parse(readGolden());
        List<String> expectedFrontend = lines(golden, 'F');
        List<String> expectedBackend = lines(golden, 'B');
        assertEquals(expectedFrontend, decodeStream(golden, 'F'));
        assertEquals(expectedBackend, decodeStream(golden, 'B'));
    }

    private static List<String> lines(List<Entry> golden, char direction) {
        return golden.stream().filter(e -> e.direction() == direction).map(Entry::text).toList();
    }

    /** Feeds one direction's bytes one at a time through the framers, decodes, re-encodes, renders. */
    private static List<String> decodeStream(List<Entry> golden, char direction) {
        List<String> rendered = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        if (direction == 'F') {
            channel.pipeline().addLast("framer", new PgStartupFrameDecoder(10_000));
            channel.pipeline().addLast("startup", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.fireChannelRead(msg);
                    ctx.pipeline().remove(this);
                    ctx.pipeline().replace("framer", "framer", new PgFrameDecoder(10_000));
                }
            });
        } else {
            channel.pipeline().addLast("framer", new PgFrameDecoder(10_000));
        }
        boolean startup = direction == 'F';
        for (Entry entry : golden) {
            if (entry.direction() != direction) {
                continue;
            }
            for (byte b : entry.bytes()) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            ByteBuf frame = channel.readInbound();
            try {
                PgMessage message = startup ? StartupMessage.decode(frame.duplicate())
                        : direction == 'F' ? FrontendMessage.decode(frame) : BackendMessage.decode(frame);
                startup = false;
                ByteBuf again = Unpooled.buffer();
                message.encode(again);
                WireBytes.assertBytesAndRelease(WireBytes.toArray(frame), again);
                rendered.add(Render.of(message));
            } finally {
                frame.release();
            }
        }
        assertFalse(channel.finish());
        return rendered;
    }

    private static String readGolden() throws IOException {
        try (InputStream in = GoldenTranscriptTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            if (in == null) {
                throw new IOException(GOLDEN + " is missing: run with -Dgolden.update=true to create it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String format(List<Entry> entries) {
        StringBuilder text = new StringBuilder("# Golden session transcript, see GoldenTranscriptTest. F = frontend, B = backend.\n");
        for (Entry entry : entries) {
            text.append(entry.direction()).append(' ').append(entry.text()).append('\n');
            String hex = ByteBufUtil.hexDump(entry.bytes());
            for (int i = 0; i < hex.length(); i += 32) {
                text.append("    ");
                String line = hex.substring(i, Math.min(hex.length(), i + 32));
                for (int j = 0; j < line.length(); j += 2) {
                    text.append(j == 0 ? "" : " ").append(line, j, j + 2);
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static List<Entry> parse(String golden) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder hex = new StringBuilder();
        String header = null;
        for (String line : golden.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(" ")) {
                hex.append(line).append('\n');
                continue;
            }
            if (header != null) {
                entries.add(new Entry(header.charAt(0), header.substring(2), WireBytes.bytes(hex.toString())));
            }
            header = line;
            hex.setLength(0);
        }
        if (header != null) {
            entries.add(new Entry(header.charAt(0), header.substring(2), WireBytes.bytes(hex.toString())));
        }
        return entries;
    }
}
