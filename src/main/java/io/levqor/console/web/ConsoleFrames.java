package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Builds the frame for a request: navigation with the current section marked, and the signed-in user. */
@Component
class ConsoleFrames {

    private static final List<String[]> SECTIONS = List.of(
            new String[] {"Workflows", "/console/workflows"},
            new String[] {"Runs", "/console/runs"},
            new String[] {"Credentials", "/console/credentials"},
            new String[] {"API keys", "/console/api-keys"},
            new String[] {"Members", "/console/members"},
            new String[] {"Audit log", "/console/audit"},
            new String[] {"Billing", "/console/billing"});

    private final ConsoleSession session;
    private final boolean devMailbox;

    ConsoleFrames(ConsoleSession session, @Value("${levqor.mail.smtp.host:}") String smtpHost) {
        this.session = session;
        this.devMailbox = smtpHost.isBlank();
    }

    ConsoleFrame forRequest(HttpServletRequest request) {
        return session.signed()
                .map(signed -> new ConsoleFrame(
                        true,
                        signed.user().email(),
                        signed.workspaces().stream()
                                .map(ws -> new ConsoleFrame.WorkspaceChoice(
                                        ws.id().value().toString(),
                                        ws.name(),
                                        ws.role().apiName(),
                                        ws.id().equals(signed.workspace().id())))
                                .toList(),
                        navigation(request.getRequestURI()),
                        Permissions.of(signed.role()),
                        devMailbox))
                .orElseGet(() -> ConsoleFrame.anonymous(devMailbox));
    }

    static List<ConsoleFrame.NavItem> navigation(String requestPath) {
        List<ConsoleFrame.NavItem> items = new ArrayList<>();
        for (String[] section : SECTIONS) {
            boolean current = requestPath.equals(section[1]) || requestPath.startsWith(section[1] + "/");
            items.add(new ConsoleFrame.NavItem(section[0], section[1], current));
        }
        return items;
    }
}
