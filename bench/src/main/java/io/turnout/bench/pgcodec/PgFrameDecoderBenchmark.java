package io.turnout.bench.pgcodec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.turnout.protocol.pg.codec.PgFrameDecoder;
import io.turnout.protocol.pg.message.CommandComplete;
import io.turnout.protocol.pg.message.DataRow;
import io.turnout.protocol.pg.message.ReadyForQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link PgFrameDecoder} on a backend result stream: {@value #ROWS} DataRow frames
 * (plus CommandComplete and ReadyForQuery) arriving in socket-sized chunks, each frame emitted as a
 * retained slice and released, as the relay does. The score is frames per second; multiply by
 * the row size for bytes per second.
 *
 * <p>Run: {@code java -cp "$(cat bench/target/classpath.txt):bench/target/classes" org.openjdk.jmh.Main PgFrameDecoderBenchmark}
 * after {@code mvn -o -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xmx512m"})
public class PgFrameDecoderBenchmark {

    static final int ROWS = 1000;

    /** Bytes of the value in each row: a narrow row and a wide one. */
    @Param({"16", "2000"})
    int rowValueBytes;

    /** Bytes per channel read, as a socket would deliver them. */
    @Param({"1460", "65536"})
    int chunkBytes;

    @Param({"merge", "composite"})
    String cumulator;

    private ByteBuf stream;
    private List<ByteBuf> chunks;
    private EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] value = "x".repeat(rowValueBytes).getBytes(StandardCharsets.US_ASCII);
        stream = PooledByteBufAllocator.DEFAULT.directBuffer();
        DataRow row = new DataRow(List.of(value, "42".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < ROWS; i++) {
            row.encode(stream);
        }
        new CommandComplete("SELECT " + ROWS).encode(stream);
        new ReadyForQuery(ReadyForQuery.IDLE).encode(stream);
        chunks = new ArrayList<>();
        for (int offset = 0; offset < stream.readableBytes(); offset += chunkBytes) {
            chunks.add(stream.slice(offset, Math.min(chunkBytes, stream.readableBytes() - offset)));
        }
        PgFrameDecoder decoder = new PgFrameDecoder(1 << 20);
        decoder.setCumulator("composite".equals(cumulator) ? ByteToMessageDecoder.COMPOSITE_CUMULATOR : ByteToMessageDecoder.MERGE_CUMULATOR);
        channel = new EmbeddedChannel(decoder);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        stream.release();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS + 2)
    public void decodeResultStream(Blackhole blackhole) {
        for (ByteBuf chunk : chunks) {
            // the channel releases what it reads, so hand it its own reference
            channel.writeInbound(chunk.retainedDuplicate());
            for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
                blackhole.consume(frame.getByte(frame.readerIndex()));
                frame.release();
            }
        }
    }
}
