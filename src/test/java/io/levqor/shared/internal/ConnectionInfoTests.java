package io.levqor.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionInfoTests {

    @Test
    void rewritesTheLibpqFormWithCredentialsPortAndParameters() {
        var info = ConnectionInfo.parse("postgresql://levqor:s%40cret@db.internal:6432/levqor?sslmode=require");

        assertThat(info.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/levqor?sslmode=require");
        assertThat(info.username()).isEqualTo("levqor");
        assertThat(info.password()).isEqualTo("s@cret");
    }

    @Test
    void defaultsThePortAndDatabase() {
        var info = ConnectionInfo.parse("postgres://me@localhost");

        assertThat(info.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
        assertThat(info.username()).isEqualTo("me");
        assertThat(info.password()).isNull();
    }

    @Test
    void takesJdbcUrlsAsTheyAre() {
        var info = ConnectionInfo.parse("jdbc:postgresql://h:5433/d?user=u&password=p");

        assertThat(info.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/d?user=u&password=p");
        assertThat(info.username()).isNull();
    }

    @Test
    void refusesOtherSchemesWithoutEchoingThePassword() {
        assertThatThrownBy(() -> ConnectionInfo.parse("mysql://root:hunter2@h/db"))
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void redactsPasswordsInBothForms() {
        assertThat(ConnectionInfo.redact("postgresql://u:hunter2@h/db")).isEqualTo("postgresql://u:***@h/db");
        assertThat(ConnectionInfo.redact("jdbc:postgresql://h/db?user=u&password=hunter2"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***");
    }
}
