package dev.pedigree.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.connectors.profiling.ColumnProfiler;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.schema.InvalidEventException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void readsPlainJsonWithDefaultsAndIsoTimes() throws Exception {
        RunEvent run = EventJson.read(json("""
                {"eventId":"e1","eventTime":"2026-11-24T10:15:30Z","producer":"p","runId":"r1",
                 "job":{"namespace":"churn","name":"train"},"state":"COMPLETE",
                 "inputs":[{"dataset":{"namespace":"w","name":"in"}}],"parentRunId":null}"""), RunEvent.class);
        assertThat(run.getEventTime()).isEqualTo(Instant.parse("2026-11-24T10:15:30Z"));
        assertThat(run.getState()).isEqualTo(RunState.COMPLETE);
        assertThat(run.getInputs().get(0).getContentHash()).as("optional, left out").isNull();
        assertThat(run.getOutputs()).isEmpty();
        assertThat(run.getParameters()).isEmpty();
    }

    @Test
    void epochMillisAreTimesToo() throws Exception {
        Prediction p = EventJson.read(json("""
                {"eventId":"e","eventTime":1764000000000,"producer":"p","predictionId":"x",
                 "model":{"name":"m","version":"1"},"attributes":{"score":"0.5"}}"""), Prediction.class);
        assertThat(p.getEventTime().toEpochMilli()).isEqualTo(1764000000000L);
        assertThat(p.getAttributes()).containsEntry("score", "0.5");
    }

    @Test
    void problemsNameTheFieldPath() {
        assertThatThrownBy(() -> EventJson.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"COMPLETE","inputs":[{"dataset":{"namespace":"w"}}]}"""), RunEvent.class))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo("inputs[0].dataset.name");
                    assertThat(e.getMessage()).isEqualTo("inputs[0].dataset.name is required");
                });
        assertThatThrownBy(() -> EventJson.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"DONE"}"""), RunEvent.class)).hasMessageContaining("state must be one of [START");
        assertThatThrownBy(() -> EventJson.read(json("""
                {"eventId":"e","eventTime":"yesterday","producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"START"}"""), RunEvent.class)).hasMessageContaining("eventTime must be epoch milliseconds");
        assertThatThrownBy(() -> EventJson.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":42,"job":{"namespace":"n","name":"j"},
                 "state":"START"}"""), RunEvent.class)).hasMessage("runId must be a string");
        assertThatThrownBy(() -> EventJson.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"START","colour":"red"}"""), RunEvent.class)).hasMessage("colour is not a field of RunEvent");
    }

    @Test
    void writesWhatItReadsBackIncludingTimesAndSketchBytes() {
        ColumnProfiler profiler = new ColumnProfiler(List.of("ctr_7d", "segment"));
        profiler.addRow(0.031, "new");
        profiler.addRow(0.012, null);
        DatasetVersion version = DatasetVersion.newBuilder().setEventId("e1")
                .setEventTime(Instant.parse("2026-11-24T10:15:30.123Z")).setProducer("p")
                .setDataset(new DatasetId("warehouse", "user_features")).setContentHash("sha256:" + "a".repeat(64))
                .setColumns(profiler.profiles()).build();
        JsonNode json = EventJson.write(version);
        assertThat(json.path("eventTime").asLong()).isEqualTo(Instant.parse("2026-11-24T10:15:30.123Z")
                .toEpochMilli());
        assertThat(json.path("columns").get(0).path("quantiles").isTextual()).as("bytes as base64").isTrue();
        assertThat(EventJson.read(json, DatasetVersion.class)).isEqualTo(version);
    }

    @Test
    void bytesThatAreNotBase64AreRefusedByPath() {
        assertThatThrownBy(() -> EventJson.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","dataset":{"namespace":"w","name":"d"},
                 "contentHash":"sha256:%s","columns":[{"name":"c","type":"DOUBLE","count":1,"nulls":0,
                 "distinct":1.0,"quantiles":"%%%%"}]}""".formatted("a".repeat(64))), DatasetVersion.class))
                .hasMessage("columns[0].quantiles must be a base64 string");
    }
}
