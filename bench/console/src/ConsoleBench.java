package io.levqor.bench.console;

import io.levqor.Levqor;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Console II page speed: starts Levqor in this JVM on a fresh embedded PostgreSQL, signs up, writes 100,000 finished
 * runs with one set-based INSERT, runs one workflow whose forEach has 1,000 items through the engine, logs into the
 * console and times the editor, the run list and the loop run's page (median and worst of N requests after 5 warm-up
 * ones, time to the whole body over loopback), and weighs each page's scripts (the bytes of every script it loads).
 */
public final class ConsoleBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SCRIPT = Pattern.compile("<script[^>]*\\ssrc=\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        long runs = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 100_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path data = Files.createTempDirectory("levqor-bench-console");
        var app = new SpringApplicationBuilder(Levqor.class)
                .run(List.of(
                                "--server.port=0",
                                "--levqor.data-dir=" + data,
                                "--levqor.billing.enabled=false",
                                "--logging.level.root=WARN",
                                "--logging.level.io.levqor=WARN")
                        .toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String base = "http://localhost:" + port;
            HttpClient http = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            String email = "bench-" + System.nanoTime() + "@example.com";
            String password = "bench password 123";
            JsonNode signedUp = post(
                    http,
                    base + "/api/v1/auth/signup",
                    null,
                    Map.of("email", email, "password", password, "name", "Bench"));
            String token = signedUp.get("accessToken").asString();
            String workspace = signedUp.get("workspaceId").asString();
            JsonNode greeter = post(
                    http,
                    base + "/api/v1/workflows",
                    token,
                    Map.of(
                            "name",
                            "Bench greeter",
                            "definition",
                            Map.of(
                                    "trigger", Map.of("type", "webhook"),
                                    "steps",
                                            List.of(Map.of(
                                                    "id",
                                                    "greet",
                                                    "type",
                                                    "transform",
                                                    "output",
                                                    Map.of("message", "{{ 'Hello ' & trigger.body.name }}"))))));
            String greeterId = greeter.get("id").asString();
            JsonNode loop = post(
                    http,
                    base + "/api/v1/workflows",
                    token,
                    Map.of(
                            "name",
                            "Bench loop",
                            "definition",
                            Map.of(
                                    "trigger", Map.of("type", "manual"),
                                    "steps",
                                            List.of(Map.of(
                                                    "id",
                                                    "each",
                                                    "type",
                                                    "forEach",
                                                    "items",
                                                    "{{ [1..1000] }}",
                                                    "concurrency",
                                                    10,
                                                    "steps",
                                                    List.of(Map.of(
                                                            "id",
                                                            "double",
                                                            "type",
                                                            "transform",
                                                            "output",
                                                            "{{ item * 2 }}")))))));
            String loopRun = post(
                            http,
                            base + "/api/v1/workflows/" + loop.get("id").asString() + "/runs",
                            token,
                            Map.of("input", Map.of()))
                    .get("runId")
                    .asString();

            var jdbc = JdbcClient.create(app.getBean(DataSource.class));
            long start = System.nanoTime();
            // Finished webhook runs of the greeter, one a second back in time, every tenth failed.
            jdbc.sql("""
                    INSERT INTO run (tenant_id, id, workflow_id, version, status, trigger_type, trigger, step_index,
                                     outputs, output, error, created_at, started_at, finished_at)
                    SELECT :tenant::uuid, gen_random_uuid(), :workflow::uuid, 1,
                           CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' END, 'webhook',
                           jsonb_build_object('body', jsonb_build_object('name', 'Ada ' || i), 'headers', '{}'::jsonb,
                                              'query', '{}'::jsonb),
                           1, jsonb_build_object('greet', jsonb_build_object('message', 'Hello Ada ' || i)),
                           jsonb_build_object('message', 'Hello Ada ' || i),
                           CASE WHEN i % 10 = 0 THEN 'step greet: bench failure' END,
                           now() - i * interval '1 second', now() - i * interval '1 second',
                           now() - i * interval '1 second' + interval '20 milliseconds'
                      FROM generate_series(1, :runs) AS i
                    """)
                    .param("tenant", workspace)
                    .param("workflow", greeterId)
                    .param("runs", runs)
                    .update();
            jdbc.sql("VACUUM ANALYZE run").update();
            say("runs: " + runs + " written in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            long deadline = System.nanoTime() + 300_000_000_000L;
            String status = "";
            while (System.nanoTime() < deadline) {
                status = get(http, base + "/api/v1/runs/" + loopRun, token).get("status").asString();
                if (!"queued".equals(status) && !"running".equals(status)) {
                    break;
                }
                Thread.sleep(200);
            }
            say("loop run: " + status);

            String login = text(http, base + "/login");
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
            if (!csrf.find()) {
                throw new IllegalStateException("no CSRF token on /login");
            }
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf.group(1)) + "&email="
                                    + enc(email) + "&password=" + enc(password)))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());

            Map<String, String> pages = new java.util.LinkedHashMap<>();
            pages.put("editor", "/console/workflows/" + greeterId);
            pages.put("new workflow", "/console/workflows/new?template=blank");
            pages.put("run list (" + runs + " runs)", "/console/runs");
            pages.put("failed runs", "/console/runs?status=failed");
            pages.put("run list, text search", "/console/runs?q=Ada%2042");
            pages.put("run detail (1,000-item loop)", "/console/runs/" + loopRun);
            pages.put("billing", "/console/billing");
            say(String.format("%-34s %10s %10s %14s", "page", "median ms", "worst ms", "script bytes"));
            for (var page : pages.entrySet()) {
                String url = base + page.getValue();
                for (int i = 0; i < 5; i++) {
                    text(http, url);
                }
                List<Double> times = new ArrayList<>();
                String body = "";
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    body = text(http, url);
                    times.add((System.nanoTime() - t0) / 1e6);
                }
                times.sort(Double::compare);
                long scripts = 0;
                Set<String> sources = new LinkedHashSet<>();
                Matcher m = SCRIPT.matcher(body);
                while (m.find()) {
                    sources.add(m.group(1));
                }
                for (String src : sources) {
                    scripts += http.send(
                                    HttpRequest.newBuilder(URI.create(base + src)).build(),
                                    HttpResponse.BodyHandlers.ofByteArray())
                            .body()
                            .length;
                }
                say(String.format(
                        "%-34s %10.1f %10.1f %14d",
                        page.getKey(),
                        times.get((times.size() - 1) / 2),
                        times.getLast(),
                        scripts));
            }
            say("requests per page: " + requests + "; cores: " + Runtime.getRuntime().availableProcessors()
                    + "; java: " + System.getProperty("java.version"));
        } finally {
            app.close();
        }
    }

    private static JsonNode post(HttpClient http, String url, String token, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode get(HttpClient http, String url, String token) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String text(HttpClient http, String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("SystemOut")
    private static void say(String line) {
        System.out.println(line);
    }
}
