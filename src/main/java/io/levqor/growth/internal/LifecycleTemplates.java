package io.levqor.growth.internal;

import io.levqor.growth.LifecycleStep;
import io.levqor.growth.jdbc.LifecycleRepository;
import io.levqor.growth.jdbc.LifecycleRepository.TemplateRow;
import io.levqor.shared.FieldError;
import io.levqor.shared.ValidationFailed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * The lifecycle templates: the operator's edit when there is one ({@code growth_lifecycle_template}), else the
 * default shipped in {@code growth/lifecycle/<step>.html} and {@code .txt}. Rendered with Thymeleaf from the stored
 * text; an edit that does not render is refused when saved, not when the mail is due.
 */
@Component
public class LifecycleTemplates {

    /** A template's text and whether it is on. */
    public record Template(
            LifecycleStep step,
            String subject,
            String html,
            String text,
            boolean enabled,
            boolean edited,
            @Nullable Instant updatedAt) {}

    /** A rendered mail. */
    public record Rendered(String subject, String html, String text) {}

    private final LifecycleRepository repository;
    private final TemplateEngine html = engine(TemplateMode.HTML);
    private final TemplateEngine text = engine(TemplateMode.TEXT);

    LifecycleTemplates(LifecycleRepository repository) {
        this.repository = repository;
    }

    public Template of(LifecycleStep step) {
        Optional<TemplateRow> row = repository.template(step.key());
        return row.map(r -> new Template(step, r.subject(), r.html(), r.text(), r.enabled(), true, r.updatedAt()))
                .orElseGet(() -> byDefault(step));
    }

    public Template byDefault(LifecycleStep step) {
        return new Template(
                step,
                step.defaultSubject(),
                resource("growth/lifecycle/" + step.key() + ".html"),
                resource("growth/lifecycle/" + step.key() + ".txt"),
                true,
                false,
                null);
    }

    public Rendered render(Template template, Map<String, Object> variables) {
        Context context = new Context(Locale.ENGLISH, variables);
        return new Rendered(
                text.process(template.subject(), context).strip(),
                html.process(template.html(), context),
                text.process(template.text(), context));
    }

    /** Renders each part with sample values; every part that fails is named. */
    public void check(Template template, Map<String, Object> sample) {
        Context context = new Context(Locale.ENGLISH, sample);
        List<FieldError> errors = new ArrayList<>();
        tryRender(text, template.subject(), context, "subject", errors);
        tryRender(html, template.html(), context, "html", errors);
        tryRender(text, template.text(), context, "text", errors);
        if (template.subject().isBlank() || template.subject().length() > 200) {
            errors.add(new FieldError("subject", "must be 1 to 200 characters"));
        }
        if (template.html().length() > 100_000 || template.text().length() > 50_000) {
            errors.add(new FieldError("html", "the HTML may be 100,000 and the text 50,000 characters at most"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
    }

    private static void tryRender(
            TemplateEngine engine, String source, Context context, String field, List<FieldError> errors) {
        try {
            engine.process(source, context);
        } catch (RuntimeException e) {
            // Thymeleaf's message names the line and column; it holds no secret. Any failure is the text's fault
            // (a parse error, an expression that does not evaluate): a 400, never a 500.
            errors.add(new FieldError(field, "does not render: " + e.getMessage()));
        }
    }

    private static TemplateEngine engine(TemplateMode mode) {
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(mode);
        // Each edit is new text: caching by text would only grow.
        resolver.setCacheable(false);
        // SpEL, as the console's views (plain Thymeleaf would want OGNL, which is not on the class path).
        TemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    private static String resource(String path) {
        try (InputStream in = LifecycleTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing lifecycle template " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
