package dev.pedigree.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentHashTest {

    private static final String VALID = "sha256:" + "9f2c".repeat(16);

    @Test
    void acceptsPrefixAnd64LowercaseHexDigits() {
        assertThat(ContentHash.isValid(VALID)).isTrue();
        assertThat(ContentHash.require(VALID, "contentHash")).isEqualTo(VALID);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "", "sha256:", "9f2c9f2c", "SHA256:9f2c", "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C9F2C",
        "sha256:9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2",
        "sha256:9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c0",
        "sha256:9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2g",
        " sha256:9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c"
    })
    void refusesAnythingElseNamingTheField(String value) {
        assertThat(ContentHash.isValid(value)).isFalse();
        assertThatThrownBy(() -> ContentHash.require(value, "outputs[1].contentHash"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("outputs[1].contentHash must be 'sha256:'");
    }

    @Test
    void formatsADigest() {
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xab;
        digest[31] = 0x01;
        assertThat(ContentHash.of(digest))
                .isEqualTo("sha256:ab" + "00".repeat(30) + "01")
                .satisfies(hash -> assertThat(ContentHash.isValid(hash)).isTrue());
    }

    @Test
    void refusesADigestOfTheWrongLength() {
        assertThatThrownBy(() -> ContentHash.of(new byte[20])).hasMessageContaining("32 bytes, got 20");
    }

    @Test
    void shortensHugeValuesInTheError() {
        String huge = "x".repeat(1_000_000);
        assertThatThrownBy(() -> ContentHash.require(huge, "contentHash"))
                .hasMessageContaining("(1000000 characters)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }
}
