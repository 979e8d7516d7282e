package io.levqor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Levqor: self-hostable workflow automation with the SaaS business built in. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Levqor {

    public static void main(String[] args) {
        SpringApplication.run(Levqor.class, args);
    }
}
