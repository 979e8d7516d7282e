package io.levqor;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.IsolationFixture;
import io.levqor.support.IsolationFixture.Target;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every workspace-scoped endpoint with a path variable, called with workspace B's owner on workspace A's ids, answers
 * 404 and changes none of A's rows. Endpoints are found in Spring MVC's handler mappings, so new ones join by
 * themselves; modules say which of their resources to aim at through {@link IsolationFixture}s.
 */
@LevqorIntegrationTest
class TenantIsolationIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(TenantIsolationIntegrationTests.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    List<IsolationFixture> fixtures;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void anotherWorkspacesCredentialsFindNothingAndChangeNothing() {
        Account a = accounts.signUp();
        Map<String, Target> targets = new HashMap<>();
        fixtures.forEach(fixture -> targets.putAll(fixture.create(a, accounts)));
        Account b = accounts.signUp();
        Map<String, List<String>> before = rowsOf(a.workspaceId());

        List<String> probed = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping :
                mappings.getHandlerMethods().entrySet()) {
            for (String template : mapping.getKey().getPatternValues()) {
                if (!isWorkspaceScoped(template)) {
                    continue;
                }
                Target target = targets.get(template);
                if (target == null) {
                    log.warn("No IsolationFixture names {}: probing it with ids that exist nowhere", template);
                    target = new Target(nowhere(template, mapping.getValue()), Map.of());
                }
                for (RequestMethod method : methodsOf(mapping.getKey())) {
                    Response response = call(method, target, b.accessToken());
                    probed.add(method + " " + template);
                    softly.assertThat(response.status())
                            .as("%s %s with another workspace's token: %s", method, template, response.body())
                            .isEqualTo(404);
                }
            }
        }
        softly.assertAll();

        assertThat(probed).contains("DELETE /api/v1/api-keys/{id}", "PATCH /api/v1/members/{userId}");
        assertThat(rowsOf(a.workspaceId())).isEqualTo(before);
    }

    /** The template with ids that exist nowhere, of the types the handler's path variables take. */
    private static String nowhere(String template, HandlerMethod handler) {
        Map<String, Class<?>> types = new HashMap<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
            if (variable != null) {
                String name = !variable.value().isEmpty() ? variable.value() : parameter.getParameterName();
                types.put(name, parameter.getParameterType());
            }
        }
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name =
                    matcher.group().substring(1, matcher.group().length() - 1).split(":")[0];
            Class<?> type = types.getOrDefault(name, String.class);
            boolean numeric = Number.class.isAssignableFrom(type) || type == int.class || type == long.class;
            matcher.appendReplacement(
                    path, numeric ? "987654321" : UUID.randomUUID().toString());
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static boolean isWorkspaceScoped(String template) {
        return template.startsWith("/api/")
                && template.contains("{")
                && !template.startsWith("/api/v1/admin/")
                && !template.startsWith("/api/v1/test/");
    }

    private static List<RequestMethod> methodsOf(RequestMappingInfo info) {
        var methods = info.getMethodsCondition().getMethods();
        return methods.isEmpty() ? List.of(RequestMethod.GET) : List.copyOf(methods);
    }

    private Response call(RequestMethod method, Target target, String token) {
        Object body = target.body() == null ? Map.of() : target.body();
        HttpApi.Call call = switch (method) {
            case GET -> api.get(target.path());
            case DELETE -> api.delete(target.path());
            case POST -> api.post(target.path(), body);
            case PUT -> api.put(target.path(), body);
            case PATCH -> api.patch(target.path(), body);
            default -> api.get(target.path());
        };
        return call.bearer(token).send();
    }

    /** Every row of every table with a tenant_id column that belongs to the workspace, as JSON text. */
    private static Map<String, List<String>> rowsOf(String workspaceId) {
        JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
        List<String> tables = jdbc.sql("""
                        SELECT quote_ident(table_name) FROM information_schema.columns
                         WHERE table_schema = 'public' AND column_name = 'tenant_id'
                        """).query(String.class).list();
        Map<String, List<String>> rows = new TreeMap<>();
        for (String table : tables) {
            rows.put(
                    table,
                    jdbc.sql("SELECT to_jsonb(t)::text FROM " + table + " t WHERE tenant_id = :id ORDER BY 1")
                            .param("id", UUID.fromString(workspaceId))
                            .query(String.class)
                            .list());
        }
        rows.put(
                "workspace",
                jdbc.sql("SELECT to_jsonb(w)::text FROM workspace w WHERE id = :id")
                        .param("id", UUID.fromString(workspaceId))
                        .query(String.class)
                        .list());
        return rows;
    }
}
