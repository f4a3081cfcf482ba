package dev.pedigree.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.pedigree.events.AlertType;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Severity;
import dev.pedigree.schema.topic.TopicNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook with two receivers on 127.0.0.1, one of them down, fed by a mock consumer. */
class AlertWebhookTest {

    private static final TopicPartition PARTITION = new TopicPartition(TopicNames.ALERTS, 0);

    private final MockConsumer<String, LineageAlert> consumer =
            new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final List<String> live = new CopyOnWriteArrayList<>();
    private final List<String> revived = new CopyOnWriteArrayList<>();
    private HttpServer liveServer;
    private HttpServer revivedServer;
    private AlertWebhook webhook;

    @AfterEach
    void stop() {
        if (webhook != null) {
            webhook.close();
        }
        for (HttpServer server : new HttpServer[] {liveServer, revivedServer}) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    void aDeadReceiverHoldsUpOnlyItselfAndGetsItsAlertsOnceItIsBack() throws IOException {
        liveServer = receiver(0, live);
        int deadPort = freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        webhook = new AlertWebhook(List.of(
                new WebhookReceiver("http://127.0.0.1:" + deadPort + "/hook", Duration.ofMinutes(10), http),
                new WebhookReceiver("http://127.0.0.1:" + liveServer.getAddress().getPort() + "/hook",
                        Duration.ofMinutes(10), http)), consumer);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (int i = 0; i < 3; i++) {
                consumer.addRecord(new ConsumerRecord<>(TopicNames.ALERTS, 0, i, "ns/name", alert("alert-" + i)));
            }
        });
        webhook.start();

        // The live receiver gets every alert while the other one refuses connections and is retried.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(live).hasSize(3));
        assertThat(live).allSatisfy(body -> assertThat(body).contains("\"alertId\":\"alert-"));
        assertThat(committed()).as("nothing is committed past an alert a receiver has not taken").isNull();

        revivedServer = receiver(deadPort, revived);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(revived).hasSize(3));
        assertThat(revived.get(0)).contains("alert-0");
        assertThat(revived.get(2)).contains("alert-2");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            OffsetAndMetadata committed = committed();
            assertThat(committed).isNotNull();
            assertThat(committed.offset()).isEqualTo(3);
        });
        assertThat(webhook.delivered()).isEqualTo(6);
        assertThat(webhook.abandoned()).isZero();
    }

    @Test
    void anAlertNotTakenWithinTheRedeliveryWindowIsAbandonedCountedAndCommitted() throws IOException {
        int deadPort = freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        webhook = new AlertWebhook(List.of(
                new WebhookReceiver("http://127.0.0.1:" + deadPort + "/hook", Duration.ofSeconds(2), http)), consumer);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(new ConsumerRecord<>(TopicNames.ALERTS, 0, 0, "ns/name", alert("alert-0")));
        });
        webhook.start();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(webhook.abandoned()).isEqualTo(1));
        assertThat(webhook.delivered()).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isNotNull());
    }

    private OffsetAndMetadata committed() {
        return consumer.committed(Set.of(PARTITION)).get(PARTITION);
    }

    private static HttpServer receiver(int port, List<String> bodies) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static LineageAlert alert(String id) {
        return LineageAlert.newBuilder().setAlertId(id).setType(AlertType.UNDECLARED_CHANGE)
                .setSeverity(Severity.WARNING).setDataset(new DatasetId("ns", "name")).setVersionLabel(null)
                .setExpectedHash(null).setObservedHash("sha256:" + "a".repeat(64)).setRunId(null)
                .setAffected(List.of()).setMessage("changed").setDetectedAt(Instant.parse("2026-12-01T10:00:00Z")).setProducer("test")
                .build();
    }
}
