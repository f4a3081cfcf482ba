package dev.pedigree.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * The relational baseline: Debian's PostgreSQL started in a folder of the benchmark on 127.0.0.1, the same edges
 * in a table with indexes on both ends, walked with a recursive CTE as relational lineage servers do.
 */
final class Postgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private final Path data;
    private final int port;
    private final Connection connection;

    private Postgres(Path data, int port, Connection connection) {
        this.data = data;
        this.port = port;
        this.connection = connection;
    }

    static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    /** initdb + pg_ctl start (as the postgres user when run as root, which initdb refuses). */
    static Postgres start(Path folder, int port) throws Exception {
        if (!available()) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (apt-get install postgresql)");
        }
        folder = folder.toAbsolutePath();
        Path data = folder.resolve("pgdata");
        Files.createDirectories(folder);
        run(List.of("chown", "-R", "postgres", folder.toString()), true);
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "bench", "-A", "trust"), false);
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                folder.resolve("postgres.log").toString(), "-o",
                "-h 127.0.0.1 -p " + port + " -k " + folder + " -c shared_buffers=256MB -c work_mem=64MB "
                        + "-c fsync=off -c synchronous_commit=off", "start"), false);
        Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "bench", "");
        return new Postgres(data, port, connection);
    }

    /** Loads edges given as CSV lines {@code from,to} (node ids have no commas) and indexes both ends. */
    void load(String csv) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS edges");
            statement.execute("CREATE TABLE edges (src text NOT NULL, dst text NOT NULL)");
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY edges FROM STDIN WITH (FORMAT csv)",
                new StringReader(csv));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX edges_src ON edges (src)");
            statement.execute("CREATE INDEX edges_dst ON edges (dst)");
            statement.execute("ANALYZE edges");
        }
    }

    /**
     * The nodes reached downstream of {@code start} within {@code depth} hops, each with its distance: the answer a
     * relational lineage server computes before it reads the nodes' details.
     */
    Map<String, Integer> downstream(String start, int depth) throws SQLException {
        String sql = "WITH RECURSIVE walk(node, depth) AS (SELECT ?::text, 0 UNION "
                + "SELECT e.dst, w.depth + 1 FROM edges e JOIN walk w ON e.src = w.node WHERE w.depth < ?) "
                + "SELECT node, min(depth) FROM walk GROUP BY node";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, start);
            query.setInt(2, depth);
            Map<String, Integer> reached = new HashMap<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    reached.put(result.getString(1), result.getInt(2));
                }
            }
            return reached;
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "stop"), false);
    }

    private static void run(List<String> command, boolean asRoot) throws Exception {
        List<String> full = new java.util.ArrayList<>();
        if (!asRoot && "root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
        }
    }
}
