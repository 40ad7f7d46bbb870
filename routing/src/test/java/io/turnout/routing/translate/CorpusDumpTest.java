package io.turnout.routing.translate;

import io.turnout.routing.cli.Corpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CorpusDumpTest {

    @Test
    void dump() throws Exception {
        for (String f : new String[] {"postgres.yaml", "mysql.yaml"}) {
            Corpus c = Corpus.load(Path.of("/work/shared/sql-corpus", f));
            for (Corpus.CorpusStatement s : c.statements()) {
                Translation t = new Translator(c.dialect(), c.migrations().get(s.migration()).spec()).translate(s.sql());
                System.out.println("== " + s.id() + " [" + s.expect() + "] " + t.verdict() + " " + t.shape() + " : " + t.reason());
                System.out.println("   " + s.sql());
                if (t.newRead() != null && !t.newRead().equals(s.sql())) System.out.println("R  " + t.newRead());
                if (t.reverse() != null) System.out.println("<- " + t.reverse());
                if (t.dualWrite() != null) t.dualWrite().statements().forEach(p -> System.out.println("W" + (p.clientResult() ? "* " : "  ") + p.sql() + "  " + p.params()));
            }
        }
    }
}
