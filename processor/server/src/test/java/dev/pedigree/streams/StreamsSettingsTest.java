package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.config.PedigreeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static final String GLOBAL_FETCH_WAIT = StreamsConfig.globalConsumerPrefix(
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

    @Test
    void theGlobalConsumerWaitsBrieflyAtAPartitionsEndAndTheMainConsumersAndProducersBatch() {
        StreamsConfig streams = new StreamsConfig(StreamsSettings.of(PedigreeConfig.load(null, Map.of()),
                "127.0.0.1:9092", Path.of("state")));
        Map<String, Object> global = streams.getGlobalConsumerConfigs("client");
        assertThat(global.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(50);
        Map<String, Object> main = streams.getMainConsumerConfigs("group", "client", 0);
        assertThat(main.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(10);
        assertThat(main.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).isEqualTo(16 * 1024);
        assertThat(streams.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(64 * 1024);
    }

    @Test
    void aUsersKafkaSettingWins() {
        Properties props = StreamsSettings.of(PedigreeConfig.load(null,
                Map.of("PEDIGREE_KAFKA_GLOBAL_CONSUMER_FETCH_MAX_WAIT_MS", "500")), "127.0.0.1:9092",
                Path.of("state"));
        Map<String, Object> global = new StreamsConfig(props).getGlobalConsumerConfigs("client");
        assertThat(global.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG).toString()).isEqualTo("500");
    }
}
