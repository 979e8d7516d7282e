package io.levqor.console.workflows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** The starting points offered by "New workflow": a blank definition and a few common shapes. */
final class WorkflowTemplates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One template: the text goes into the editor as it is, so users see a formatted, commented-by-example file. What
     * it cannot guess (a credential, an address, a URL) it asks for first: each {@link Need} is written into the text
     * where {@code %key%} stands, instead of a placeholder that would run against nobody's account.
     */
    record Template(String id, String name, String description, String definition, List<Need> needs) {

        Template(String id, String name, String description, String definition) {
            this(id, name, description, definition, List.of());
        }

        /** The definition with every need written in (as JSON string content), or empty while one is missing. */
        Optional<String> fill(Map<String, String> answers) {
            String text = definition;
            for (Need need : needs) {
                String answer = answers.getOrDefault(need.key(), "").strip();
                if (answer.isEmpty()) {
                    return Optional.empty();
                }
                String quoted = JSON.writeValueAsString(answer);
                text = text.replace("%" + need.key() + "%", quoted.substring(1, quoted.length() - 1));
            }
            return Optional.of(text);
        }

        /** The answers given so far, by need, for the form that asks for the rest. */
        Map<String, String> answered(Map<String, String> params) {
            Map<String, String> given = new LinkedHashMap<>();
            needs.forEach(n -> given.put(
                    n.key(), params.getOrDefault("need." + n.key(), "").strip()));
            return given;
        }
    }

    /**
     * Something a template asks for before it is made: {@code credentialType} set means "pick a credential of that type"
     * (by name), else a text input of {@code input} type.
     */
    record Need(String key, String label, String hint, String input, String credentialType) {

        static Need credential(String key, String label, String type) {
            return new Need(key, label, "A " + type + " credential of this workspace.", "select", type);
        }

        static Need text(String key, String label, String input, String hint) {
            return new Need(key, label, hint, input, "");
        }

        public boolean isCredential() {
            return !credentialType.isEmpty();
        }
    }

    static final List<Template> ALL = List.of(
            new Template("blank", "Blank", "A manual trigger and one transform step.", """
                    {
                      "trigger": { "type": "manual" },
                      "steps": [
                        { "id": "first", "type": "transform",
                          "output": { "received": "{{ trigger.input }}" } }
                      ]
                    }
                    """),
            new Template(
                    "webhook-hello", "Webhook → reply", "Answers a webhook with a greeting built from its body.", """
                    {
                      "trigger": { "type": "webhook", "respond": "sync" },
                      "steps": [
                        { "id": "greet", "type": "transform",
                          "output": { "message": "{{ 'Hello ' & trigger.body.name }}" } }
                      ],
                      "output": "{{ steps.greet.output }}"
                    }
                    """),
            new Template(
                    "webhook-slack",
                    "Webhook → Slack",
                    "Posts every webhook call to a Slack channel.",
                    """
                    {
                      "trigger": { "type": "webhook", "respond": "async" },
                      "steps": [
                        { "id": "format", "type": "transform",
                          "output": { "text": "{{ 'New event: ' & $string(trigger.body) }}" } },
                        { "id": "notify", "type": "slack",
                          "credential": "%slackCredential%",
                          "text": "{{ steps.format.output.text }}" }
                      ]
                    }
                    """,
                    List.of(Need.credential("slackCredential", "Slack credential", "slack"))),
            new Template(
                    "schedule-http-email",
                    "Schedule → HTTP → e-mail",
                    "Every weekday morning, fetches a URL and mails the answer.",
                    """
                    {
                      "trigger": { "type": "schedule", "cron": "0 9 * * MON-FRI", "timezone": "Europe/London" },
                      "steps": [
                        { "id": "fetch", "type": "http", "method": "GET",
                          "url": "%reportUrl%",
                          "timeout": "10s",
                          "retry": { "maxAttempts": 3, "backoff": "exponential", "initialDelay": "1s" } },
                        { "id": "mail", "type": "email",
                          "to": "%recipient%",
                          "subject": "Morning report",
                          "text": "{{ $string(steps.fetch.output.body) }}" }
                      ]
                    }
                    """,
                    List.of(
                            Need.text("reportUrl", "URL to fetch", "url", "The address the report comes from."),
                            Need.text("recipient", "Send it to", "email", "The e-mail address the report goes to."))),
            new Template(
                    "webhook-llm",
                    "Webhook → LLM → respond",
                    "Asks a language model about the webhook's body and answers the caller with its reply.",
                    """
                    {
                      "trigger": { "type": "webhook", "respond": "sync" },
                      "steps": [
                        { "id": "ask", "type": "llm",
                          "model": "gpt-4o-mini",
                          "system": "You answer in one short paragraph.",
                          "prompt": "{{ trigger.body.question }}" }
                      ],
                      "output": "{{ steps.ask.output }}"
                    }
                    """));

    static Optional<Template> find(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private WorkflowTemplates() {}
}
