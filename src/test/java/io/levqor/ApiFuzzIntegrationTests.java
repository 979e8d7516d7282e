package io.levqor;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class ApiFuzzIntegrationTests {

    @Autowired
    HttpApi api;

    @Test
    void dump() throws Exception {
        Files.writeString(Path.of("target/api-docs.json"), api.get("/v3/api-docs").send().body());
    }
}
