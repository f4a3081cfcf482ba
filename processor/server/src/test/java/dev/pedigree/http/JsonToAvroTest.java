package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonToAvroTest {

    private static JsonNode json(String text) throws Exception {
        return JacksonJsonMapper.MAPPER.readTree(text);
    }

    @Test
    void readsPlainJsonWithDefaultsAndIsoTimes() throws Exception {
        RunEvent run = JsonToAvro.read(json("""
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
        Prediction p = JsonToAvro.read(json("""
                {"eventId":"e","eventTime":1764000000000,"producer":"p","predictionId":"x",
                 "model":{"name":"m","version":"1"},"attributes":{"score":"0.5"}}"""), Prediction.class);
        assertThat(p.getEventTime().toEpochMilli()).isEqualTo(1764000000000L);
        assertThat(p.getAttributes()).containsEntry("score", "0.5");
    }

    @Test
    void problemsNameTheFieldPath() {
        assertThatThrownBy(() -> JsonToAvro.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"COMPLETE","inputs":[{"dataset":{"namespace":"w"}}]}"""), RunEvent.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("inputs[0].dataset.name");
                    assertThat(e.getMessage()).isEqualTo("inputs[0].dataset.name is required");
                });
        assertThatThrownBy(() -> JsonToAvro.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"DONE"}"""), RunEvent.class)).hasMessageContaining("state must be one of [START");
        assertThatThrownBy(() -> JsonToAvro.read(json("""
                {"eventId":"e","eventTime":"yesterday","producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"START"}"""), RunEvent.class)).hasMessageContaining("eventTime must be epoch milliseconds");
        assertThatThrownBy(() -> JsonToAvro.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":42,"job":{"namespace":"n","name":"j"},
                 "state":"START"}"""), RunEvent.class)).hasMessage("runId must be a string");
        assertThatThrownBy(() -> JsonToAvro.read(json("""
                {"eventId":"e","eventTime":1,"producer":"p","runId":"r","job":{"namespace":"n","name":"j"},
                 "state":"START","colour":"red"}"""), RunEvent.class)).hasMessage("colour is not a field of RunEvent");
    }
}
