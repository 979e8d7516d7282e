package io.levqor.console.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
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

    ConsoleFrame forRequest(HttpServletRequest request) {
        return ConsoleFrame.anonymous();
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
