package io.levqor.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTests {

    @Test
    void headersKeepTheirOrderAndTheOldFactoriesHaveNone() {
        assertThat(Message.of("a@example.test", "Hi", "Body").headers()).isEmpty();
        Message message = Message.of("a@example.test", "Hi", "Body")
                .withHeader("List-Unsubscribe", "<https://x.test/u/1>")
                .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .withCategory("tips");
        assertThat(message.headers().keySet()).containsExactly("List-Unsubscribe", "List-Unsubscribe-Post");
        assertThat(message.category()).isEqualTo("tips");
    }

    @Test
    void aLineBreakInAValueOrABadOrReservedNameIsRefused() {
        Message base = Message.of("a@example.test", "Hi", "Body");
        assertThatIllegalArgumentException().isThrownBy(() -> base.withHeader("X-Test", "a\r\nBcc: evil@example.test"));
        assertThatIllegalArgumentException().isThrownBy(() -> base.withHeader("X-Test", "a\nb"));
        assertThatIllegalArgumentException().isThrownBy(() -> base.withHeader("X Test: y", "a"));
        assertThatIllegalArgumentException().isThrownBy(() -> base.withHeader("Bcc", "evil@example.test"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Message("a@example.test", "Hi", "Body", null, null, Map.of("To", "x")));
    }
}
