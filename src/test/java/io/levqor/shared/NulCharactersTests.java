package io.levqor.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NulCharactersTests {

    private static Optional<String> find(String body) {
        return NulCharacters.find(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesTheStringHoldingAnEscapedNulByJsonPointer() {
        assertThat(find("{\"a\":\"x\\u0000y\"}")).contains("/a");
        assertThat(find("{\"steps\":[{\"id\":\"ok\"},{\"id\":\"\\u0000\"}]}")).contains("/steps/1/id");
        assertThat(find("{\"a/b\":{\"c~d\":\"\\u0000\"}}")).contains("/a~1b/c~0d");
        assertThat(find("\"\\u0000\"")).contains("");
    }

    @Test
    void namesAMemberNameHoldingANul() {
        assertThat(find("{\"x\\u0000\":1}")).contains("/x\\u0000");
    }

    @Test
    void aRawNulByteIsTheWholeBody() {
        assertThat(find("{\"a\":\"x\0y\"}")).contains("");
        assertThat(NulCharacters.refused("").errors().getFirst().field()).isEqualTo("body");
    }

    @Test
    void findsNothingWhereThereIsNoNul() {
        assertThat(find("{\"a\":\"x\\\\u0000y\"}")).as("an escaped backslash").isEmpty();
        assertThat(find("{\"a\":\"\\u00001\"}".replace("\\u00001", "\\u0001"))).isEmpty();
        assertThat(find("not json \\u0000")).as("text keeps the six characters").isEmpty();
        assertThat(find("")).isEmpty();
    }
}
