package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.FieldError;
import io.levqor.workflow.internal.DefinitionParser;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DefinitionValidationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DefinitionParser parser =
            new DefinitionParser(FakeStepTypes.all(), Templates.withDefaults(), 100, null);

    private DefinitionParser.Result parse(String json) {
        return parser.parse(JSON.readValue(json.replace('\'', '"'), Object.class));
    }

    private List<String> errors(String json) {
        return parse(json).errors().stream()
                .map(e -> e.field() + ": " + e.message())
                .toList();
    }

    @Test
    void readsTheExampleOfTheApiDocument() {
        DefinitionParser.Result result = parser.parse(JSON.readValue("""
                {
                  "trigger": { "type": "webhook", "respond": "sync" },
                  "steps": [
                    { "id": "greet", "type": "transform",
                      "output": { "message": "{{ 'Hello ' & trigger.body.name }}" } },
                    { "id": "vipOnly", "type": "filter", "if": "{{ trigger.body.vip = true }}" },
                    { "id": "notify", "type": "http", "method": "POST",
                      "url": "https://hooks.example.com/in",
                      "headers": { "Content-Type": "application/json" },
                      "body": { "text": "{{ steps.greet.output.message }}" },
                      "timeout": "10s",
                      "retry": { "maxAttempts": 5, "backoff": "exponential", "initialDelay": "1s" } }
                  ],
                  "output": "{{ steps.greet.output }}"
                }
                """, Object.class));

        assertThat(result.errors()).isEmpty();
        Definition definition = result.definition();
        assertThat(definition.trigger().respondSync()).isTrue();
        assertThat(definition.steps()).extracting(StepDefinition::id).containsExactly("greet", "vipOnly", "notify");
        StepDefinition notify = definition.steps().get(2);
        assertThat(notify.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(notify.retry()).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(5)));
        assertThat(notify.fields()).containsOnlyKeys("method", "url", "headers", "body");
        assertThat(definition.steps().get(1).condition()).isEqualTo("{{ trigger.body.vip = true }}");
        assertThat(definition.steps().get(0).retry()).isEqualTo(RetryPolicy.defaults());
        assertThat(definition.output()).isEqualTo("{{ steps.greet.output }}");
        assertThat(definition.concurrency()).isNull();
    }

    @Test
    void namesEveryProblemAtOnceWithExactPointers() {
        List<String> errors = errors("""
                {
                  'trigger': { 'type': 'schedule', 'cron': '61 * * * *', 'timezone': 'Mars/Olympus' },
                  'steps': [
                    { 'id': 'a', 'type': 'transform', 'output': '{{ a.( }}' },
                    { 'id': 'a', 'type': 'nope' },
                    { 'id': 'c', 'type': 'http', 'url': 'ftp://example.com', 'method': 'FETCH' },
                    { 'id': 'd', 'type': 'transform', 'output': { 'x': '{{ steps.later.output }}' } },
                    { 'id': 'later', 'type': 'delay', 'duration': '1s', 'timeout': 'soon',
                      'retry': { 'maxAttempts': 0, 'initialDelay': '2d' } }
                  ],
                  'concurrency': 0,
                  'extra': true
                }
                """);

        assertThat(errors)
                .contains(
                        "/extra: is not a known member (expected one of [concurrency, dedupe, description, onFailure, output, steps, timeout, trigger])",
                        "/trigger/timezone: must be a known time zone like \"Europe/London\" or \"UTC\"",
                        "/steps/1/id: duplicates the id of an earlier step: 'a'",
                        "/steps/1/type: must be a known step type (delay, filter, forEach, http, parallel, switch, transform, wait, workflow)",
                        "/steps/2/url: must be an absolute http(s) URL",
                        "/steps/2/method: must be one of [GET, POST, PUT, PATCH, DELETE]",
                        "/steps/3/output/x: refers to step 'later', which is not an earlier step",
                        "/steps/4/retry/maxAttempts: must be an integer from 1 to 25",
                        "/steps/4/retry/initialDelay: must be between 0s and 1d",
                        "/concurrency: must be an integer from 1 to 10000 (or null)");
        assertThat(errors).anyMatch(e -> e.startsWith("/trigger/cron: is not a valid cron expression"));
        assertThat(errors).anyMatch(e -> e.startsWith("/steps/0/output: expression 'a.(' does not parse"));
        assertThat(errors).anyMatch(e -> e.startsWith("/steps/4/timeout: must be a duration like"));
        assertThat(errors).hasSize(13);
    }

    @Test
    void requiresTriggerAndSteps() {
        assertThat(errors("{}"))
                .containsExactly("/trigger: is required", "/steps: is required (a list of steps, possibly empty)");
        assertThat(errors("[]")).containsExactly("definition: must be an object with trigger and steps");
        assertThat(errors("{'trigger': {}, 'steps': {}}"))
                .containsExactly(
                        "/trigger/type: is required (manual, webhook or schedule)",
                        "/steps: must be an array of steps");
        assertThat(errors("{'trigger': {'type': 'email'}, 'steps': [1]}"))
                .containsExactly(
                        "/trigger/type: must be one of manual, webhook, schedule",
                        "/steps/0: must be an object with id and type");
    }

    @Test
    void checksTriggerMembers() {
        assertThat(errors("{'trigger': {'type': 'webhook', 'respond': 'later', 'secret': 'short', 'cron': '* * * * *'},"
                        + " 'steps': []}"))
                .containsExactly(
                        "/trigger/respond: must be \"async\" or \"sync\"",
                        "/trigger/secret: must be a string of 16 to 256 characters",
                        "/trigger/cron: is not a member of a webhook trigger");
        assertThat(errors("{'trigger': {'type': 'schedule'}, 'steps': []}"))
                .containsExactly("/trigger/cron: is required");
        assertThat(errors("{'trigger': {'type': 'schedule', 'cron': '0 9 * *'}, 'steps': []}"))
                .containsExactly(
                        "/trigger/cron: must have 5 fields (minute hour day-of-month month day-of-week), not 4");
    }

    @Test
    void readsAScheduleWithItsZone() {
        Definition definition = parse(
                        "{'trigger': {'type': 'schedule', 'cron': '0 9 * * MON-FRI', 'timezone': 'Europe/London'},"
                                + " 'steps': [], 'concurrency': 2}")
                .definition();
        assertThat(definition.trigger().cron()).isEqualTo("0 9 * * MON-FRI");
        assertThat(definition.trigger().zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(definition.concurrency()).isEqualTo(2);
        assertThat(parse("{'trigger': {'type': 'schedule', 'cron': '@daily'}, 'steps': []}")
                        .definition()
                        .trigger()
                        .zone())
                .isEqualTo(ZoneId.of("UTC").normalized());
    }

    @Test
    void checksStepIdsAndCommonMembers() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'type': 'filter'},
                  {'id': '1st', 'type': 'filter'},
                  {'id': 'x', 'type': 'filter', 'if': 'yes', 'credential': '', 'timeout': '2h'},
                  {'id': 'y', 'type': 'filter', 'retry': {'maxAttempts': 2, 'backoff': 'linear', 'jitter': true,
                                                          'initialDelay': '10s', 'maxDelay': '5s'}},
                  {'id': 'z', 'type': 'filter', 'retry': 3}
                ]}
                """))
                .containsExactly(
                        "/steps/0/id: is required",
                        "/steps/1/id: must be a name of letters, digits and '_' (not starting with a digit), at most 64 characters",
                        "/steps/2/if: must be true, false or a \"{{ … }}\" expression",
                        "/steps/2/timeout: must be more than 0s and at most 1h",
                        "/steps/2/credential: must be the name of a credential",
                        "/steps/3/retry/jitter: is not a member of retry (maxAttempts, backoff, initialDelay, maxDelay)",
                        "/steps/3/backoff: must be \"exponential\"".replace("/steps/3/", "/steps/3/retry/"),
                        "/steps/3/retry/maxDelay: must not be shorter than initialDelay",
                        "/steps/4/retry: must be an object like {\"maxAttempts\": 5, \"initialDelay\": \"1s\"}");
    }

    @Test
    void acceptsDurationsInShortAndIsoForms() {
        for (String duration : List.of("500ms", "10s", "5m", "1h", "PT1M30S", "pt10s")) {
            assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [{'id': 'a', 'type': 'filter', 'timeout': '"
                            + duration + "'}]}"))
                    .as(duration)
                    .isEmpty();
        }
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [{'id': 'a', 'type': 'filter', 'timeout': 10}]}"))
                .containsExactly("/steps/0/timeout: must be a duration like \"10s\", \"5m\" or \"PT1M30S\"");
    }

    @Test
    void checksStepFieldsAgainstTheStepTypeSchema() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'http', 'method': 'GET', 'headers': {'X-N': 5}, 'maxBytes': 0, 'tags': ['ok', 2],
                   'unknown': 1},
                  {'id': 'b', 'type': 'delay'},
                  {'id': 'c', 'type': 'filter', 'output': 1}
                ]}
                """))
                .containsExactly(
                        "/steps/0/url: is required",
                        "/steps/0/headers/X-N: must be a string",
                        "/steps/0/maxBytes: must be at least 1",
                        "/steps/0/tags/1: must be a string",
                        "/steps/0/unknown: is not a known field",
                        "/steps/1/duration: is required",
                        "/steps/2/output: is not a known field");
    }

    @Test
    void expressionsStandInForValuesOfAnyType() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'http', 'url': '{{ trigger.input.url }}', 'maxBytes': '{{ 10 * 10 }}',
                   'method': '{{ trigger.input.method }}', 'tags': '{{ trigger.input.tags }}'},
                  {'id': 'b', 'type': 'http', 'url': 'https://example.com/{{ steps.a.output.body.id }}'},
                  {'id': 'c', 'type': 'http', 'url': 'https://x.example', 'maxBytes': 'size {{ 1 }}'}
                ]}
                """)).containsExactly("/steps/2/maxBytes: must be an integer");
    }

    @Test
    void stepsMayOnlyReadEarlierSteps() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'transform', 'output': '{{ steps.a.output }}'},
                  {'id': 'b', 'type': 'transform', 'if': '{{ steps.c.output.ok }}',
                   'output': ['{{ steps.a.output & \\'steps.zzz\\' }}', '{{ steps.`a`.output }}']},
                  {'id': 'c', 'type': 'transform', 'output': '{{ steps.b.output }}'}
                ],
                'output': '{{ steps.c.output & steps.nope.output }}'}
                """))
                .containsExactly(
                        "/steps/0/output: refers to the output of its own step 'a'",
                        "/steps/1/if: refers to step 'c', which is not an earlier step",
                        "/output: refers to step 'nope', which is not an earlier step");
    }

    @Test
    void malformedTemplatesAreReported() {
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [{'id': 'a', 'type': 'transform', 'output':"
                        + " {'x': 'Hi {{ name', 'y': '{{ }}'}}]}"))
                .containsExactly(
                        "/steps/0/output/x: '{{' at character 3 is never closed by '}}'",
                        "/steps/0/output/y: '{{ }}' at character 0 holds no expression");
    }

    @Test
    void pointersEscapeSlashesAndTildes() {
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [{'id': 'a', 'type': 'transform', 'output':"
                        + " {'a/b~c': '{{ ( }}'}}]}"))
                .singleElement()
                .asString()
                .startsWith("/steps/0/output/a~1b~0c: ");
    }

    @Test
    void unknownCredentialsAreReportedWhenTheVaultIsAsked() {
        DefinitionParser withVault = new DefinitionParser(
                FakeStepTypes.all(), Templates.withDefaults(), 100, Set.of("slack-main")::contains);
        List<FieldError> errors =
                withVault.parse(JSON.readValue("""
                        {"trigger": {"type": "manual"}, "steps": [
                          {"id": "a", "type": "http", "url": "https://x.example", "credential": "slack-main"},
                          {"id": "b", "type": "http", "url": "https://x.example", "credential": "missing"}
                        ]}
                        """, Object.class)).errors();
        assertThat(errors)
                .containsExactly(
                        new FieldError("/steps/1/credential", "names no credential of this workspace: 'missing'"));
    }

    @Test
    void limitsTheNumberOfSteps() {
        DefinitionParser small = new DefinitionParser(FakeStepTypes.all(), Templates.withDefaults(), 2, null);
        assertThat(small.parse(JSON.readValue(
                                "{\"trigger\": {\"type\": \"manual\"}, \"steps\": [{}, {}, {}]}", Object.class))
                        .errors())
                .containsExactly(new FieldError("/steps", "must have at most 2 steps"));
    }
}
