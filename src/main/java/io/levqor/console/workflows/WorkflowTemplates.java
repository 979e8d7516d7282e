package io.levqor.console.workflows;

import java.util.List;
import java.util.Optional;

/** The starting points offered by "New workflow": a blank definition and a few common shapes. */
final class WorkflowTemplates {

    /** One template: the text goes into the editor as it is, so users see a formatted, commented-by-example file. */
    record Template(String id, String name, String description, String definition) {}

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
                      "trigger": { "type": "webhook", "respond": "async" },
                      "steps": [
                        { "id": "greet", "type": "transform",
                          "output": { "message": "{{ 'Hello ' & trigger.body.name }}" } }
                      ],
                      "output": "{{ steps.greet.output }}"
                    }
                    """),
            new Template("webhook-slack", "Webhook → Slack", "Posts every webhook call to a Slack channel.", """
                    {
                      "trigger": { "type": "webhook", "respond": "async" },
                      "steps": [
                        { "id": "format", "type": "transform",
                          "output": { "text": "{{ 'New event: ' & $string(trigger.body) }}" } },
                        { "id": "notify", "type": "slack",
                          "webhookUrl": "https://hooks.slack.com/services/T000/B000/XXXX",
                          "text": "{{ steps.format.output.text }}" }
                      ]
                    }
                    """),
            new Template(
                    "schedule-http-email",
                    "Schedule → HTTP → e-mail",
                    "Every weekday morning, fetches a URL and mails the answer.",
                    """
                    {
                      "trigger": { "type": "schedule", "cron": "0 9 * * MON-FRI", "timezone": "Europe/London" },
                      "steps": [
                        { "id": "fetch", "type": "http", "method": "GET",
                          "url": "https://api.example.com/report",
                          "timeout": "10s",
                          "retry": { "maxAttempts": 3, "backoff": "exponential", "initialDelay": "1s" } },
                        { "id": "mail", "type": "email",
                          "to": "team@example.com",
                          "subject": "Morning report",
                          "text": "{{ $string(steps.fetch.output.body) }}" }
                      ]
                    }
                    """),
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
