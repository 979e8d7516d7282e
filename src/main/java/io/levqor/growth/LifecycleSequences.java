package io.levqor.growth;

import io.levqor.growth.internal.Lifecycle;
import io.levqor.growth.internal.LifecycleTemplates;
import io.levqor.growth.internal.LifecycleTemplates.Template;
import io.levqor.growth.jdbc.LifecycleRepository;
import io.levqor.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's view of lifecycle mail: each step's template (the shipped default or the operator's edit), a
 * preview rendered with sample values, edits (checked by rendering before they are stored), switching a step off,
 * going back to the default, and the latest sends.
 */
@Service
public class LifecycleSequences {

    /** A step's template as the console shows it. */
    public record StepTemplate(
            LifecycleStep step,
            String subject,
            String html,
            String text,
            boolean enabled,
            boolean edited,
            @Nullable Instant updatedAt) {}

    /** A rendered mail. */
    public record Preview(String subject, String html, String text) {}

    /** One person's mail of one step: {@code due}, {@code sent} or {@code skipped} (with why). */
    public record SendView(
            String email,
            String step,
            String state,
            @Nullable String reason,
            Instant dueAt,
            @Nullable Instant settledAt) {}

    /** The address previews are rendered for. */
    public static final String SAMPLE_EMAIL = "ada@example.com";

    private final LifecycleTemplates templates;
    private final LifecycleRepository repository;
    private final Lifecycle lifecycle;
    private final Clock clock;

    LifecycleSequences(LifecycleTemplates templates, LifecycleRepository repository, Lifecycle lifecycle, Clock clock) {
        this.templates = templates;
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    public List<StepTemplate> all() {
        return Arrays.stream(LifecycleStep.values()).map(this::get).toList();
    }

    public StepTemplate get(LifecycleStep step) {
        return view(templates.of(step));
    }

    public Preview preview(LifecycleStep step) {
        return preview(templates.of(step));
    }

    /** Renders unsaved text, as the editor's preview button does; invalid text is a 400 naming the part. */
    public Preview preview(LifecycleStep step, String subject, String html, String text) {
        Template draft = new Template(step, subject, html, text, true, true, null);
        templates.check(draft, lifecycle.variables(SAMPLE_EMAIL));
        return preview(draft);
    }

    /** Stores the operator's text and switch; refused (400 naming the part) when it does not render. */
    @Transactional
    public StepTemplate save(LifecycleStep step, String subject, String html, String text, boolean enabled, UserId by) {
        Template edited = new Template(step, subject.strip(), html, text, enabled, true, clock.instant());
        templates.check(edited, lifecycle.variables(SAMPLE_EMAIL));
        repository.saveTemplate(
                new LifecycleRepository.TemplateRow(step.key(), edited.subject(), html, text, enabled, clock.instant()),
                by.value());
        return get(step);
    }

    /** Switches a step on or off, keeping its text. */
    @Transactional
    public StepTemplate setEnabled(LifecycleStep step, boolean enabled, UserId by) {
        Template current = templates.of(step);
        repository.saveTemplate(
                new LifecycleRepository.TemplateRow(
                        step.key(), current.subject(), current.html(), current.text(), enabled, clock.instant()),
                by.value());
        return get(step);
    }

    /** Back to the shipped default (and on). */
    @Transactional
    public StepTemplate reset(LifecycleStep step) {
        repository.deleteTemplate(step.key());
        return get(step);
    }

    public List<SendView> recent(int limit) {
        return repository.recent(Math.max(1, Math.min(limit, 500))).stream()
                .map(row ->
                        new SendView(row.email(), row.step(), row.state(), row.reason(), row.dueAt(), row.settledAt()))
                .toList();
    }

    private Preview preview(Template template) {
        LifecycleTemplates.Rendered rendered = templates.render(template, lifecycle.variables(SAMPLE_EMAIL));
        return new Preview(rendered.subject(), rendered.html(), rendered.text());
    }

    private static StepTemplate view(Template t) {
        return new StepTemplate(t.step(), t.subject(), t.html(), t.text(), t.enabled(), t.edited(), t.updatedAt());
    }
}
