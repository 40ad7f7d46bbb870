package io.turnout.routing.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.SpecLoader;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Translator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code turnout translate}: prints the translation of one statement as JSON, or runs the differential check of a
 * corpus file against a database.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Translate one statement for a migration and print the verdict and statements as JSON,",
                "or run the differential check of a SQL corpus against a real database."})
public final class TranslateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--migrations", paramLabel = "FILE", description = "migrations file (YAML or JSON)")
    Path migrations;

    @Option(names = "--migration", paramLabel = "ID", description = "id of the migration to translate for")
    String migration;

    @Option(names = "--dialect", paramLabel = "postgres|mysql", description = "SQL dialect (default postgres)")
    String dialect = "postgres";

    @Option(names = "--sql", paramLabel = "SQL", description = "the statement to translate")
    String sql;

    @Option(names = "--corpus", paramLabel = "FILE", description = "corpus file to check (see sql-corpus/README.md)")
    Path corpus;

    @Option(names = "--jdbc", paramLabel = "URL", description = "JDBC URL with user and password parameters; the "
            + "database is used as scratch space (corpus tables are dropped and re-created)")
    String jdbc;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (corpus != null) {
            if (jdbc == null) {
                err.println("--corpus needs --jdbc URL (a scratch database)");
                return 2;
            }
            return checkCorpus(out);
        }
        if (migrations == null || migration == null || sql == null) {
            err.println("give --migrations FILE --migration ID --sql 'SQL' (or --corpus FILE --jdbc URL)");
            return 2;
        }
        MigrationSet set = new SpecLoader().load(migrations);
        MigrationSpec m = set.byId(migration).orElse(null);
        if (m == null) {
            err.println("no migration '" + migration + "' in " + migrations + "; known: "
                    + set.migrations().stream().map(MigrationSpec::id).toList());
            return 2;
        }
        Translation t = new Translator(Dialect.parse(dialect), m).translate(sql);
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(t));
        return 0;
    }

    private int checkCorpus(PrintWriter out) throws Exception {
        Corpus c = Corpus.load(corpus);
        String options = CorpusCheck.connectionOptions(c.dialect());
        String url = options.isEmpty() ? jdbc : jdbc + (jdbc.contains("?") ? "&" : "?") + options;
        try (Connection connection = DriverManager.getConnection(url)) {
            List<CorpusCheck.Outcome> outcomes = new CorpusCheck(c, connection).run();
            long failed = 0;
            for (CorpusCheck.Outcome o : outcomes) {
                out.println((o.passed() ? "PASS " : "FAIL ") + o.id() + (o.passed() ? "" : ": " + o.detail()));
                failed += o.passed() ? 0 : 1;
            }
            out.println((outcomes.size() - failed) + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }
    }
}
