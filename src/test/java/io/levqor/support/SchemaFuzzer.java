package io.levqor.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A property-based fuzzer driven by an OpenAPI document, in the manner of Schemathesis: for each operation it
 * generates requests from the document's parameter and body schemas, valid ones and {@link Mutation mutated} ones
 * (wrong types, missing required members, huge strings, NUL characters, odd query strings, unknown path ids), and
 * checks each answer against the document: the status must be listed for the operation and the body must validate
 * against that response's schema. Ids seen in answers are reused in later paths, so valid requests reach real
 * resources. Everything random comes from one seeded {@link Random}: a seed replays the same run.
 */
public final class SchemaFuzzer {

    /** One operation of the document. */
    public record Operation(
            String method,
            String path,
            List<JsonNode> parameters,
            @Nullable JsonNode body,
            JsonNode responses) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What to do to a request generated from the schemas. */
    public enum Mutation {
        VALID,
        WRONG_TYPE,
        MISSING_REQUIRED,
        HUGE_STRING,
        NUL_ESCAPE,
        RAW_NUL,
        ODD_QUERY,
        UNKNOWN_ID
    }

    /** A generated request: the path with its query string, headers and the body's bytes (null for none). */
    public record Request(
            Operation operation, Mutation mutation, String uri, Map<String, String> headers, byte @Nullable [] body) {

        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8).replace("\0", "\\0");
            String where = uri.length() > 300 ? uri.substring(0, 300) + "…" : uri;
            return mutation + " " + operation.method() + " " + where + " "
                    + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD_QUERIES = {
        "=x",
        "=",
        "==",
        "&=x&",
        "a=1&&=2",
        "limit=%00",
        "%00=1",
        "cursor=%E2%82",
        "limit=%FF",
        "cursor=x%00y",
        "limit=" + "9".repeat(40),
        "limit=-1",
        "status=%F0%9F%92%A9",
        "+=+",
        "a=%25%32%35",
        // Refused by Tomcat itself, before any filter: its error valve must answer problem+json too.
        "a[]=1"
    };
    private static final String[] ODD_IDS = {
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        "-1",
        "99999999999999999999",
        "%20",
        "x".repeat(600),
        "%F0%9F%92%A9",
        "%E2%82"
    };

    private final JsonNode document;
    private final Random random;
    private final Map<String, Supplier<JsonNode>> examples;
    private final Set<String> protectedIds;
    private final Map<String, List<String>> ids = new HashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> validators = new HashMap<>();

    /**
     * @param examples values for members of these names, used in valid requests half of the time (a workflow
     *     definition that parses, an e-mail address), so valid requests get past the first check
     * @param protectedIds ids never put in a path: the fuzzing account's own workspace and user, which a fuzzed
     *     delete or ownership transfer would otherwise take away from every later request
     */
    public SchemaFuzzer(
            JsonNode document, long seed, Map<String, Supplier<JsonNode>> examples, Set<String> protectedIds) {
        this.document = document;
        this.random = new Random(seed);
        this.examples = examples;
        this.protectedIds = protectedIds;
    }

    /** Every operation in the document, in the document's order. */
    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                String method = entry.getKey().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                JsonNode op = entry.getValue();
                List<JsonNode> parameters = new ArrayList<>();
                op.path("parameters").forEach(p -> parameters.add(resolve(p)));
                JsonNode body = resolve(op.path("requestBody"))
                        .path("content")
                        .path("application/json")
                        .get("schema");
                operations.add(new Operation(method, path.getKey(), parameters, body, op.path("responses")));
            }
        }
        return operations;
    }

    /** The next request for {@code operation}: valid about a third of the time, else one random mutation. */
    public Request next(Operation operation) {
        Mutation[] all = Mutation.values();
        Mutation mutation = random.nextInt(3) == 0 ? Mutation.VALID : all[1 + random.nextInt(all.length - 1)];
        return next(operation, mutation);
    }

    /** The next request for {@code operation} with this mutation. */
    public Request next(Operation operation, Mutation mutation) {
        String path = operation.path();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asString();
            JsonNode schema = parameter.path("schema");
            switch (parameter.path("in").asString()) {
                case "path" -> path = path.replace("{" + name + "}", pathValue(operation, name, schema, mutation));
                case "query" -> {
                    if (parameter.path("required").asBoolean(false) || random.nextBoolean()) {
                        String value = text(mutate(generate(schema, 0), mutation));
                        // Short enough for a request line under Tomcat's 8 KB limit (a route has at most six
                        // parameters), so the request reaches the handlers rather than the container's 400.
                        query.put(name, value.length() > 1_000 ? value.substring(0, 1_000) : value);
                    }
                }
                case "header" -> {
                    if (parameter.path("required").asBoolean(false) || random.nextInt(3) == 0) {
                        headers.put(name, headerValue(generate(schema, 0)));
                    }
                }
                default -> {}
            }
        }
        StringBuilder uri = new StringBuilder(path);
        String separator = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(separator)
                    .append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        if (mutation == Mutation.ODD_QUERY) {
            uri.append(separator).append(ODD_QUERIES[random.nextInt(ODD_QUERIES.length)]);
        }
        byte[] body = null;
        if (operation.body() != null || operation.path().startsWith("/hooks/")) {
            JsonNode value = operation.body() == null ? anyJson(0) : generate(operation.body(), 0);
            value = mutate(value, mutation);
            String text = JSON.writeValueAsString(value);
            if (mutation == Mutation.RAW_NUL) {
                text = text.contains("\\u0000") ? text.replace("\\u0000", "\0") : text + "\0";
            }
            body = text.getBytes(StandardCharsets.UTF_8);
            headers.put("Content-Type", "application/json");
        }
        return new Request(operation, mutation, uri.toString(), headers, body);
    }

    /** Remembers ids (and webhook tokens) from an answer, for the paths of later requests. */
    public void learn(Operation operation, int status, String body) {
        if (status < 200 || status >= 300 || body.isEmpty()) {
            return;
        }
        try {
            harvest(collectionOf(operation.path()), JSON.readTree(body), 0);
        } catch (JacksonException notJson) {
            // nothing to learn
        }
    }

    /**
     * What is wrong with this answer by the document, or empty when it conforms: a status the operation does not
     * list, a media type it does not list, or a body that fails the response's schema.
     */
    public Optional<String> violation(Operation operation, int status, @Nullable String contentType, String body) {
        JsonNode response = operation.responses().get(String.valueOf(status));
        if (response == null) {
            response = operation.responses().get("default");
        }
        if (response == null) {
            return Optional.of("status " + status + " is not documented (documented: "
                    + String.join(", ", operation.responses().propertyNames()) + ")");
        }
        response = resolve(response);
        JsonNode content = response.path("content");
        if (body.isEmpty() || content.isMissingNode() || content.isEmpty()) {
            return Optional.empty();
        }
        String type =
                contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode media = content.get(type);
        if (media == null) {
            media = content.get("*/*");
        }
        if (media == null) {
            return Optional.of("content type " + type + " is not documented for " + status + " (documented: "
                    + String.join(", ", content.propertyNames()) + ")");
        }
        JsonNode schema = media.get("schema");
        if (schema == null || !type.contains("json")) {
            return Optional.empty();
        }
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (JacksonException e) {
            return Optional.of("the body is not JSON: " + e.getOriginalMessage());
        }
        List<Error> errors =
                validator(operation + " " + status + " " + type, schema).validate(value);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the body does not match the " + status + " schema: "
                + errors.stream().limit(3).map(Error::toString).collect(Collectors.joining("; ")));
    }

    private Schema validator(String key, JsonNode schema) {
        return validators.computeIfAbsent(key, k -> {
            // The response schema plus the document's components, so that "#/components/schemas/…" resolves.
            ObjectNode root = schema.deepCopy() instanceof ObjectNode copy ? copy : NODES.objectNode();
            root.set("components", document.path("components"));
            return registry.getSchema(SchemaLocation.of("urn:levqor:openapi:" + Math.abs(k.hashCode())), root);
        });
    }

    private String pathValue(Operation operation, String name, JsonNode schema, Mutation mutation) {
        if (mutation == Mutation.UNKNOWN_ID) {
            return random.nextBoolean() ? UUID.randomUUID().toString() : ODD_IDS[random.nextInt(ODD_IDS.length)];
        }
        JsonNode resolved = resolve(schema);
        if (isType(resolved, "integer")) {
            return String.valueOf(random.nextInt(4));
        }
        String prefix = operation.path().substring(0, operation.path().indexOf("/{" + name + "}"));
        List<String> known = new ArrayList<>(ids.getOrDefault(collectionOf(prefix), List.of()));
        if (known.isEmpty()) {
            known.addAll(ids.getOrDefault(name, List.of()));
        }
        known.removeAll(protectedIds);
        if (known.isEmpty() || random.nextInt(5) == 0) {
            return UUID.randomUUID().toString();
        }
        return URLEncoder.encode(known.get(random.nextInt(known.size())), StandardCharsets.UTF_8);
    }

    private void harvest(String collection, JsonNode node, int depth) {
        if (depth > 4) {
            return;
        }
        if (node.isArray()) {
            node.forEach(item -> harvest(collection, item, depth + 1));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            JsonNode value = member.getValue();
            String name = member.getKey();
            if (value.isString()) {
                String text = value.asString();
                switch (name) {
                    case "id" -> remember(collection, text);
                    case "runId" -> remember("/api/v1/runs", text);
                    case "workflowId" -> remember("/api/v1/workflows", text);
                    case "userId" -> remember("/api/v1/members", text);
                    case "webhookUrl" -> remember("/hooks", text.substring(text.lastIndexOf('/') + 1));
                    default -> {
                        if (name.endsWith("Id")) {
                            remember(name, text);
                        }
                    }
                }
            } else {
                harvest(collection, value, depth + 1);
            }
        }
    }

    private void remember(String key, String id) {
        List<String> known = ids.computeIfAbsent(key, k -> new ArrayList<>());
        if (!known.contains(id)) {
            known.add(id);
        }
    }

    /** The collection an operation's path belongs to: the path up to its first variable. */
    private static String collectionOf(String path) {
        int variable = path.indexOf("/{");
        return variable < 0 ? path : path.substring(0, variable);
    }

    private JsonNode mutate(JsonNode value, Mutation mutation) {
        return switch (mutation) {
            case WRONG_TYPE -> replaceOne(value, wrongType(value));
            case MISSING_REQUIRED -> dropOne(value);
            case HUGE_STRING -> replaceOne(value, NODES.stringNode("x".repeat(20_000 + random.nextInt(200_000))));
            case NUL_ESCAPE, RAW_NUL -> replaceOne(value, NODES.stringNode("x\0y"));
            default -> value;
        };
    }

    /** The value with one member (or item, or itself) replaced, at a random depth. */
    private JsonNode replaceOne(JsonNode value, JsonNode replacement) {
        if (value instanceof ObjectNode object && !object.isEmpty() && random.nextInt(4) != 0) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            JsonNode child = object.get(name);
            object.set(
                    name, child.isContainer() && random.nextBoolean() ? replaceOne(child, replacement) : replacement);
            if (replacement.isString() && random.nextInt(4) == 0) {
                // a NUL or a huge string in a member name, too
                String text = replacement.asString();
                object.put(text.substring(0, Math.min(30, text.length())), "v");
            }
            return object;
        }
        if (value instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), replacement);
            return array;
        }
        return replacement;
    }

    private JsonNode dropOne(JsonNode value) {
        if (value instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>(object.propertyNames());
            object.remove(names.get(random.nextInt(names.size())));
            return object;
        }
        return random.nextBoolean() ? NODES.nullNode() : NODES.objectNode();
    }

    private JsonNode wrongType(JsonNode value) {
        return switch (random.nextInt(5)) {
            case 0 -> value.isNumber() ? NODES.stringNode("12x") : NODES.numberNode(random.nextInt());
            case 1 -> value.isBoolean() ? NODES.stringNode("yes") : NODES.booleanNode(true);
            case 2 -> NODES.arrayNode().add(1).add("a");
            case 3 ->
                value.isObject() ? NODES.stringNode("{}") : NODES.objectNode().put("a", 1);
            default -> NODES.nullNode();
        };
    }

    /** A value valid by {@code schema} (as far as the fuzzer reads schemas: types, formats, enums, bounds). */
    private JsonNode generate(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (s.has("enum")) {
            return s.get("enum").get(random.nextInt(s.get("enum").size())).deepCopy();
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (s.has(combinator) && !s.get(combinator).isEmpty()) {
                return generate(
                        s.get(combinator).get(random.nextInt(s.get(combinator).size())), depth);
            }
        }
        if (isType(s, "object") || s.has("properties")) {
            ObjectNode object = NODES.objectNode();
            Set<String> required = new java.util.HashSet<>();
            s.path("required").forEach(r -> required.add(r.asString()));
            for (Map.Entry<String, JsonNode> property : s.path("properties").properties()) {
                String name = property.getKey();
                if (!required.contains(name) && random.nextInt(10) < 3) {
                    continue;
                }
                Supplier<JsonNode> example = examples.get(name);
                object.set(
                        name,
                        example != null && random.nextBoolean()
                                ? example.get()
                                : generate(property.getValue(), depth + 1));
            }
            if (s.path("additionalProperties").isObject() && depth < 3 && random.nextBoolean()) {
                object.set(word(), generate(s.get("additionalProperties"), depth + 1));
            }
            return object;
        }
        if (isType(s, "array")) {
            ArrayNode array = NODES.arrayNode();
            int n = depth > 3 ? 0 : random.nextInt(3);
            for (int i = 0; i < n; i++) {
                array.add(generate(s.path("items"), depth + 1));
            }
            return array;
        }
        if (isType(s, "string")) {
            return NODES.stringNode(string(s));
        }
        if (isType(s, "integer")) {
            long min = s.has("minimum") ? s.get("minimum").asLong() : -10;
            long max = s.has("maximum") ? s.get("maximum").asLong() : 1000;
            return NODES.numberNode(min + (long) (random.nextDouble() * (max - min + 1)));
        }
        if (isType(s, "number")) {
            return NODES.numberNode(random.nextDouble() * 1000);
        }
        if (isType(s, "boolean")) {
            return NODES.booleanNode(random.nextBoolean());
        }
        return anyJson(depth);
    }

    private JsonNode anyJson(int depth) {
        return switch (depth > 2 ? random.nextInt(4) : random.nextInt(6)) {
            case 0 -> NODES.stringNode(word());
            case 1 -> NODES.numberNode(random.nextInt(100));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(anyJson(depth + 1));
            default -> NODES.objectNode().set(word(), anyJson(depth + 1));
        };
    }

    private String string(JsonNode s) {
        String format = s.path("format").asString("");
        return switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" ->
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000))
                        .toString();
            case "email" -> "fuzz-" + word() + "@example.test";
            case "uri" -> "https://example.com/" + word();
            default -> {
                int min = s.path("minLength").asInt(0);
                int max = s.has("maxLength") ? s.get("maxLength").asInt() : Math.max(min, 16);
                String text = word();
                while (text.length() < min) {
                    text += word();
                }
                yield text.length() > max ? text.substring(0, max) : text;
            }
        };
    }

    private String word() {
        String[] pieces = {"a", "zz", "Levqor", "é", "日本", "💩", " ", "-", "_", "0", "42", "'", "\"", "<b>", "{{ 1 }}"};
        StringBuilder word = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            word.append(pieces[random.nextInt(pieces.length)]);
        }
        return word.toString();
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : JSON.writeValueAsString(value);
    }

    /** Headers carry visible ASCII only (the HTTP client refuses the rest), so other characters are dropped. */
    private static String headerValue(JsonNode value) {
        String text = text(value).replaceAll("[^\\x21-\\x7e]", "");
        return text.isEmpty() ? "h" : text;
    }

    private static boolean isType(JsonNode schema, String type) {
        JsonNode declared = schema.get("type");
        if (declared == null) {
            return schema.has("types") && containsText(schema.get("types"), type);
        }
        return declared.isArray() ? containsText(declared, type) : type.equals(declared.asString());
    }

    private static boolean containsText(JsonNode array, String text) {
        for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
            if (text.equals(it.next().asString())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#")) {
                break;
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }
}
