package dev.pedigree.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one), running in this JVM from the
 * {@code kafka_2.13} jars, listening on 127.0.0.1 only.
 *
 * <p>Its log directory is formatted on first start and reused afterwards, so topics and offsets survive a
 * restart. Ports are chosen free at each start (the static controller quorum allows that).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CLUSTER_ID_FILE = "cluster.id";

    private final Path dataDir;
    private final int brokerPort;
    private KafkaRaftServer server;

    /** A broker keeping its data in {@code dataDir}; {@link #start()} starts it. */
    public EmbeddedKafkaBroker(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.brokerPort = FreePort.find();
    }

    /** Formats the log directory if needed and starts the broker. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        int controllerPort = FreePort.find();
        Properties props = brokerProperties(controllerPort);
        Path configFile = writeConfig(props);
        format(configFile);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("Kafka broker listening on {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    private Properties brokerProperties(int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // A single node restarting after a crash waits out its old registration's session: keep that short.
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return props;
    }

    private Path writeConfig(Properties props) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Written by Pedigree's embedded runtime at each start");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration under " + dataDir, e);
        }
    }

    private void format(Path configFile) {
        String clusterId = clusterId();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"
            }, out);
        }
        if (status != 0) {
            throw new IllegalStateException("cannot format the broker's storage in " + dataDir + ": "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
        log.debug("Storage: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    private String clusterId() {
        Path file = dataDir.resolve(CLUSTER_ID_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** Stops the broker and waits for it; the data stays. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        log.info("Stopping the Kafka broker on {}", bootstrapServers());
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }
}
