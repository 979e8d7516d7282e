package io.levqor.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The caller's IP address and user agent, when the current thread serves an HTTP request. */
public record RequestInfo(@Nullable String ip, @Nullable String userAgent) {

    public static RequestInfo current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return of(attributes.getRequest());
        }
        return new RequestInfo(null, null);
    }

    public static RequestInfo of(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > 400) {
            agent = agent.substring(0, 400);
        }
        return new RequestInfo(request.getRemoteAddr(), agent);
    }

    public String ipOrUnknown() {
        return ip == null ? "unknown" : ip;
    }
}
