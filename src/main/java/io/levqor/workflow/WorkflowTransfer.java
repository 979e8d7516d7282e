package io.levqor.workflow;

import io.levqor.shared.FieldError;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Import and export: a workflow as a portable JSON document (its name, description, definition and the names and
 * types of the credentials it needs — never their data), and a new, inactive workflow made from one.
 */
@Service
public class WorkflowTransfer {

    /** The {@code format} member every document carries. */
    public static final String FORMAT = "levqor-workflow";

    /** The newest {@code formatVersion} this version of Levqor writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private final Workflows workflows;
    private final Credentials credentials;
    private final Clock clock;

    WorkflowTransfer(Workflows workflows, Credentials credentials, Clock clock) {
        this.workflows = workflows;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** A credential a workflow needs: its name, and its type when known. */
    public record NeededCredential(String name, @Nullable String type) {}

    /** The exported document. */
    public record Document(
            String format,
            int formatVersion,
            String name,
            @Nullable String description,
            Object definition,
            List<NeededCredential> credentials,
            Instant exportedAt) {}

    /** A credential the import needs, and whether the workspace has one of that name (and type). */
    public record CredentialMapping(String name, @Nullable String type, boolean found) {}

    /** What an import made. */
    public record Imported(UUID workflowId, String name, boolean active, List<CredentialMapping> credentials) {}

    /** The workflow's current version as a document. */
    public Document export(WorkspaceId workspace, WorkflowId id) {
        WorkflowView workflow = workflows.get(workspace, id);
        Object definition = withoutTriggerSecret(workflow.definition());
        Map<String, String> types = new LinkedHashMap<>();
        credentials.list(workspace).forEach(credential -> types.put(credential.name(), credential.type()));
        List<NeededCredential> needed = new ArrayList<>();
        for (String name : credentialNames(definition, new ArrayList<>())) {
            needed.add(new NeededCredential(name, types.get(name)));
        }
        String description =
                definition instanceof Map<?, ?> map && map.get("description") instanceof String text ? text : null;
        return new Document(FORMAT, FORMAT_VERSION, workflow.name(), description, definition, needed, clock.instant());
    }

    /**
     * Creates an inactive workflow from a document, checked as a save is except that its credentials need not exist;
     * a {@link ValidationFailed} names what is wrong ({@code formatVersion} newer than {@link #FORMAT_VERSION}, …).
     */
    @Transactional
    public Imported importDocument(
            WorkspaceId workspace, @Nullable UserId user, @Nullable Map<String, @Nullable Object> document) {
        if (document == null) {
            throw ValidationFailed.of("format", "is required: \"" + FORMAT + "\"");
        }
        List<FieldError> errors = new ArrayList<>();
        if (!FORMAT.equals(document.get("format"))) {
            errors.add(new FieldError("format", "must be \"" + FORMAT + "\" (a document from GET …/export)"));
        }
        Object version = document.get("formatVersion");
        if (!(version instanceof Integer || version instanceof Long) || ((Number) version).longValue() < 1) {
            errors.add(new FieldError("formatVersion", "must be a whole number from 1"));
        } else if (((Number) version).longValue() > FORMAT_VERSION) {
            errors.add(new FieldError(
                    "formatVersion",
                    "the document is of format version " + version + ", from a newer Levqor; this one reads up to "
                            + FORMAT_VERSION));
        }
        if (!(document.get("name") instanceof String)) {
            errors.add(new FieldError("name", "must be a string"));
        }
        if (!(document.get("definition") instanceof Map<?, ?>)) {
            errors.add(new FieldError("definition", "must be an object"));
        }
        Map<String, @Nullable String> listed = listed(document.get("credentials"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        Object definition = document.get("definition");
        WorkflowView created = workflows.createImported(workspace, user, (String) document.get("name"), definition);
        Map<String, @Nullable String> needed = new LinkedHashMap<>();
        for (String name : credentialNames(definition, new ArrayList<>())) {
            needed.put(name, listed.get(name));
        }
        Map<String, String> types = new LinkedHashMap<>();
        credentials.list(workspace).forEach(credential -> types.put(credential.name(), credential.type()));
        List<CredentialMapping> mappings = new ArrayList<>();
        needed.forEach((name, type) -> {
            String have = types.get(name);
            mappings.add(new CredentialMapping(name, type, have != null && (type == null || type.equals(have))));
        });
        return new Imported(created.id().value(), created.name(), false, mappings);
    }

    /** The definition without its webhook trigger's signing {@code secret}: an export carries no secret. */
    private static @Nullable Object withoutTriggerSecret(@Nullable Object definition) {
        if (!(definition instanceof Map<?, ?> root) || !(root.get("trigger") instanceof Map<?, ?> trigger)) {
            return definition;
        }
        if (!trigger.containsKey("secret")) {
            return definition;
        }
        Map<Object, Object> strippedTrigger = new LinkedHashMap<>(trigger);
        strippedTrigger.remove("secret");
        Map<Object, Object> copy = new LinkedHashMap<>(root);
        copy.put("trigger", strippedTrigger);
        return copy;
    }

    /** The document's {@code credentials}: name → type (null when not given). */
    private static Map<String, @Nullable String> listed(@Nullable Object value, List<FieldError> errors) {
        Map<String, @Nullable String> listed = new LinkedHashMap<>();
        if (value == null) {
            return listed;
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError("credentials", "must be an array of {name, type}"));
            return listed;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> entry && entry.get("name") instanceof String name) {
                listed.put(name, entry.get("type") instanceof String type ? type : null);
            } else {
                errors.add(new FieldError("credentials[" + i + "]", "must be {name, type}"));
            }
        }
        return listed;
    }

    /**
     * The credential names a definition's steps use, in order, once each: every object in the tree with an {@code id},
     * a {@code type} and a string {@code credential} is a step (nested switches, loops and later shapes included).
     */
    private static List<String> credentialNames(@Nullable Object node, List<String> names) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("id") instanceof String
                    && map.get("type") instanceof String
                    && map.get("credential") instanceof String name
                    && !names.contains(name)) {
                names.add(name);
            }
            map.values().forEach(value -> credentialNames(value, names));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> credentialNames(item, names));
        }
        return names;
    }
}
