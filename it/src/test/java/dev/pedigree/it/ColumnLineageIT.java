package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.Pipelines;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Column-level lineage on the real broker and registry, against a processor whose column budget is set to 50
 * ({@code PEDIGREE_LINEAGE_MAX_COLUMNS}): the OpenLineage Java client's Kafka transport with a
 * {@code columnLineage} facet built by its own builders; column names that need percent-encoding; and the bad
 * input of DESIGN (a column of a dataset the run does not list, a cycle, too many columns), refused with 400 over
 * HTTP and sent to the dead-letter topic from Kafka.
 */
@ExtendWith(RealRuntimeExtension.class)
class ColumnLineageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUDGET = 50;

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    @Test
    void columnsFromRealClientsAndBadColumnsRefusedOnBothPaths(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("column-lineage-it");
        RealRuntimeExtension.deleteRecursively(home);
        port = freePort();
        try (ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), Map.of("PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-column-it",
                        "PEDIGREE_HTTP_PORT", Integer.toString(port),
                        "PEDIGREE_LINEAGE_MAX_COLUMNS", Integer.toString(BUDGET)))) {
            openLineageClientOverKafka(runtime);
            namesThatNeedEncoding();
            badColumnsOverHttp();
            badColumnsFromKafka(runtime);
        }
    }

    /** The official client, Kafka transport, facet builders: the field-level graph that results. */
    private void openLineageClientOverKafka(EmbeddedRuntime runtime) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaConfig config = new KafkaConfig(TopicNames.OPENLINEAGE, null, properties);
        UUID runId = UUID.randomUUID();
        OpenLineage ol = new OpenLineage(URI.create("https://github.com/pedigree/pedigree/it"));
        try (OpenLineageClient client = OpenLineageClient.builder().transport(new KafkaTransport(config)).build()) {
            client.emit(ol.newRunEventBuilder()
                    .eventType(OpenLineage.RunEvent.EventType.COMPLETE).eventTime(ZonedDateTime.now())
                    .run(ol.newRunBuilder().runId(runId).build())
                    .job(ol.newJobBuilder().namespace("column-it").name("daily_spend").build())
                    .inputs(List.of(ol.newInputDatasetBuilder().namespace("column-it").name("orders").build()))
                    .outputs(List.of(ol.newOutputDatasetBuilder().namespace("column-it").name("spend")
                            .facets(ol.newDatasetFacetsBuilder().columnLineage(ol.newColumnLineageDatasetFacetBuilder()
                                    .fields(ol.newColumnLineageDatasetFacetFieldsBuilder()
                                            .put("total", derived(ol, "amount", "DIRECT", "AGGREGATION"))
                                            .put("day", derived(ol, "ordered_at", "DIRECT", "TRANSFORMATION"))
                                            .build())
                                    .dataset(List.of(ol.newInputFieldBuilder().namespace("column-it").name("orders")
                                            .field("status").transformations(List.of(
                                                    ol.newInputFieldTransformationsBuilder().type("INDIRECT")
                                                            .subtype("FILTER").build())).build()))
                                    .build()).build()).build()))
                    .build());
        }
        String total = NodeIds.datasetField("column-it", "spend", "total");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode upstream = get("/v1/lineage?direction=upstream&depth=1&node=" + encode(total), 200);
            assertThat(edges(upstream, "DERIVED")).as("total ← amount (AGGREGATION), status (the filter)")
                    .contains(NodeIds.datasetField("column-it", "orders", "amount") + " AGGREGATION",
                            NodeIds.datasetField("column-it", "orders", "status") + " INDIRECT:FILTER")
                    .noneMatch(edge -> edge.contains("ordered_at"));
        });
        JsonNode reached = get("/v1/lineage?direction=upstream&depth=1&view=nodes&node=" + encode(total), 200);
        List<String> columns = new ArrayList<>();
        reached.path("nodes").forEach(n -> columns.add(n.path("id").asText() + " " + n.path("depth").asInt()));
        assertThat(columns).as("the nodes view: the same columns, by depth, without edges")
                .contains(total + " 0", NodeIds.datasetField("column-it", "orders", "amount") + " 1",
                        NodeIds.datasetField("column-it", "orders", "status") + " 1")
                .noneMatch(column -> column.contains("ordered_at"));
        assertThat(reached.has("edges")).isFalse();
        JsonNode impact = get("/v1/impact?node=" + encode(NodeIds.datasetField("column-it", "orders", "status")),
                200);
        List<String> fields = new ArrayList<>();
        impact.path("fields").forEach(f -> fields.add(f.path("id").asText()));
        assertThat(fields).as("a filter column affects every output column").containsExactlyInAnyOrder(total,
                NodeIds.datasetField("column-it", "spend", "day"));
    }

    private static OpenLineage.ColumnLineageDatasetFacetFieldsAdditional derived(OpenLineage ol, String field,
            String type, String subtype) {
        return ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(List.of(
                ol.newInputFieldBuilder().namespace("column-it").name("orders").field(field).transformations(
                        List.of(ol.newInputFieldTransformationsBuilder().type(type).subtype(subtype).build()))
                        .build())).build();
    }

    /** Column names with {@code :}, {@code /}, {@code %} and non-ASCII letters are nodes like any other. */
    private void namesThatNeedEncoding() throws Exception {
        String odd = "price:eur/100%";
        String unicode = "größe_😀";
        String run = """
                {"runId":"encoded-run","job":{"namespace":"column-it","name":"encode"},"state":"COMPLETE",
                 "inputs":[{"dataset":{"namespace":"column-it","name":"raw"},"contentHash":null,"fields":["%s"]}],
                 "outputs":[{"dataset":{"namespace":"column-it","name":"clean"},"contentHash":null,
                   "fields":["%s"]}],
                 "columnLineage":[{"output":{"dataset":{"namespace":"column-it","name":"clean"},"field":"%s"},
                   "inputs":[{"dataset":{"namespace":"column-it","name":"raw"},"field":"%s",
                     "transformation":"TRANSFORMATION"}]}]}""".formatted(odd, unicode, unicode, odd);
        HttpResponse<String> posted = post("/v1/events/runs", run);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String oddId = NodeIds.datasetField("column-it", "raw", odd);
        assertThat(oddId).as("the parts of an id are percent-encoded").contains("price%3Aeur%2F100%25");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode impact = get("/v1/impact?node=" + encode(oddId), 200);
            assertThat(impact.path("fields").get(0).path("id").asText())
                    .isEqualTo(NodeIds.datasetField("column-it", "clean", unicode));
        });
    }

    /** 400 with the reason, and nothing published. */
    private void badColumnsOverHttp() throws Exception {
        HttpResponse<String> unlisted = post("/v1/events/runs", nativeRun("unlisted-http", """
                [{"output":{"dataset":{"namespace":"column-it","name":"out"},"field":"x"},
                  "inputs":[{"dataset":{"namespace":"elsewhere","name":"secret"},"field":"y"}]}]"""));
        assertThat(unlisted.statusCode()).as(unlisted.body()).isEqualTo(400);
        assertThat(JSON.readTree(unlisted.body()).path("parameter").asText())
                .isEqualTo("columnLineage[0].inputs[0].dataset");

        HttpResponse<String> cycle = post("/v1/events/runs", nativeRun("cycle-http", """
                [{"output":{"dataset":{"namespace":"column-it","name":"out"},"field":"a"},
                  "inputs":[{"dataset":{"namespace":"column-it","name":"out"},"field":"b"}]},
                 {"output":{"dataset":{"namespace":"column-it","name":"out"},"field":"b"},
                  "inputs":[{"dataset":{"namespace":"column-it","name":"out"},"field":"a"}]}]"""));
        assertThat(cycle.statusCode()).as(cycle.body()).isEqualTo(400);
        assertThat(cycle.body()).contains("cycle");

        StringBuilder wide = new StringBuilder("[{\"output\":{\"dataset\":{\"namespace\":\"column-it\","
                + "\"name\":\"out\"},\"field\":\"wide\"},\"inputs\":[");
        for (int i = 0; i < BUDGET; i++) {
            wide.append(i == 0 ? "" : ",").append("{\"dataset\":{\"namespace\":\"column-it\",\"name\":\"in\"},")
                    .append("\"field\":\"c").append(i).append("\"}");
        }
        HttpResponse<String> tooMany = post("/v1/events/runs", nativeRun("wide-http", wide + "]}]"));
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).path("message").asText())
                .contains("names more than " + BUDGET + " columns").contains("pedigree.lineage.max.columns");
        for (String runId : List.of("unlisted-http", "cycle-http", "wide-http")) {
            get("/v1/lineage?node=" + encode(NodeIds.run(runId)), 404);
        }
    }

    /**
     * From Kafka: a native run over the processor's budget (written by a producer whose own budget is larger), and
     * OpenLineage events with a column of an unlisted dataset and with a cycle, each to the dead-letter topic.
     */
    private void badColumnsFromKafka(EmbeddedRuntime runtime) throws Exception {
        List<FieldInput> inputs = new ArrayList<>();
        for (int i = 0; i < BUDGET; i++) {
            inputs.add(new FieldInput(new DatasetId("column-it", "in"), "c" + i, null, false, false, null));
        }
        RunEvent wide = RunEvent.newBuilder(Pipelines.run("wide-kafka", "wide", RunState.COMPLETE, Pipelines.at(1),
                        List.of(new DatasetHash(new DatasetId("column-it", "in"), null, List.of())),
                        List.of(new DatasetHash(new DatasetId("column-it", "out"), null, List.of())), null, Map.of()))
                .setColumnLineage(List.of(new ColumnLineage(new DatasetField(new DatasetId("column-it", "out"),
                        "wide"), inputs))).build();
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                     Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                     new SpecificAvroSerializer<>(registry, new EventLimits(10 * BUDGET)))) {
            producer.send(new ProducerRecord<>(TopicNames.RUNS, "wide-kafka", wide)).get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.OPENLINEAGE, "ol-unlisted", openLineage(
                    "{\"namespace\":\"elsewhere\",\"name\":\"secret\",\"field\":\"y\"}", "x"))).get();
            producer.send(new ProducerRecord<>(TopicNames.OPENLINEAGE, "ol-cycle", openLineage(
                    "{\"namespace\":\"column-it\",\"name\":\"out\",\"field\":\"x\"}", "x"))).get();
        }
        Map<String, String> errors = deadLetters(runtime, List.of("wide-kafka", "ol-unlisted", "ol-cycle"));
        assertThat(errors.get("wide-kafka")).contains("names more than " + BUDGET + " columns");
        assertThat(errors.get("ol-unlisted")).contains("columnLineage[0].inputs[0].dataset")
                .contains("elsewhere/secret");
        assertThat(errors.get("ol-cycle")).contains("cycle");
    }

    private static String nativeRun(String runId, String columnLineage) {
        return """
                {"runId":"%s","job":{"namespace":"column-it","name":"bad"},"state":"COMPLETE",
                 "inputs":[{"dataset":{"namespace":"column-it","name":"in"},"contentHash":null}],
                 "outputs":[{"dataset":{"namespace":"column-it","name":"out"},"contentHash":null}],
                 "columnLineage":%s}""".formatted(runId, columnLineage);
    }

    /** An OpenLineage COMPLETE whose output column {@code field} derives from {@code input}. */
    private static String openLineage(String input, String field) {
        return """
                {"eventType":"COMPLETE","eventTime":"2026-11-30T10:00:00Z","producer":"https://example.com/it",
                 "run":{"runId":"%s"},"job":{"namespace":"column-it","name":"ol-bad"},
                 "inputs":[{"namespace":"column-it","name":"in"}],
                 "outputs":[{"namespace":"column-it","name":"out","facets":{"columnLineage":{"fields":{
                   "%s":{"inputFields":[%s]}}}}}]}""".formatted(UUID.randomUUID(), field, input);
    }

    /** The error header of the dead letter with each key, waiting until all have arrived. */
    private static Map<String, String> deadLetters(EmbeddedRuntime runtime, List<String> keys) {
        Map<String, String> found = new java.util.HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.DLQ).stream()
                    .map(p -> new TopicPartition(TopicNames.DLQ, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("dead letters " + keys).atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        StringBuilder headers = new StringBuilder();
                        for (Header header : record.headers()) {
                            headers.append(header.key()).append('=')
                                    .append(new String(header.value(), StandardCharsets.UTF_8)).append('\n');
                        }
                        found.put(record.key(), headers.toString());
                    }
                }
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static List<String> edges(JsonNode subgraph, String kind) {
        List<String> edges = new ArrayList<>();
        subgraph.path("edges").forEach(edge -> {
            if (edge.path("kind").asText().equals(kind)) {
                edges.add(edge.path("from").asText() + " " + edge.path("transformation").asText());
            }
        });
        return edges;
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
